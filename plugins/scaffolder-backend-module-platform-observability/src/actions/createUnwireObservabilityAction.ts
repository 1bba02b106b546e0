import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LABELS,
  PORTAL_NAME,
  formatViolations,
  namespaceFor,
  readPlatformConfig,
  resolveEnvironments,
  validateKnownEnvironment,
} from '@internal/plugin-platform-common';
import {
  dashboardUid,
  type Manifest,
  type PlatformClusters,
  withFailureReport,
} from '@internal/plugin-platform-node';
import { GrafanaDashboards } from '../grafana/GrafanaDashboards';
import { prometheusRuleName } from '../slo';
import { readObservabilitySettings } from '../settings';
import { examples } from './createUnwireObservabilityAction.examples';

/** The objects `platform:observability:wire` applies, by identity only. */
function wiredObjects(service: string, namespace: string): Manifest[] {
  const id = (apiVersion: string, kind: string, name: string): Manifest => ({
    apiVersion,
    kind,
    metadata: { name, namespace },
  });
  return [
    id('monitoring.coreos.com/v1', 'ServiceMonitor', service),
    id(
      'monitoring.coreos.com/v1',
      'PrometheusRule',
      prometheusRuleName(service),
    ),
    id('v1', 'ConfigMap', `${service}-dashboard`),
  ];
}

/**
 * Creates `platform:observability:unwire`: removes what `wire` applied in
 * each chosen environment, and the Grafana dashboard when dashboards go
 * through the API. Only objects the portal manages for this service are
 * deleted; anything else under the same name is refused with a conflict.
 * Given `objects` (wire's `created` output), it deletes only those, for the
 * clean-up of a failed task that must not remove what it found.
 *
 * With `onFailure: report`, a failure is output as `failed: true` and
 * `error` instead, so the clean-up steps after it still run.
 *
 * @public
 */
export function createUnwireObservabilityAction(
  options: Parameters<typeof createAction>[0],
) {
  return withFailureReport(createAction(options));
}

function createAction(options: {
  config: Config;
  clusters: PlatformClusters;
  auditor: AuditorService;
  logger: LoggerService;
}) {
  const { clusters, auditor } = options;
  const platform = readPlatformConfig(options.config);
  const settings = readObservabilitySettings(options.config);
  const grafana = settings.grafana && new GrafanaDashboards(settings.grafana);

  return createTemplateAction({
    id: 'platform:observability:unwire',
    description:
      "Removes a service's ServiceMonitor, SLO rules and dashboard from each chosen environment; only what the portal created for it.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'The service name.' }),
        environments: z =>
          z.array(z.string(), {
            description:
              'Environment names from platform.environments, or preview-<suffix> for a preview namespace.',
          }),
        objects: z =>
          z
            .array(z.string(), {
              description:
                "Only these, as <environment>: <kind>/<name> (platform:observability:wire's created output); everything the portal wired for the service by default.",
            })
            .optional(),
      },
      output: {
        deleted: z =>
          z.array(z.string(), {
            description:
              'What was deleted (or would be, in a dry run), as <environment>: <kind>/<name>.',
          }),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const violations = input.environments.flatMap(
        (environment, index) =>
          validateKnownEnvironment(
            platform,
            `environments[${index}]`,
            environment,
            { allowPreviews: true },
          ) ?? [],
      );
      if (violations.length) {
        throw new InputError(formatViolations(violations));
      }
      const dryRun = Boolean(ctx.isDryRun);
      const deleted: string[] = [];
      for (const environment of resolveEnvironments(
        platform,
        input.environments,
      )) {
        const namespace = namespaceFor(environment, input.name);
        // Everything is checked before anything is deleted: an object of
        // someone else's stops the environment's unwire with nothing gone.
        const unwire = async () => {
          const applier = await clusters.applier(environment.cluster);
          const only = input.objects && new Set(input.objects);
          const removals: { key: string; remove: () => Promise<unknown> }[] =
            [];
          const conflicts: string[] = [];
          for (const object of wiredObjects(input.name, namespace)) {
            const key = `${environment.name}: ${object.kind}/${object.metadata.name}`;
            if (only && !only.has(key)) continue;
            const live = await applier.read(object);
            if (!live) continue;
            const labels = live.metadata?.labels ?? {};
            if (
              labels[LABELS.managedBy] !== PORTAL_NAME ||
              labels[LABELS.name] !== input.name
            ) {
              conflicts.push(
                `${object.kind} ${namespace}/${object.metadata.name} on cluster ${environment.cluster} was not created by the portal for ${input.name}; not deleting it`,
              );
              continue;
            }
            removals.push({ key, remove: () => applier.delete(object) });
          }
          const uid = dashboardUid({
            service: input.name,
            environment: environment.name,
          });
          const dashboardKey = `${environment.name}: GrafanaDashboard/${uid}`;
          if (grafana && (!only || only.has(dashboardKey))) {
            const tags = await grafana.tags(uid);
            if (tags && !tags.includes(PORTAL_NAME)) {
              conflicts.push(
                `Grafana dashboard ${uid} was not created by the portal; not deleting it`,
              );
            } else if (tags) {
              removals.push({
                key: dashboardKey,
                remove: () => grafana.delete(uid),
              });
            }
          }
          if (conflicts.length > 0) {
            throw new ConflictError(conflicts.join('; '));
          }
          const gone: string[] = [];
          for (const { key, remove } of removals) {
            if (!dryRun) await remove();
            gone.push(key);
          }
          return gone;
        };
        if (dryRun) {
          deleted.push(...(await unwire()));
          continue;
        }
        const audit = await auditor.createEvent({
          eventId: 'observability-unwire',
          severityLevel: 'medium',
          meta: {
            taskId: ctx.task.id,
            initiator: ctx.user?.ref ?? null,
            service: input.name,
            cluster: environment.cluster,
            namespace,
          },
        });
        try {
          const gone = await ctx.checkpoint({
            key: `unwire.observability.${environment.cluster}.${namespace}`,
            fn: unwire,
          });
          deleted.push(...gone);
          await audit.success({ meta: { deleted: gone } });
          logger.info(
            `${environment.name}: ${
              gone.length ? gone.join(', ') : 'nothing to delete'
            }`,
          );
        } catch (error) {
          await audit.fail({ error: error as Error });
          throw error;
        }
      }
      ctx.output('deleted', deleted);
    },
  });
}
