import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  namespaceFor,
  readPlatformConfig,
} from '@internal/plugin-platform-common';
import { PlatformGitHub } from '@internal/plugin-platform-node';
import {
  entitiesNotDeletable,
  principalOf,
} from '../permissions/entityDeletion';
import { parseComponentRef } from './componentRef';
import { examples } from './createDecommissionPlanAction.examples';

/**
 * Creates `platform:service:decommission:plan`: the first step of the
 * decommission template. Before anything is removed it checks that the
 * typed confirmation is the service's name, finds the entity in the
 * catalog, and asks the permission framework whether the task's initiator
 * may delete it (so the portal's policy decides: its owner group or an
 * admin group). It then works out what belongs to the service: its
 * namespace in every environment (by each environment's naming rule), its
 * repository (from `github.com/project-slug`) and the catalog location it
 * came from. It changes nothing, so it runs in dry runs too.
 *
 * An entity that is not in the catalog (a re-run after the service is gone)
 * is no error: the plan says there is nothing to remove (`found: false`).
 *
 * @public
 */
export function createDecommissionPlanAction(options: {
  config: Config;
  catalog: CatalogService;
  permissions: PermissionsService;
  logger: LoggerService;
}) {
  const { catalog, permissions } = options;
  const platform = readPlatformConfig(options.config);
  const github = PlatformGitHub.fromConfig(options.config, {
    logger: options.logger,
  });

  return createTemplateAction({
    id: 'platform:service:decommission:plan',
    description:
      "Checks a decommission request before anything is removed (the typed confirmation is the service's name, the initiator may delete its entity) and returns what belongs to the service: its namespaces, repository and catalog location.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The service to decommission, a Component entity ref such as component:default/invoice-service.',
          }),
        confirmation: z =>
          z.string({
            description:
              "The service's name, typed by the user to confirm; it must equal the entity's name exactly.",
          }),
      },
      output: {
        found: z =>
          z.boolean({
            description:
              'Whether the entity is in the catalog; false when it is gone already, and then there is nothing to remove.',
          }),
        entityRef: z =>
          z.string({ description: 'The entity, as a full entity ref.' }),
        name: z => z.string({ description: "The service's name." }),
        owner: z =>
          z
            .string({ description: "The entity's owner (spec.owner)." })
            .optional(),
        environments: z =>
          z.array(
            z.object({
              name: z.string(),
              title: z.string(),
              cluster: z.string(),
              namespace: z.string(),
            }),
            {
              description:
                "Every environment of platform.environments with its cluster and the service's namespace there; the delete steps skip those that do not exist.",
            },
          ),
        environmentNames: z =>
          z.array(z.string(), {
            description:
              'The environment names, for the environments input of the namespace and observability steps.',
          }),
        namespaces: z =>
          z.array(z.string(), {
            description: 'The namespaces, in the order of environments.',
          }),
        repoUrl: z =>
          z
            .string({
              description:
                "The service's repository, <host>?owner=<organisation>&repo=<name>, from its github.com/project-slug; absent when it names none.",
            })
            .optional(),
        location: z =>
          z
            .string({
              description:
                'The catalog location the entity came from (its backstage.io/managed-by-origin-location).',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const ref = parseComponentRef(input.entityRef);
      const entityRef = stringifyEntityRef(ref);
      if (input.confirmation !== ref.name) {
        throw new InputError(
          `confirmation: must be the service's name '${
            ref.name
          }' exactly, to confirm that ${entityRef} is to be decommissioned; got ${JSON.stringify(
            input.confirmation,
          )}`,
        );
      }

      const environments = platform.environments.map(environment => ({
        name: environment.name,
        title: environment.title,
        cluster: environment.cluster,
        namespace: namespaceFor(environment, ref.name),
      }));
      ctx.output('entityRef', entityRef);
      ctx.output('name', ref.name);
      ctx.output('environments', environments);
      ctx.output(
        'environmentNames',
        environments.map(e => e.name),
      );
      ctx.output(
        'namespaces',
        environments.map(e => e.namespace),
      );

      const credentials = await ctx.getInitiatorCredentials();
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        logger.info(
          `${entityRef} is not in the catalog: nothing to decommission (it is gone already)`,
        );
        ctx.output('found', false);
        return;
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
          )} may not decommission ${entityRef}: only members of its owner${owner} and of the portal's admin groups may delete it. Nothing was changed.`,
        );
      }

      const repository = github.repositoryOf(entity);
      const repoUrl =
        repository &&
        `${repository.host}?owner=${encodeURIComponent(
          repository.owner,
        )}&repo=${encodeURIComponent(repository.repo)}`;
      const location =
        entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];

      ctx.output('found', true);
      if (typeof entity.spec?.owner === 'string') {
        ctx.output('owner', entity.spec.owner);
      }
      if (repoUrl) ctx.output('repoUrl', repoUrl);
      if (location) ctx.output('location', location);
      logger.info(
        `${
          ctx.isDryRun ? 'Dry run: would decommission' : 'Decommissioning'
        } ${entityRef}: namespaces ${environments
          .map(e => `${e.cluster}/${e.namespace} (${e.name})`)
          .join(', ')} where they exist; repository ${
          repository
            ? `${repository.host}/${repository.owner}/${repository.repo} archived`
            : 'none (no github.com/project-slug annotation)'
        }; the catalog entity${
          location ? ` and its location ${location}` : ''
        }`,
      );
    },
  });
}
