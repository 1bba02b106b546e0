import type { Config } from '@backstage/config';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { withFailureReport } from '@internal/plugin-platform-node';
import {
  catalogError,
  catalogInfoUrl,
  isConflict,
  isNotFound,
} from './catalogInfoUrl';
import { examples } from './createRegisterCatalogAction.examples';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The entity a scaffolded repository is about: its Component, else the first named one. */
function mainEntity(entities: Entity[]): Entity | undefined {
  const named = entities.filter(e => !e.metadata.name.startsWith('generated-'));
  return named.find(e => e.kind === 'Component') ?? named[0] ?? entities[0];
}

/**
 * Creates `platform:catalog:register`: registers a repository's catalog file
 * as a location, through the catalog API with the task initiator's
 * credentials, and has the catalog refresh its entity at once so it shows
 * within seconds instead of at the processing loop's next pass. A location
 * registered already (a re-run) is success with `created: false`; a dry run
 * writes nothing.
 *
 * @public
 */
export function createRegisterCatalogAction(options: {
  config: Config;
  catalog: CatalogService;
  /** How often to look whether the entity is in the catalog; 500 ms by default. */
  pollIntervalMs?: number;
}) {
  const { catalog } = options;
  const integrations = ScmIntegrations.fromConfig(options.config);
  const pollIntervalMs = options.pollIntervalMs ?? 500;

  return withFailureReport(
    createTemplateAction({
      id: 'platform:catalog:register',
      description:
        "Registers a repository's catalog-info.yaml in the catalog and refreshes its entity at once; an existing registration is success (created: false).",
      examples,
      supportsDryRun: true,
      schema: {
        input: {
          repoContentsUrl: z =>
            z
              .string({
                description:
                  "The repository's default branch contents URL (platform:github:repo:ensure's repoContentsUrl).",
              })
              .optional(),
          catalogInfoPath: z =>
            z
              .string({
                description:
                  'The catalog file, relative to repoContentsUrl; /catalog-info.yaml by default.',
              })
              .optional(),
          catalogInfoUrl: z =>
            z
              .string({
                description:
                  'The catalog file as one absolute URL, instead of repoContentsUrl and catalogInfoPath.',
              })
              .optional(),
          waitSeconds: z =>
            z
              .number({
                description:
                  'How long to wait for the entity to be in the catalog before the step ends; 30 by default, 0 not to wait. Not finding it in time is logged, not a failure.',
              })
              .optional(),
        },
        output: {
          entityRef: z =>
            z
              .string({
                description:
                  'The main entity of the catalog file (its Component, else the first).',
              })
              .optional(),
          catalogInfoUrl: z =>
            z.string({ description: 'The registered catalog file.' }),
          locationId: z =>
            z
              .string({ description: 'The id of the catalog location.' })
              .optional(),
          created: z =>
            z.boolean({
              description:
                'Whether this run registered the location (in a dry run: would); false when it was registered already.',
            }),
        },
      },
      async handler(ctx) {
        const { input, logger } = ctx;
        const url = catalogInfoUrl(input, integrations);
        const credentials = await ctx.getInitiatorCredentials();
        const location = { type: 'url', target: url };
        ctx.output('catalogInfoUrl', url);

        const existing = await catalog.getLocationByRef(`url:${url}`, {
          credentials,
        });
        if (ctx.isDryRun) {
          logger.info(
            `Dry run: ${url} ${
              existing ? 'is registered already' : 'would be registered'
            }`,
          );
          ctx.output('created', !existing);
          if (existing) ctx.output('locationId', existing.id);
          return;
        }

        let locationId = existing?.id;
        let created = false;
        if (!existing) {
          const added = await ctx.checkpoint({
            key: `register.location.${url}`,
            fn: async () => {
              try {
                const result = await catalog.addLocation(location, {
                  credentials,
                });
                return { id: result.location.id, created: true };
              } catch (error) {
                // Registered by someone else since we looked.
                if (!isConflict(error)) {
                  throw catalogError(error, `Registering ${url}`);
                }
                const found = await catalog.getLocationByRef(`url:${url}`, {
                  credentials,
                });
                return { id: found?.id ?? null, created: false };
              }
            },
          });
          locationId = added.id ?? undefined;
          created = added.created;
        }
        ctx.output('created', created);
        if (locationId) ctx.output('locationId', locationId);
        logger.info(
          `${url}: ${created ? 'registered' : 'registered already'}${
            locationId ? ` (location ${locationId})` : ''
          }`,
        );

        // The catalog reads the file once more to name its entities.
        const analysed = await catalog
          .addLocation({ ...location, dryRun: true }, { credentials })
          .catch(error => {
            throw catalogError(error, `Reading ${url}`);
          });
        const entity = mainEntity(analysed.entities);
        if (!entity) {
          logger.warn(`${url} holds no entity`);
          return;
        }
        const entityRef = stringifyEntityRef(entity);
        ctx.output('entityRef', entityRef);

        // The catalog knows a new entity only once it has processed the
        // location (due at once on registering); from then on a refresh
        // processes it without waiting for the loop's next pass.
        const refresh = () =>
          catalog.refreshEntity(entityRef, { credentials }).catch(error => {
            if (!isNotFound(error)) {
              throw catalogError(error, `Refreshing ${entityRef}`);
            }
          });
        await refresh();
        const deadline = Date.now() + (input.waitSeconds ?? 30) * 1000;
        while (Date.now() < deadline) {
          if (await catalog.getEntityByRef(entityRef, { credentials })) {
            logger.info(`${entityRef} is in the catalog`);
            return;
          }
          await sleep(pollIntervalMs);
          await refresh();
        }
        if (input.waitSeconds !== 0) {
          logger.warn(
            `${entityRef} is not in the catalog yet after ${
              input.waitSeconds ?? 30
            } s; the catalog will process it shortly`,
          );
        }
      },
    }),
  );
}
