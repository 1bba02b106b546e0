import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { withFailureReport } from '@internal/plugin-platform-node';
import { catalogInfoUrl } from './catalogInfoUrl';
import { examples } from './createUnregisterCatalogAction.examples';

/**
 * Creates `platform:catalog:unregister`: removes the catalog location of a
 * repository's catalog file, and with it the entities it brought in, for
 * the clean-up after a failed step. Give it what platform:catalog:register
 * output and run it only when that step's `created` is true, so a location
 * an earlier task registered stays. A location already gone is fine.
 *
 * With `onFailure: report`, a failure is output as `failed: true` and
 * `error` instead, so the clean-up steps after it still run.
 *
 * @public
 */
export function createUnregisterCatalogAction(
  options: Parameters<typeof createAction>[0],
) {
  return withFailureReport(createAction(options));
}

function createAction(options: { config: Config; catalog: CatalogService }) {
  const { catalog } = options;
  const integrations = ScmIntegrations.fromConfig(options.config);

  return createTemplateAction({
    id: 'platform:catalog:unregister',
    description:
      'Removes the catalog location of a catalog file (and the entities it brought in), for clean-up; run it only when platform:catalog:register created it.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoUrl: z =>
          z
            .string({
              description:
                "The catalog file (platform:catalog:register's catalogInfoUrl).",
            })
            .optional(),
        repoContentsUrl: z =>
          z
            .string({
              description:
                "The repository's contents URL, instead of catalogInfoUrl.",
            })
            .optional(),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'The catalog file, relative to repoContentsUrl; /catalog-info.yaml by default.',
            })
            .optional(),
      },
      output: {
        action: z =>
          z.enum(['removed', 'absent'], {
            description:
              'What was (in a dry run: would be) done: removed, or absent (not registered).',
          }),
      },
    },
    async handler(ctx) {
      const url = catalogInfoUrl(ctx.input, integrations);
      const credentials = await ctx.getInitiatorCredentials();
      const location = await catalog.getLocationByRef(`url:${url}`, {
        credentials,
      });
      if (!location) {
        ctx.logger.info(`${url} is not registered: nothing to remove`);
        ctx.output('action', 'absent');
        return;
      }
      if (!ctx.isDryRun) {
        await ctx.checkpoint({
          key: `unregister.location.${location.id}`,
          fn: async () => {
            await catalog.removeLocationById(location.id, { credentials });
          },
        });
      }
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}${url}: location ${
          location.id
        } removed`,
      );
      ctx.output('action', 'removed');
    },
  });
}
