import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  maxServiceNameLength,
  type PlatformConfig,
  type PlatformConfigResponse,
} from '@internal/plugin-platform-common';
import type express from 'express';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import type { NameAvailabilityService } from './services/NameAvailability';
import type { ServiceEnvironmentsService } from './services/ServiceEnvironments';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  platform: PlatformConfig;
  nameAvailability: NameAvailabilityService;
  serviceEnvironments: ServiceEnvironmentsService;
  /** Checks every answer against the spec too (tests turn this on). */
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { httpAuth, catalog, platform, nameAvailability, serviceEnvironments } =
    options;
  const body: PlatformConfigResponse = {
    environments: platform.environments,
    tiers: platform.tiers,
    maxServiceNameLength: maxServiceNameLength(platform),
  };

  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });
  router.get('/config', async (req, res) => {
    // Signed-in users (the template form) and other plugins; never anonymous.
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(body);
  });

  router.get('/names/:name/availability', async (req, res) => {
    // It tells which repositories and namespaces exist: never anonymous.
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    // The spec lets each through once, as non-empty text.
    const answer = await nameAvailability.check(req.params.name, {
      owner: req.query.owner,
      host: req.query.host,
    });
    res.json(answer);
  });

  router.get(
    '/entities/:kind/:namespace/:name/environments',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { kind, namespace, name } = req.params;
      const entityRef = stringifyEntityRef({ kind, namespace, name });
      if (kind.toLocaleLowerCase('en-US') !== 'component') {
        throw new InputError(
          `kind: must be component, the kind of a service; got '${kind}'`,
        );
      }
      // Whoever cannot read the entity learns nothing of it, not even that it exists.
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef}`);
      }
      res.json(
        await serviceEnvironments.environmentsOf({
          entityRef: stringifyEntityRef(entity),
          name: entity.metadata.name,
        }),
      );
    },
  );
  return router;
}
