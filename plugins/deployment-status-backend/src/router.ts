import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deploymentStatusReadPermission } from '@internal/plugin-deployment-status-common';
import type express from 'express';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import type { DeploymentStatusService } from './services/DeploymentStatus/DeploymentStatusService';
import { SingleFlightCache } from './services/cache/SingleFlightCache';

/**
 * How long a caller's access to an entity is kept: a page refetches on every
 * signal of a rollout, and each refetch would otherwise look the entity up in
 * the catalog and ask the permission framework again.
 */
const ACCESS_TTL_MS = 10_000;
/** The most callers' accesses kept; the oldest go first. */
const MAX_ACCESS_ENTRIES = 10_000;

/** Who is asking: a user by entity ref, a service by subject. */
function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? `user:${principal.userEntityRef}`
    : `${principal.type}:${principal.subject}`;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  status: DeploymentStatusService;
  /** Checks every answer against the spec too (tests turn this on). */
  validateResponses?: boolean;
  /** How long a caller's access to an entity is kept; ACCESS_TTL_MS by default. */
  accessTtlMs?: number;
}): Promise<express.Router> {
  const { httpAuth, permissions, catalog, status } = options;
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  /**
   * The entity, as the catalog shows it to the caller, once the permission
   * framework allows the caller its deployment status; refusals throw.
   */
  async function readableEntity(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<Entity> {
    // Whoever cannot read the entity learns nothing of it, not even that it exists.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    const [decision] = await permissions.authorize(
      [{ permission: deploymentStatusReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the deployment status of ${entityRef}`,
      );
    }
    return entity;
  }
  // Granted accesses only: a refusal is not kept, so the next request asks again.
  const access = new SingleFlightCache<Entity>(
    options.accessTtlMs ?? ACCESS_TTL_MS,
    MAX_ACCESS_ENTRIES,
  );

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const entityRef = stringifyEntityRef({ kind, namespace, name });
    const entity = await access.get(
      `${principalKey(credentials)} ${entityRef}`,
      () => readableEntity(credentials, entityRef),
    );
    res.json(await status.statusOf(entity));
  });

  return router;
}
