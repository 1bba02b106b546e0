import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LABELS,
  NAMESPACE_ANNOTATIONS,
  PORTAL_NAME,
  formatViolations,
  namespaceFor,
  readPlatformConfig,
  resolveEnvironments,
  validateKnownEnvironment,
  validateServiceName,
  type Violation,
} from '@internal/plugin-platform-common';
import {
  type PlatformClusters,
  withFailureReport,
} from '@internal/plugin-platform-node';
import type { JsonObject } from '@backstage/types';
import { ServiceUnavailableError } from '@backstage/errors';
import { throwIfAnyFailed, type EnvironmentFailure } from './failures';
import { examples } from './createDeleteNamespacesAction.examples';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * What keeps a Terminating namespace, as the namespace controller reports it
 * in the namespace's conditions (content left, finalizers on it).
 */
function whatRemains(namespace: object): string | undefined {
  const { status } = namespace as { status?: { conditions?: unknown } };
  const conditions = Array.isArray(status?.conditions)
    ? (status!.conditions as Array<Record<string, unknown>>)
    : [];
  const messages = conditions
    .filter(
      c =>
        (c.type === 'NamespaceContentRemaining' ||
          c.type === 'NamespaceFinalizersRemaining') &&
        c.status === 'True' &&
        typeof c.message === 'string',
    )
    .map(c => c.message as string);
  return messages.length ? messages.join('; ') : undefined;
}

/**
 * Creates `platform:kubernetes:namespace:delete`: removes a service's
 * namespaces, for clean-up after a failed later step and for
 * decommissioning. It only ever deletes namespaces the portal created for
 * the same entity, and waits until each is gone.
 *
 * With `onFailure: report`, a failure is output as `failed: true` and
 * `error` instead, so the clean-up steps after it still run.
 *
 * @public
 */
export function createDeleteNamespacesAction(
  options: Parameters<typeof createAction>[0],
) {
  return withFailureReport(createAction(options));
}

function createAction(options: {
  config: Config;
  clusters: PlatformClusters;
  auditor: AuditorService;
  logger: LoggerService;
  /** How often to look whether a namespace is gone; 500 ms by default. */
  pollIntervalMs?: number;
}) {
  const { clusters, auditor } = options;
  const platform = readPlatformConfig(options.config);
  const pollIntervalMs = options.pollIntervalMs ?? 500;

  return createTemplateAction({
    id: 'platform:kubernetes:namespace:delete',
    description:
      "Deletes a service's namespaces that the portal created for the same entity, and waits until they are gone. Refuses any other namespace.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'The service name.' }),
        environments: z =>
          z
            .array(z.string(), {
              description:
                'Environment names, or preview-<suffix> for a preview namespace; every configured one (no previews) by default.',
            })
            .optional(),
        entityRef: z =>
          z
            .string({
              description:
                'The entity the namespaces must belong to; component:default/<name> by default.',
            })
            .optional(),
        onlyThisTask: z =>
          z
            .boolean({
              description:
                'Delete only namespaces this task created, for clean-up after a failed step. False by default.',
            })
            .optional(),
        timeoutSeconds: z =>
          z
            .number({
              description:
                'How long to wait for each namespace to go; 120 by default.',
            })
            .optional(),
      },
      output: {
        environments: z =>
          z.array(
            z.object({
              environment: z.string(),
              cluster: z.string(),
              namespace: z.string(),
              action: z.enum(['deleted', 'absent', 'kept']),
            }),
            {
              description:
                'Per environment: the namespace and what was done: deleted, absent (nothing to do) or kept (created by another task, with onlyThisTask).',
            },
          ),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const violations: Violation[] = validateServiceName(input.name, platform);
      const known = platform.environments.map(e => e.name);
      const wanted = input.environments ?? known;
      wanted.forEach((name, index) => {
        const unknown = validateKnownEnvironment(
          platform,
          `environments[${index}]`,
          name,
          { allowPreviews: true },
        );
        if (unknown) violations.push(unknown);
      });
      if (violations.length > 0) {
        throw new InputError(formatViolations(violations));
      }
      const entityRef = input.entityRef ?? `component:default/${input.name}`;
      const timeoutMs = (input.timeoutSeconds ?? 120) * 1000;
      const dryRun = Boolean(ctx.isDryRun);
      const results: JsonObject[] = [];
      const failures: EnvironmentFailure[] = [];

      for (const environment of resolveEnvironments(platform, wanted)) {
        const namespace = namespaceFor(environment, input.name);
        const manifest = {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        };
        const remove = async (): Promise<JsonObject> => {
          const result = {
            environment: environment.name,
            cluster: environment.cluster,
            namespace,
          };
          const applier = await clusters.applier(environment.cluster);
          const live = await applier.read(manifest);
          if (!live) {
            return { ...result, action: 'absent' };
          }
          const labels = live.metadata?.labels ?? {};
          const annotations = live.metadata?.annotations ?? {};
          if (labels[LABELS.managedBy] !== PORTAL_NAME) {
            throw new ConflictError(
              `Namespace ${namespace} on cluster ${environment.cluster} was not created by the portal (no ${LABELS.managedBy}=${PORTAL_NAME} label); delete it by hand if it should go`,
            );
          }
          if (annotations[NAMESPACE_ANNOTATIONS.entityRef] !== entityRef) {
            throw new ConflictError(
              `Namespace ${namespace} on cluster ${
                environment.cluster
              } belongs to ${
                annotations[NAMESPACE_ANNOTATIONS.entityRef] ?? 'no entity'
              }, not ${entityRef}`,
            );
          }
          if (
            input.onlyThisTask &&
            annotations[NAMESPACE_ANNOTATIONS.taskId] !== ctx.task.id
          ) {
            return { ...result, action: 'kept' };
          }
          if (dryRun) {
            return { ...result, action: 'deleted' };
          }
          // One being deleted already (a re-run after a timeout) is only
          // waited for: the API server refuses to delete it again.
          if (!live.metadata?.deletionTimestamp) {
            await applier.delete(manifest);
          }
          const deadline = Date.now() + timeoutMs;
          for (
            let current = await applier.read(manifest);
            current;
            current = await applier.read(manifest)
          ) {
            if (Date.now() > deadline) {
              const remaining = whatRemains(current);
              throw new ServiceUnavailableError(
                `Namespace ${namespace} on cluster ${
                  environment.cluster
                } is still terminating after ${input.timeoutSeconds ?? 120} s${
                  remaining ? `: ${remaining}` : ''
                }; run again once it can go`,
              );
            }
            await sleep(pollIntervalMs);
          }
          return { ...result, action: 'deleted' };
        };

        const audit = dryRun
          ? undefined
          : await auditor.createEvent({
              eventId: 'namespace-delete',
              severityLevel: 'high',
              meta: {
                taskId: ctx.task.id,
                initiator: ctx.user?.ref ?? null,
                entityRef,
                cluster: environment.cluster,
                namespace,
              },
            });
        try {
          const result = dryRun
            ? await remove()
            : await ctx.checkpoint({
                key: `delete.namespace.${environment.cluster}.${namespace}`,
                fn: remove,
              });
          results.push(result);
          await audit?.success({ meta: { action: result.action } });
          logger.info(
            `${environment.name}: namespace ${namespace} on ${environment.cluster}: ${result.action}`,
          );
        } catch (error) {
          await audit?.fail({ error: error as Error });
          logger.error(`${environment.name}: ${(error as Error).message}`);
          failures.push({
            environment: environment.name,
            error: error as Error,
          });
        }
      }
      ctx.output('environments', results as any);
      throwIfAnyFailed(failures);
    },
  });
}
