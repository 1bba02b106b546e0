import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deploymentStatusReadPermission } from '@internal/plugin-deployment-status-common';
import type express from 'express';
import { createOpenApiRouter } from './schema/openapi/generated/router';
import type { DeploymentStatusService } from './services/DeploymentStatus/DeploymentStatusService';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  status: DeploymentStatusService;
  /** Checks every answer against the spec too (tests turn this on). */
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { httpAuth, permissions, catalog, status } = options;
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    const entityRef = stringifyEntityRef({ kind, namespace, name });
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
    res.json(await status.statusOf(entity));
  });

  return router;
}
