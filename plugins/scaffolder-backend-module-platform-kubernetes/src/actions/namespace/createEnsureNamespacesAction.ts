import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  NAMESPACE_ANNOTATIONS,
  findEnvironment,
  formatViolations,
  namespaceFor,
  readPlatformConfig,
  resolveEnvironments,
  validateEntityRef,
  validateServiceRequest,
  type Violation,
} from '@internal/plugin-platform-common';
import {
  type PlatformClusters,
  withFailureReport,
} from '@internal/plugin-platform-node';
import type { JsonObject } from '@backstage/types';
import { namespaceObjects } from '../../manifests/namespaceObjects';
import { readKubernetesSettings } from '../../settings';
import { throwIfAnyFailed, type EnvironmentFailure } from './failures';
import { examples } from './createEnsureNamespacesAction.examples';
import { teamUsage } from './teamUsage';

/** RFC 3339 date-time, with a time zone offset. */
const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The rules of `expiresAt`: required with a preview environment and refused
 * without one; an RFC 3339 time in the future, at most `maxTtlHours` ahead.
 */
function validateExpiry(
  expiresAt: string | undefined,
  preview: boolean,
  maxTtlHours: number | undefined,
  now: Date,
): Violation[] {
  const field = 'expiresAt';
  if (expiresAt === undefined) {
    return preview
      ? [
          {
            field,
            rule: 'required',
            message:
              'is required with a preview environment: every preview namespace expires',
          },
        ]
      : [];
  }
  if (!preview) {
    return [
      {
        field,
        rule: 'preview-only',
        message:
          'applies only to preview environments (preview-<suffix>); the others do not expire',
      },
    ];
  }
  const time = Date.parse(expiresAt);
  if (!RFC3339.test(expiresAt) || Number.isNaN(time)) {
    return [
      {
        field,
        rule: 'rfc3339',
        message: `must be an RFC 3339 time such as 2026-12-02T18:00:00Z, got '${expiresAt}'`,
      },
    ];
  }
  if (time <= now.getTime()) {
    return [
      {
        field,
        rule: 'future',
        message: `must be in the future, got ${expiresAt}`,
      },
    ];
  }
  // A minute of slack for the time between the plan step and this one.
  const latest = now.getTime() + ((maxTtlHours ?? 0) * 60 + 1) * 60_000;
  if (time > latest) {
    return [
      {
        field,
        rule: 'max-ttl',
        message: `must be at most platform.previews.maxTtlHours (${maxTtlHours}) hours ahead, got ${expiresAt}`,
      },
    ];
  }
  return [];
}

/**
 * Creates `platform:kubernetes:namespace:ensure`: one namespace per chosen
 * environment, on that environment's cluster, with labels, pod security, the
 * tier's quota and limits, access for the owning team, network isolation and
 * a CI service account. Re-running converges; a dry run is a server-side dry
 * run and writes nothing. With `onFailure: report` a failure is reported in
 * the outputs instead, with the namespaces this run created before it.
 *
 * @public
 */
export function createEnsureNamespacesAction(
  options: Parameters<typeof createAction>[0],
) {
  return withFailureReport(createAction(options));
}

function createAction(options: {
  config: Config;
  clusters: PlatformClusters;
  auditor: AuditorService;
  logger: LoggerService;
  /** The current time, for the expiry checks; the system clock by default. */
  now?: () => Date;
}) {
  const { clusters, auditor } = options;
  const now = options.now ?? (() => new Date());
  const platform = readPlatformConfig(options.config);
  const settings = readKubernetesSettings(options.config);
  const capped = [
    platform.teamLimits.default,
    ...Object.values(platform.teamLimits.teams),
  ].some(caps => caps.namespaces !== undefined || caps.cpu || caps.memory);

  return createTemplateAction({
    id: 'platform:kubernetes:namespace:ensure',
    description:
      "Ensures the service's namespace in each chosen environment, on that environment's cluster, with its tier's quota and limits, access for its team, network isolation, pod security and a CI service account. Converges on re-run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description:
              "The service name; its namespaces are named by each environment's rule.",
          }),
        owner: z =>
          z.string({
            description:
              'The owning group, e.g. group:default/payments-team: given edit in the namespaces.',
          }),
        environments: z =>
          z.array(z.string(), {
            description:
              'Environment names from platform.environments, or preview-<suffix> for a preview namespace <name>-preview-<suffix> on the cluster of platform.previews.',
          }),
        tier: z =>
          z.string({
            description:
              'A tier of platform.tiers allowed in every chosen environment (for a preview: the tier of platform.previews).',
          }),
        expiresAt: z =>
          z
            .string({
              description:
                'When preview namespaces expire, an RFC 3339 time at most platform.previews.maxTtlHours ahead: written to their expires-at annotation, after which the preview reaper deletes them. Required with a preview environment, refused without one.',
            })
            .optional(),
        entityRef: z =>
          z
            .string({
              description:
                'The catalog entity the namespaces belong to; component:default/<name> by default.',
            })
            .optional(),
        existingOnly: z =>
          z
            .boolean({
              description:
                'Converge only namespaces that exist: one that is missing or being deleted fails its environment and is not created, e.g. a preview being extended that the preview reaper deleted after the request was checked. False by default.',
            })
            .optional(),
      },
      output: {
        namespaces: z =>
          z.array(z.string(), {
            description: 'The namespaces, in promotion order.',
          }),
        createdNamespaces: z =>
          z.array(z.string(), {
            description:
              'The namespaces this run created (in a dry run: would create), not those it found; also when it failed later, with onFailure: report.',
          }),
        createdEnvironments: z =>
          z.array(z.string(), {
            description:
              'The environments of createdNamespaces, for platform:kubernetes:namespace:delete in a clean-up.',
          }),
        environments: z =>
          z.array(
            z.object({
              environment: z.string(),
              cluster: z.string(),
              namespace: z.string(),
              objects: z.array(
                z.object({
                  apiVersion: z.string(),
                  kind: z.string(),
                  name: z.string(),
                  namespace: z.string().optional(),
                  action: z.enum(['created', 'updated', 'unchanged']),
                }),
              ),
            }),
            {
              description:
                'Per environment: its cluster, the namespace and every object applied, with what was done to it.',
            },
          ),
        manifests: z =>
          z
            .array(z.record(z.unknown()), {
              description:
                'In a dry run: every object as it would be applied, as the server answered its dry run.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const violations: Violation[] = validateServiceRequest(
        {
          name: input.name,
          environments: input.environments,
          tier: input.tier,
          allowPreviews: true,
        },
        platform,
      );
      const ownerRef = validateEntityRef(input.owner, 'group', 'owner');
      if ('violation' in ownerRef) {
        violations.push(ownerRef.violation);
      }
      // The caps are checked with the other rules, so every violation is
      // reported at once; counting the team's holdings only reads.
      if (capped && 'ref' in ownerRef) {
        const usage = await teamUsage({
          clusters,
          platform,
          team: ownerRef.ref.name,
          service: input.name,
          logger,
        });
        violations.push(
          ...validateServiceRequest(
            {
              name: input.name,
              owner: ownerRef.full,
              // An environment that does not exist asks for no namespace.
              environments: input.environments.filter(name =>
                findEnvironment(platform, name),
              ),
              tier: input.tier,
              allowPreviews: true,
            },
            platform,
            usage,
          ).filter(v => v.rule === 'team-cap'),
        );
      }
      const chosen = resolveEnvironments(platform, input.environments);
      violations.push(
        ...validateExpiry(
          input.expiresAt,
          chosen.some(e => e.preview),
          platform.previews?.maxTtlHours,
          now(),
        ),
      );
      if (violations.length > 0 || !('ref' in ownerRef)) {
        throw new InputError(formatViolations(violations));
      }
      const owner = ownerRef.ref;

      const tier = platform.tiers.find(t => t.name === input.tier)!;
      const entityRef = input.entityRef ?? `component:default/${input.name}`;
      const dryRun = Boolean(ctx.isDryRun);
      const done: JsonObject[] = [];
      const manifests: JsonObject[] = [];
      const failures: EnvironmentFailure[] = [];
      const created: Array<{ environment: string; namespace: string }> = [];

      for (const environment of chosen) {
        const namespace = namespaceFor(environment, input.name);
        let namespaceCreated = false;
        const onApplied = (applied: { kind: string; action: string }) => {
          if (applied.kind === 'Namespace' && applied.action === 'created') {
            namespaceCreated = true;
          }
        };
        const ensure = async () => {
          const applier = await clusters.applier(environment.cluster);
          const objects = namespaceObjects(
            {
              service: input.name,
              environment: environment.name,
              namespace,
              tier,
              owner,
              entityRef,
              taskId: ctx.task.id,
              ...(environment.preview &&
                input.expiresAt && {
                  expiresAt: new Date(input.expiresAt).toISOString(),
                }),
            },
            settings,
          );
          // The task that created the namespace stays on it.
          const existing = await applier.read(objects[0]);
          if (
            input.existingOnly &&
            (!existing ||
              existing.metadata?.deletionTimestamp ||
              (existing as { status?: { phase?: string } }).status?.phase ===
                'Terminating')
          ) {
            throw new ConflictError(
              `namespace ${namespace} on ${environment.cluster} ${
                existing ? 'is being deleted' : 'does not exist'
              }, and existingOnly says not to create it${
                environment.preview
                  ? ': the preview has expired and was deleted; request a new preview'
                  : ''
              }`,
            );
          }
          const createdBy =
            existing?.metadata?.annotations?.[NAMESPACE_ANNOTATIONS.taskId];
          if (createdBy) {
            objects[0].metadata.annotations![NAMESPACE_ANNOTATIONS.taskId] =
              createdBy;
          }
          const applied = await applier.applyAll(objects, {
            dryRun,
            onApplied,
          });
          return {
            summary: {
              environment: environment.name,
              cluster: environment.cluster,
              namespace,
              objects: applied.map(({ object: _object, ...rest }) => rest),
            },
            objects: applied.map(a => a.object),
          };
        };

        const audit = dryRun
          ? undefined
          : await auditor.createEvent({
              eventId: 'namespace-ensure',
              severityLevel: 'medium',
              meta: {
                taskId: ctx.task.id,
                initiator: ctx.user?.ref ?? null,
                entityRef,
                cluster: environment.cluster,
                namespace,
                tier: tier.name,
              },
            });
        try {
          if (dryRun) {
            const result = await ensure();
            done.push(result.summary);
            manifests.push(...(result.objects as JsonObject[]));
          } else {
            const summary = await ctx.checkpoint({
              key: `ensure.namespace.${environment.cluster}.${namespace}`,
              fn: async () => (await ensure()).summary,
            });
            done.push(summary);
            // A checkpoint replayed on recovery does not run ensure again.
            (
              summary.objects as Array<{ kind: string; action: string }>
            ).forEach(onApplied);
            const changed = (
              summary.objects as Array<{
                kind: string;
                name: string;
                action: string;
              }>
            )
              .filter(o => o.action !== 'unchanged')
              .map(o => `${o.action} ${o.kind}/${o.name}`);
            await audit?.success({ meta: { changed } });
            logger.info(
              `${environment.name}: namespace ${namespace} on ${
                environment.cluster
              }: ${changed.length ? changed.join(', ') : 'nothing to change'}`,
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
        if (namespaceCreated) {
          created.push({ environment: environment.name, namespace });
        }
      }

      ctx.output(
        'namespaces',
        done.map(d => d.namespace as string),
      );
      ctx.output(
        'createdNamespaces',
        created.map(c => c.namespace),
      );
      ctx.output(
        'createdEnvironments',
        created.map(c => c.environment),
      );
      ctx.output('environments', done as any);
      if (dryRun) ctx.output('manifests', manifests);
      throwIfAnyFailed(failures);
    },
  });
}
