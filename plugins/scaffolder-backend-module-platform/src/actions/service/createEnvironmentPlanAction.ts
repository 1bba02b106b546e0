import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  CATALOG_ANNOTATIONS,
  PREVIEW_ENVIRONMENT_PREFIX,
  formatViolations,
  isPreviewSuffix,
  MAX_PREVIEW_SUFFIX_LENGTH,
  namespaceFor,
  readPlatformConfig,
  resolveEnvironments,
  validateServiceRequest,
  type PlatformEnvironment,
  type Violation,
} from '@internal/plugin-platform-common';
import {
  listServicePreviews,
  readServiceNamespace,
  type PlatformClusters,
} from '@internal/plugin-platform-node';
import {
  entitiesNotDeletable,
  principalOf,
} from '../permissions/entityDeletion';
import { parseComponentRef } from './componentRef';
import { examples } from './createEnvironmentPlanAction.examples';

const HOUR_MS = 60 * 60 * 1000;

/** The SLO keys platform:observability:wire needs, as the golden path's form sets them. */
const SLO_KEYS = [
  'availability',
  'latencyObjective',
  'latencyThresholdMs',
  'period',
];

/**
 * Creates `platform:service:environment:plan`: the first step of the
 * environment-request template. Before anything is created it finds the
 * service in the catalog, asks the permission framework whether the task's
 * initiator may change it, and works out what the later steps need: the
 * service's name, its owner and SLOs (from its entity), and the environments
 * to add with their cluster and namespace. A preview gets the environment
 * `preview-<suffix>` (namespace `<service>-preview-<suffix>` on the cluster
 * of `platform.previews`), that section's tier, and the time it expires.
 * Extending a preview (`kind: extend-preview`) names a preview the service
 * has, not expired, and a new time-to-live from now, ending later than its
 * current one; the later steps converge the preview's namespace to the new
 * expiry and change nothing else.
 *
 * "May change" is the portal's rule for deleting the entity
 * (`catalog.entity.delete`): the portal's policy allows it to members of the
 * entity's owner group and of its admin groups, which is who may change a
 * service's infrastructure; any other user may read the service but is
 * refused here. It changes nothing, so it runs in dry runs too.
 *
 * @public
 */
export function createEnvironmentPlanAction(options: {
  config: Config;
  catalog: CatalogService;
  permissions: PermissionsService;
  clusters: PlatformClusters;
  logger: LoggerService;
  /** The current time, for the preview's expiry; the system clock by default. */
  now?: () => Date;
}) {
  const { catalog, permissions, clusters } = options;
  const platform = readPlatformConfig(options.config);
  const now = options.now ?? (() => new Date());

  /** The entity's owner as a full group ref, or a violation. */
  function ownerOf(entity: Entity, entityRef: string) {
    const owner = entity.spec?.owner;
    try {
      const ref = parseEntityRef(String(owner), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      if (typeof owner === 'string' && ref.kind === 'group') {
        return { ref: stringifyEntityRef(ref) };
      }
    } catch {
      // reported below
    }
    return {
      violation: {
        field: 'entityRef',
        rule: 'owner-group',
        message: `${entityRef} must be owned by a group (spec.owner), got ${JSON.stringify(
          owner,
        )}`,
      },
    };
  }

  /** The SLOs the golden path wrote on the entity, or a violation. */
  function sloOf(entity: Entity, entityRef: string) {
    const text = entity.metadata.annotations?.[CATALOG_ANNOTATIONS.slo];
    let slo: unknown;
    try {
      slo = text === undefined ? undefined : JSON.parse(text);
    } catch {
      slo = undefined;
    }
    if (
      slo &&
      typeof slo === 'object' &&
      !Array.isArray(slo) &&
      SLO_KEYS.every(key => key in slo)
    ) {
      return { slo: slo as JsonObject };
    }
    return {
      violation: {
        field: 'entityRef',
        rule: 'slo-annotation',
        message: `${entityRef} has no SLOs to wire: its ${
          CATALOG_ANNOTATIONS.slo
        } annotation must be a JSON object with ${SLO_KEYS.join(', ')}${
          text === undefined ? ' (it has none)' : `, got ${text}`
        }`,
      },
    };
  }

  return createTemplateAction({
    id: 'platform:service:environment:plan',
    description:
      "Checks a request to add environments (or a preview) to an existing service, or to extend one of its previews, before anything is changed (the initiator may change its entity, the environments are known and new to it, the tier is allowed, a preview to extend is the service's and not expired, a preview's time-to-live is within bounds) and returns the service's name, owner, SLOs and the environments with their clusters and namespaces.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The service, a Component entity ref such as component:default/invoice-service.',
          }),
        kind: z =>
          z
            .enum(['environments', 'preview', 'extend-preview'], {
              description:
                "What the request does, as the template's form chose it: add environments (then preview is ignored), add a preview, or extend-preview, give a preview the service has a new time-to-live (with either preview kind, environments and tier are ignored), since a form switched from one kind to another keeps every value. Without it, exactly one of environments and preview must be given, and a preview is added.",
            })
            .optional(),
        environments: z =>
          z
            .array(z.string(), {
              description:
                'Environments of platform.environments to add, e.g. [staging]; or none, with preview.',
            })
            .optional(),
        tier: z =>
          z
            .string({
              description:
                "A tier of platform.tiers allowed in every chosen environment; with preview, the previews' tier (the default).",
            })
            .optional(),
        preview: z =>
          z
            .object(
              {
                suffix: z.string({
                  description: `Names the preview: its namespace is <service>-preview-<suffix>. A DNS-1123 label of at most ${MAX_PREVIEW_SUFFIX_LENGTH} characters, e.g. pr-42. With extend-preview, a preview the service has.`,
                }),
                ttlHours: z
                  .number({
                    description:
                      'How long the preview lives, in whole hours from now: at least 1, at most platform.previews.maxTtlHours; platform.previews.defaultTtlHours by default. With extend-preview, it must end later than the current expiry.',
                  })
                  .optional(),
              },
              {
                description:
                  'An ephemeral preview namespace instead of environments, or with extend-preview the preview to extend; needs platform.previews.',
              },
            )
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The service, as a full entity ref.' }),
        name: z => z.string({ description: "The service's name." }),
        owner: z =>
          z.string({
            description: "The service's owner group, as a full entity ref.",
          }),
        slo: z =>
          z.record(z.unknown(), {
            description:
              "The service's SLOs from its entity, for platform:observability:wire.",
          }),
        tier: z => z.string({ description: 'The tier of the namespaces.' }),
        environments: z =>
          z.array(
            z.object({
              name: z.string(),
              title: z.string(),
              cluster: z.string(),
              namespace: z.string(),
              preview: z.boolean(),
            }),
            {
              description:
                'The environments to add, each with its cluster and the namespace the service gets there.',
            },
          ),
        environmentNames: z =>
          z.array(z.string(), {
            description:
              'The environment names (preview-<suffix> for a preview), for the environments input of the namespace and observability steps.',
          }),
        namespaces: z =>
          z.array(z.string(), {
            description: 'The namespaces, in the order of environments.',
          }),
        expiresAt: z =>
          z
            .string({
              description:
                'For a preview: when it expires, RFC 3339, for the expiresAt input of platform:kubernetes:namespace:ensure.',
            })
            .optional(),
        previousExpiresAt: z =>
          z
            .string({
              description:
                'With extend-preview: when the preview expired before, as its namespace said.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const ref = parseComponentRef(input.entityRef);
      const entityRef = stringifyEntityRef(ref);

      // The shape of the request, before the catalog is asked anything.
      const violations: Violation[] = [];
      const extending = input.kind === 'extend-preview';
      const previewKind = input.kind === 'preview' || extending;
      const preview = input.kind === 'environments' ? undefined : input.preview;
      const environments = previewKind ? [] : input.environments ?? [];
      let names: string[] = environments;
      let tier = previewKind ? undefined : input.tier;
      let ttlHours: number | undefined;
      if (extending && !preview) {
        violations.push({
          field: 'preview',
          rule: 'required',
          message:
            'is required to extend a preview: the suffix of one the service has, and the new time-to-live',
        });
      } else if (preview && environments.length > 0) {
        violations.push({
          field: 'environments',
          rule: 'environments-or-preview',
          message:
            'must be empty with preview: a request adds either environments or one preview',
        });
      } else if (!preview && !extending && environments.length === 0) {
        violations.push({
          field: 'environments',
          rule: 'required',
          message: `must name at least one of ${platform.environments
            .map(e => e.name)
            .join(', ')}, unless preview is given`,
        });
      }
      if (!preview && !extending && !tier) {
        violations.push({
          field: 'tier',
          rule: 'required',
          message: `is required with environments (one of ${platform.tiers
            .map(t => t.name)
            .join(', ')})`,
        });
      }
      if (preview) {
        const previews = platform.previews;
        if (!previews) {
          violations.push({
            field: 'preview',
            rule: 'previews-configured',
            message:
              'previews are not available: this portal has no platform.previews config',
          });
        } else {
          if (!isPreviewSuffix(preview.suffix)) {
            violations.push({
              field: 'preview.suffix',
              rule: 'dns-label',
              message: `must be a DNS-1123 label of at most ${MAX_PREVIEW_SUFFIX_LENGTH} characters (lowercase letters, digits and '-', starting and ending with a letter or digit), got ${JSON.stringify(
                preview.suffix,
              )}`,
            });
          }
          ttlHours = preview.ttlHours ?? previews.defaultTtlHours;
          if (
            !Number.isInteger(ttlHours) ||
            ttlHours < 1 ||
            ttlHours > previews.maxTtlHours
          ) {
            violations.push({
              field: 'preview.ttlHours',
              rule: 'ttl-range',
              message: `must be a whole number of hours from 1 to ${previews.maxTtlHours} (platform.previews.maxTtlHours), got ${ttlHours}`,
            });
          }
          if (tier !== undefined && tier !== previews.tier) {
            violations.push({
              field: 'tier',
              rule: 'preview-tier',
              message: `must be the previews' tier '${previews.tier}' (platform.previews.tier) or left out, got '${tier}'`,
            });
          }
          tier = previews.tier;
          names = [`${PREVIEW_ENVIRONMENT_PREFIX}${preview.suffix}`];
        }
      }
      if (violations.length === 0) {
        violations.push(
          ...validateServiceRequest(
            {
              name: ref.name,
              environments: names,
              tier: tier!,
              allowPreviews: true,
            },
            platform,
          ).map(v =>
            preview && v.field.startsWith('environments')
              ? { ...v, field: 'preview.suffix' }
              : v,
          ),
        );
      }
      if (violations.length > 0) {
        throw new InputError(formatViolations(violations));
      }

      const credentials = await ctx.getInitiatorCredentials();
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        throw new InputError(
          `entityRef: ${entityRef} is not in the catalog; pick a service the portal created`,
        );
      }
      const [denied] = await entitiesNotDeletable(permissions, credentials, [
        entityRef,
      ]);
      if (denied) {
        const owner = entity.spec?.owner
          ? ` (${String(entity.spec.owner)})`
          : '';
        throw new NotAllowedError(
          `${principalOf(
            credentials,
          )} may not add environments to ${entityRef}: only members of its owner${owner} and of the portal's admin groups may change it. Nothing was changed.`,
        );
      }

      const owner = ownerOf(entity, entityRef);
      const slo = sloOf(entity, entityRef);
      if (owner.violation) violations.push(owner.violation);
      if (slo.violation) violations.push(slo.violation);
      const chosen = resolveEnvironments(platform, names);
      const expiresAt =
        ttlHours !== undefined
          ? new Date(now().getTime() + ttlHours * HOUR_MS).toISOString()
          : undefined;
      let previousExpiresAt: string | undefined;
      if (extending) {
        const found = await previewToExtend(
          chosen[0],
          { name: ref.name, entityRef },
          { ttlHours: ttlHours!, expiresAt: expiresAt! },
        );
        if ('violation' in found) violations.push(found.violation);
        else previousExpiresAt = found.expiresAt;
      } else {
        violations.push(
          ...(await existingNamespaces(chosen, ref.name, ctx.task.id)).map(
            ({ environment, namespace }) => ({
              field: preview
                ? 'preview.suffix'
                : `environments[${names.indexOf(environment.name)}]`,
              rule: 'new-environment',
              message: `${entityRef} has ${namespace} on ${
                environment.cluster
              } already: ${environment.name} is not new to it${
                preview ? '; to give it more time, extend it' : ''
              }`,
            }),
          ),
        );
      }
      if (violations.length > 0) {
        throw new InputError(formatViolations(violations));
      }

      const planned = chosen.map(environment => ({
        name: environment.name,
        title: environment.title,
        cluster: environment.cluster,
        namespace: namespaceFor(environment, ref.name),
        preview: Boolean(environment.preview),
      }));
      ctx.output('entityRef', entityRef);
      ctx.output('name', ref.name);
      ctx.output('owner', owner.ref!);
      ctx.output('slo', slo.slo!);
      ctx.output('tier', tier!);
      ctx.output('environments', planned);
      ctx.output(
        'environmentNames',
        planned.map(e => e.name),
      );
      ctx.output(
        'namespaces',
        planned.map(e => e.namespace),
      );
      if (expiresAt) ctx.output('expiresAt', expiresAt);
      if (previousExpiresAt) {
        ctx.output('previousExpiresAt', previousExpiresAt);
      }
      const where = planned
        .map(e => `${e.name} (${e.cluster}/${e.namespace})`)
        .join(', ');
      if (extending) {
        logger.info(
          `${
            ctx.isDryRun ? 'Dry run: would extend' : 'Extending'
          } ${entityRef}'s ${where} (owner ${
            owner.ref
          }) from ${previousExpiresAt} to ${expiresAt}`,
        );
      } else {
        logger.info(
          `${
            ctx.isDryRun ? 'Dry run: would add' : 'Adding'
          } to ${entityRef} (owner ${owner.ref}), tier ${tier}: ${where}${
            expiresAt ? `, expiring at ${expiresAt}` : ''
          }`,
        );
      }
    },
  });

  /**
   * The preview to extend, with its current expiry: one the portal made for
   * this entity, not expired, whose new expiry is later than its current
   * one; else the violation, naming the service's previews when it has no
   * such one.
   */
  async function previewToExtend(
    environment: PlatformEnvironment,
    service: { name: string; entityRef: string },
    extension: { ttlHours: number; expiresAt: string },
  ): Promise<{ expiresAt: string } | { violation: Violation }> {
    const { namespace, live } = await readServiceNamespace(
      clusters,
      environment,
      service.name,
    );
    const suffix = environment.name.slice(PREVIEW_ENVIRONMENT_PREFIX.length);
    const where = `${namespace} on ${environment.cluster}`;
    const field = 'preview.suffix';
    if (!live) {
      const previews = (
        await listServicePreviews(clusters, platform, service)
      ).filter(
        p =>
          !p.live?.terminating &&
          Date.parse(p.live?.expiresAt ?? '') > now().getTime(),
      );
      const known = previews.map(
        p =>
          `${p.environment.name.slice(
            PREVIEW_ENVIRONMENT_PREFIX.length,
          )} (until ${p.live?.expiresAt})`,
      );
      return {
        violation: {
          field,
          rule: 'existing-preview',
          message: `${
            service.entityRef
          } has no preview '${suffix}' to extend (no namespace ${where}); ${
            known.length
              ? `its previews: ${known.join(', ')}`
              : 'it has none: request a new preview instead'
          }`,
        },
      };
    }
    if (
      !live.managedByPortal ||
      live.entityRef !== service.entityRef ||
      !live.expiresAt
    ) {
      let why = 'the portal did not make it';
      if (live.managedByPortal && live.entityRef !== service.entityRef) {
        why = `it belongs to ${live.entityRef ?? 'no entity'}`;
      } else if (live.managedByPortal) {
        why = 'it has no expiry';
      }
      return {
        violation: {
          field,
          rule: 'own-preview',
          message: `${where} is not a preview of ${service.entityRef} (${why}): only the service's own previews can be extended`,
        },
      };
    }
    if (live.terminating || Date.parse(live.expiresAt) <= now().getTime()) {
      return {
        violation: {
          field,
          rule: 'not-expired',
          message: `the preview '${suffix}' expired at ${live.expiresAt}${
            live.terminating
              ? ' and is being deleted'
              : ', and the preview reaper deletes it'
          }: request a new preview once it is gone`,
        },
      };
    }
    if (Date.parse(extension.expiresAt) <= Date.parse(live.expiresAt)) {
      return {
        violation: {
          field: 'preview.ttlHours',
          rule: 'later-expiry',
          message: `must end later than the preview's current expiry ${live.expiresAt}: ${extension.ttlHours} hours from now is ${extension.expiresAt}`,
        },
      };
    }
    return { expiresAt: live.expiresAt };
  }

  /**
   * The chosen environments where the service has a namespace already, but
   * not one this task created (a re-run of the same task converges).
   */
  async function existingNamespaces(
    chosen: PlatformEnvironment[],
    service: string,
    taskId: string,
  ) {
    const found = [];
    for (const environment of chosen) {
      const { namespace, live } = await readServiceNamespace(
        clusters,
        environment,
        service,
      );
      if (!live) continue;
      const ours = live.managedByPortal && live.taskId === taskId;
      if (!ours) found.push({ environment, namespace });
    }
    return found;
  }
}
