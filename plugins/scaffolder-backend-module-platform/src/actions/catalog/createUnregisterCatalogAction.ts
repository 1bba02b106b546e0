import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CATALOG_ANNOTATIONS } from '@internal/plugin-platform-common';
import { withFailureReport } from '@internal/plugin-platform-node';
import {
  entitiesNotDeletable,
  principalOf,
} from '../permissions/entityDeletion';
import { catalogError, catalogInfoUrl } from './catalogInfoUrl';
import { examples } from './createUnregisterCatalogAction.examples';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Creates `platform:catalog:unregister`: removes the catalog location of a
 * repository's catalog file, and with it the entities it brought in, for
 * the clean-up after a failed step. Give it what platform:catalog:register
 * output and run it only when that step's `created` is true, so a location
 * an earlier task registered stays. A location already gone is fine. The
 * module removes it itself when all it holds was created by this task (the
 * entities' task-id annotation); anything else takes the initiator's right
 * to remove locations.
 *
 * Given `entityRef` instead, for decommissioning, it removes that entity
 * for good: the location it came from, once the initiator may delete every
 * entity of that location, and waits until the entity is gone.
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

function createAction(options: {
  config: Config;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  /** How often to look whether the entity is gone; 500 ms by default. */
  pollIntervalMs?: number;
}) {
  const { catalog, auth, permissions } = options;
  const integrations = ScmIntegrations.fromConfig(options.config);
  const pollIntervalMs = options.pollIntervalMs ?? 500;

  return createTemplateAction({
    id: 'platform:catalog:unregister',
    description:
      'Removes the catalog location of a catalog file (and the entities it brought in), for clean-up; run it only when platform:catalog:register created it. Given entityRef, removes that entity and the location it came from, if the initiator may delete every entity of it.',
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
        entityRef: z =>
          z
            .string({
              description:
                'Instead of a catalog file: an entity to remove for good with the location it came from, for decommissioning. The initiator must be allowed to delete every entity of that location (catalog.entity.delete).',
            })
            .optional(),
        waitSeconds: z =>
          z
            .number({
              description:
                'With entityRef: how long to wait for the entity to leave the catalog; 30 by default.',
            })
            .optional(),
      },
      output: {
        action: z =>
          z.enum(['removed', 'absent'], {
            description:
              'What was (in a dry run: would be) done: removed, or absent (not registered, or with entityRef: not in the catalog).',
          }),
        location: z =>
          z
            .string({
              description:
                'With entityRef: the location removed with the entity, when it came from one.',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      if (ctx.input.entityRef) {
        const result = await unregisterEntity(ctx.input.entityRef, {
          credentials: await ctx.getInitiatorCredentials(),
          dryRun: Boolean(ctx.isDryRun),
          waitSeconds: ctx.input.waitSeconds,
          logger: ctx.logger,
          checkpoint: step => ctx.checkpoint(step),
        });
        ctx.output('action', result.action);
        if (result.location) ctx.output('location', result.location);
        return;
      }
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
      // The policy keeps catalog.location.delete with the admin groups, and
      // whoever created a service (for another team, say) may not remove
      // it. Undoing this task's own registration is the module's to do: when
      // every entity of the location says this task created it (or the
      // catalog has read none yet), the module removes it with its own
      // credentials. A location holding anything else needs the initiator's.
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: `url:${url}`,
          },
          fields: ['kind', 'metadata.annotations'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      const ownRegistration = items
        .filter(e => e.kind.toLocaleLowerCase('en-US') !== 'location')
        .every(
          e =>
            e.metadata.annotations?.[CATALOG_ANNOTATIONS.taskId] ===
            ctx.task.id,
        );
      if (!ctx.isDryRun) {
        await ctx.checkpoint({
          key: `unregister.location.${location.id}`,
          fn: async () => {
            await catalog
              .removeLocationById(location.id, {
                credentials: ownRegistration
                  ? await auth.getOwnServiceCredentials()
                  : credentials,
              })
              .catch(error => {
                throw catalogError(error, `Removing the location of ${url}`);
              });
          },
        });
      }
      ctx.logger.info(
        `${ctx.isDryRun ? 'Dry run: ' : ''}${url}: location ${
          location.id
        } removed${ownRegistration ? ', registered by this task' : ''}`,
      );
      ctx.output('action', 'removed');
    },
  });

  /**
   * Removes an entity for good: the location it came from (and with it
   * every entity of that location), else, for an orphan, the entity alone.
   */
  async function unregisterEntity(
    given: string,
    ctx: {
      credentials: BackstageCredentials;
      dryRun: boolean;
      waitSeconds?: number;
      logger: LoggerService;
      checkpoint(options: {
        key: string;
        fn: () => Promise<void>;
      }): Promise<void>;
    },
  ): Promise<{ action: 'removed' | 'absent'; location?: string }> {
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(
        parseEntityRef(given, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
    } catch (error) {
      throw new InputError(`entityRef: ${(error as Error).message}`);
    }
    const { credentials, dryRun } = ctx;
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      ctx.logger.info(`${entityRef} is not in the catalog: nothing to remove`);
      return { action: 'absent' };
    }
    const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
    const location = origin
      ? await catalog.getLocationByRef(origin, { credentials })
      : undefined;

    if (location) {
      // Removing the location removes every entity it brought in.
      const { items } = await catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${ANNOTATION_ORIGIN_LOCATION}`]: origin!,
          },
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      // Location entities are the catalog's record of the location itself
      // (and of files it includes, whose entities carry the same origin and
      // are checked here too): they have no owner and go with it.
      const refs = [
        ...new Set([
          entityRef,
          ...items
            .filter(e => e.kind.toLocaleLowerCase('en-US') !== 'location')
            .map(e => stringifyEntityRef(e)),
        ]),
      ];
      const denied = await entitiesNotDeletable(permissions, credentials, refs);
      if (denied.length > 0) {
        throw new NotAllowedError(
          `${principalOf(credentials)} may not remove ${entityRef}: ${
            denied.includes(entityRef)
              ? 'only members of its owner and of the admin groups may delete it'
              : `its location ${origin} also brought in ${denied.join(
                  ', ',
                )}, which they may not delete`
          }. Nothing was changed.`,
        );
      }
      if (!dryRun) {
        await ctx.checkpoint({
          key: `unregister.location.${location.id}`,
          fn: async () => {
            // The policy keeps catalog.location.delete, which has no
            // resource, with the admin groups, because a location may
            // hold other owners' entities. Every entity of this one was
            // just checked with catalog.entity.delete for the initiator,
            // so the removal itself goes with the module's own credentials.
            await catalog
              .removeLocationById(location.id, {
                credentials: await auth.getOwnServiceCredentials(),
              })
              .catch(error => {
                throw catalogError(error, `Removing the location ${origin}`);
              });
          },
        });
      }
      ctx.logger.info(
        `${dryRun ? 'Dry run: ' : ''}${entityRef}: its location ${origin} (${
          location.id
        }) removed, with ${refs.join(', ')}`,
      );
    } else {
      // Only an orphan (its location gone) can be deleted alone; any other
      // entity would come back from its source at the next processing.
      if (entity.metadata.annotations?.['backstage.io/orphan'] !== 'true') {
        throw new ConflictError(
          `${entityRef} comes from ${
            origin ?? 'no location'
          }, which is not a location registered through the catalog API (one in the portal's config, say); remove it from there. Nothing was changed.`,
        );
      }
      const [denied] = await entitiesNotDeletable(permissions, credentials, [
        entityRef,
      ]);
      if (denied) {
        throw new NotAllowedError(
          `${principalOf(
            credentials,
          )} may not remove ${entityRef}: only members of its owner and of the admin groups may delete it. Nothing was changed.`,
        );
      }
      if (!dryRun) {
        await ctx.checkpoint({
          key: `unregister.entity.${entity.metadata.uid}`,
          fn: async () => {
            await catalog
              .removeEntityByUid(entity.metadata.uid!, { credentials })
              .catch(error => {
                throw catalogError(error, `Deleting ${entityRef}`);
              });
          },
        });
      }
      ctx.logger.info(
        `${dryRun ? 'Dry run: ' : ''}${entityRef}: orphan entity removed`,
      );
    }
    const result = {
      action: 'removed' as const,
      ...(location && { location: origin }),
    };
    if (dryRun) return result;

    const deadline = Date.now() + (ctx.waitSeconds ?? 30) * 1000;
    while (await catalog.getEntityByRef(entityRef, { credentials })) {
      if (Date.now() > deadline) {
        throw new ConflictError(
          `${entityRef} is still in the catalog ${
            ctx.waitSeconds ?? 30
          } s after its removal`,
        );
      }
      await sleep(pollIntervalMs);
    }
    ctx.logger.info(`${entityRef} is gone from the catalog`);
    return result;
  }
}
