import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  formatViolations,
  namespaceFor,
  readPlatformConfig,
  resolveEnvironments,
  validateEntityRef,
  validateKnownEnvironment,
  validateServiceName,
  type Violation,
} from '@internal/plugin-platform-common';
import {
  dashboardUid,
  type AppliedObject,
  type PlatformClusters,
  withFailureReport,
} from '@internal/plugin-platform-node';
import { buildDashboard } from '../dashboard';
import { GrafanaDashboards } from '../grafana/GrafanaDashboards';
import { observabilityObjects } from '../manifests/observabilityObjects';
import { ALERT_NAMES, validateSlo, type SloTarget } from '../slo';
import { buildPrometheusRule } from '../slo/prometheusRule';
import { dashboardUrl, readObservabilitySettings } from '../settings';
import { examples } from './createWireObservabilityAction.examples';

/** One environment's failure, reported after every environment had its turn. */
interface Failure {
  environment: string;
  error: Error;
}

/**
 * Creates `platform:observability:wire`: in the service's namespace of each
 * chosen environment, a ServiceMonitor, a PrometheusRule with the SLOs'
 * recording rules and burn-rate alerts, and a dashboard (a ConfigMap for
 * Grafana's sidecar, or through Grafana's API when configured). Re-running
 * converges with no writes; a dry run writes nothing. With `onFailure:
 * report` a failure is reported in the outputs instead, with the objects
 * this run created before it.
 *
 * @public
 */
export function createWireObservabilityAction(
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
    id: 'platform:observability:wire',
    description:
      "Wires a service's observability in each chosen environment: a ServiceMonitor, a PrometheusRule with SLO recording rules and multiwindow burn-rate alerts, and a Grafana dashboard. Converges on re-run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'The service name.' }),
        owner: z =>
          z.string({
            description:
              "The owning group, e.g. group:default/payments-team: its name is the alerts' team label.",
          }),
        environments: z =>
          z.array(z.string(), {
            description:
              'Environment names from platform.environments, or preview-<suffix> for a preview namespace.',
          }),
        slo: z =>
          z.object(
            {
              availability: z.union([z.string(), z.number()], {
                description:
                  'Percent of requests that must not fail (5xx), in (0, 100), e.g. 99.9.',
              }),
              latencyObjective: z.union([z.string(), z.number()], {
                description:
                  'Percent of requests faster than latencyThresholdMs, in (0, 100), e.g. 95.',
              }),
              latencyThresholdMs: z.number({
                description:
                  'The latency bound in ms: a bucket boundary of the histogram in platform-common.',
              }),
              period: z.string({
                description: 'The SLO period: 7d, 28d or 30d.',
              }),
              severities: z
                .array(z.string(), {
                  description:
                    'Alerts to emit: page, ticket or both (the default).',
                })
                .optional(),
            },
            { description: "The service's SLOs." },
          ),
      },
      output: {
        dashboardUrls: z =>
          z.array(z.string(), {
            description:
              'The dashboard link of each environment, in order; empty when no Grafana URL is configured (platform.observability.dashboardBaseUrl or grafana.url).',
          }),
        alertNames: z =>
          z.array(z.string(), {
            description: 'The names of the alerts the rules define.',
          }),
        ruleGroups: z =>
          z.array(z.string(), {
            description: 'The rule groups, over every environment.',
          }),
        created: z =>
          z.array(z.string(), {
            description:
              'What this run created (in a dry run: would create), not what it found, as <environment>: <kind>/<name>; also when it failed later, with onFailure: report. platform:observability:unwire takes it as objects.',
          }),
        environments: z =>
          z.array(z.record(z.unknown()), {
            description:
              'Per environment: cluster, namespace, dashboard URL and every object with what was done to it.',
          }),
        manifests: z =>
          z
            .array(z.record(z.unknown()), {
              description: 'In a dry run: every object as it would be applied.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const violations: Violation[] = [
        ...validateServiceName(input.name, platform),
      ];
      const ownerRef = validateEntityRef(input.owner, 'group', 'owner');
      if ('violation' in ownerRef) violations.push(ownerRef.violation);
      input.environments.forEach((environment, index) => {
        const unknown = validateKnownEnvironment(
          platform,
          `environments[${index}]`,
          environment,
          { allowPreviews: true },
        );
        if (unknown) violations.push(unknown);
      });
      const checked = validateSlo(input.slo);
      violations.push(
        ...checked.violations.map(v => ({ ...v, field: `slo.${v.field}` })),
      );
      if (violations.length > 0 || !checked.slo || !('ref' in ownerRef)) {
        throw new InputError(formatViolations(violations));
      }
      const slo = checked.slo;
      const dryRun = Boolean(ctx.isDryRun);
      const chosen = resolveEnvironments(platform, input.environments);
      if (!settings.grafana && !settings.dashboardBaseUrl) {
        logger.warn(
          'No Grafana URL is configured (platform.observability.dashboardBaseUrl or platform.observability.grafana.url): dashboards are delivered, but no dashboard link goes into the outputs or the alerts',
        );
      }

      const done: JsonObject[] = [];
      const manifests: JsonObject[] = [];
      const ruleGroups: string[] = [];
      const failures: Failure[] = [];
      const created = new Set<string>();

      for (const environment of chosen) {
        const namespace = namespaceFor(environment, input.name);
        const onApplied = (applied: {
          kind: string;
          name: string;
          action: string;
        }) => {
          if (applied.action === 'created') {
            created.add(`${environment.name}: ${applied.kind}/${applied.name}`);
          }
        };
        const uid = dashboardUid({
          service: input.name,
          environment: environment.name,
        });
        const target: SloTarget = {
          service: input.name,
          team: ownerRef.ref.name,
          environment: environment.name,
          namespace,
          runbookUrl: settings.runbookUrl.replace(/\{service\}/g, input.name),
          dashboardUrl: dashboardUrl(settings, uid),
        };
        const dashboard = buildDashboard(target, slo);
        ruleGroups.push(
          ...buildPrometheusRule(slo, target).spec.groups.map(g => g.name),
        );

        const wire = async () => {
          const applier = await clusters.applier(environment.cluster);
          const objects = observabilityObjects(
            slo,
            target,
            grafana ? undefined : dashboard,
          );
          const exists = await applier.read({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace },
          });
          let applied: Array<AppliedObject & { object: unknown }>;
          if (exists) {
            applied = await applier.applyAll(objects, { dryRun, onApplied });
          } else if (dryRun) {
            // platform:kubernetes:namespace:ensure creates it earlier in the
            // same template; the server cannot dry-run into it before that.
            applied = objects.map(object => ({
              apiVersion: object.apiVersion,
              kind: object.kind,
              name: object.metadata.name,
              namespace,
              action: 'created',
              object,
            }));
            applied.forEach(onApplied);
          } else {
            throw new NotFoundError(
              `Namespace ${namespace} does not exist on cluster ${environment.cluster}: run platform:kubernetes:namespace:ensure first`,
            );
          }
          const summaries: JsonObject[] = applied.map(
            ({ object: _object, ...rest }) => ({ ...rest }),
          );
          if (grafana) {
            const action = await grafana.ensure(dashboard, { dryRun });
            onApplied({ kind: 'GrafanaDashboard', name: uid, action });
            summaries.push({ kind: 'GrafanaDashboard', name: uid, action });
          }
          return {
            summary: {
              environment: environment.name,
              cluster: environment.cluster,
              namespace,
              ...(target.dashboardUrl && {
                dashboardUrl: target.dashboardUrl,
              }),
              objects: summaries,
            } as JsonObject,
            objects: applied.map(a => a.object as JsonObject),
          };
        };

        const audit = dryRun
          ? undefined
          : await auditor.createEvent({
              eventId: 'observability-wire',
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
          if (dryRun) {
            const result = await wire();
            done.push(result.summary);
            manifests.push(...result.objects);
          } else {
            const summary = await ctx.checkpoint({
              key: `wire.observability.${environment.cluster}.${namespace}`,
              fn: async () => (await wire()).summary,
            });
            done.push(summary);
            // A checkpoint replayed on recovery does not run wire again.
            (summary.objects as JsonObject[]).forEach(o =>
              onApplied(o as { kind: string; name: string; action: string }),
            );
            const changed = (summary.objects as JsonObject[])
              .filter(o => o.action !== 'unchanged')
              .map(o => `${o.action} ${o.kind}/${o.name}`);
            await audit?.success({ meta: { changed } });
            logger.info(
              `${environment.name}: observability of ${
                input.name
              } in ${namespace}: ${
                changed.length ? changed.join(', ') : 'nothing to change'
              }`,
            );
          }
        } catch (error) {
          await audit?.fail({ error: error as Error });
          logger.error(`${environment.name}: ${(error as Error).message}`);
          failures.push({
            environment: environment.name,
            error: error as Error,
          });
        }
      }

      ctx.output(
        'dashboardUrls',
        done.flatMap(d => (d.dashboardUrl as string | undefined) ?? []),
      );
      ctx.output('alertNames', Object.values(ALERT_NAMES));
      ctx.output('ruleGroups', ruleGroups);
      ctx.output('created', [...created]);
      ctx.output('environments', done);
      if (dryRun) ctx.output('manifests', manifests);
      if (failures.length === 1) throw failures[0].error;
      if (failures.length > 1) {
        const error = new Error(
          failures.map(f => `${f.environment}: ${f.error.message}`).join('; '),
        );
        error.name = failures[0].error.name;
        throw error;
      }
    },
  });
}
