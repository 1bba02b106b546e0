import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CATALOG_ANNOTATIONS,
  PORTAL_NAME,
  formatViolations,
} from '@internal/plugin-platform-common';
import { readFile, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { validateSlo, type Slo } from '../slo';
import { examples } from './createAnnotateCatalogAction.examples';

/** The annotations that link a service's page to its dashboards, alerts and SLO. */
export function observabilityAnnotations(
  service: string,
  slo: Slo,
): Record<string, string> {
  return {
    // The dashboards `wire` builds carry both tags.
    [CATALOG_ANNOTATIONS.grafanaDashboardSelector]: `tags @> '${service}' && tags @> '${PORTAL_NAME}'`,
    [CATALOG_ANNOTATIONS.grafanaAlertLabelSelector]: `service=${service}`,
    [CATALOG_ANNOTATIONS.slo]: JSON.stringify(slo),
  };
}

/**
 * Creates `platform:observability:catalog:annotate`: writes the Grafana
 * selectors and the SLO into the rendered `catalog-info.yaml` in the
 * workspace, between `fetch:template` and the step that pushes the
 * repository. Comments and the rest of the file are kept.
 *
 * @public
 */
export function createAnnotateCatalogAction() {
  return createTemplateAction({
    id: 'platform:observability:catalog:annotate',
    description:
      "Writes the annotations that link a service's catalog page to its Grafana dashboards, alerts and SLO into catalog-info.yaml in the workspace.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'The service name.' }),
        slo: z =>
          z.record(z.unknown(), {
            description:
              'The SLO inputs given to platform:observability:wire, checked the same way.',
          }),
        path: z =>
          z
            .string({
              description:
                'The catalog file in the workspace; catalog-info.yaml by default.',
            })
            .optional(),
      },
      output: {
        annotations: z =>
          z.record(z.string(), { description: 'The annotations written.' }),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const checked = validateSlo(input.slo as any);
      if (checked.violations.length) {
        throw new InputError(
          formatViolations(
            checked.violations.map(v => ({ ...v, field: `slo.${v.field}` })),
          ),
        );
      }
      const file = resolveSafeChildPath(
        ctx.workspacePath,
        input.path ?? 'catalog-info.yaml',
      );
      const document = parseDocument(await readFile(file, 'utf8'));
      if (document.errors.length) {
        throw new InputError(
          `${input.path ?? 'catalog-info.yaml'} is not valid YAML: ${
            document.errors[0].message
          }`,
        );
      }
      const annotations = observabilityAnnotations(input.name, checked.slo!);
      for (const [key, value] of Object.entries(annotations)) {
        document.setIn(['metadata', 'annotations', key], value);
      }
      await writeFile(file, document.toString());
      ctx.output('annotations', annotations);
    },
  });
}
