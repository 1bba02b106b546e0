import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  readPlatformConfig,
  type PlatformConfig,
} from '@internal/plugin-platform-common';
import { loadPortalConfig } from '@internal/plugin-platform-common/testUtils';
import express from 'express';
import { createRouter } from '../router';
import type { DeploymentStatusService } from '../services/DeploymentStatus/DeploymentStatusService';

/** The portal's own `platform` config, from the repository's app-config.yaml. */
export async function portalPlatformConfig(): Promise<PlatformConfig> {
  return readPlatformConfig(await loadPortalConfig());
}

/**
 * The plugin's router with Backstage's error handler, answering for
 * `entities` as a caller the permission framework allows (or denies), with
 * response validation on: an answer that strays from src/schema/openapi.yaml
 * is a 500.
 */
export async function validatedApp(options: {
  status: { statusOf(entity: Entity): unknown };
  entities: Entity[];
  deny?: boolean;
  /** Called with each lookup of the catalog, to count them. */
  onCatalogLookup?: (entityRef: string) => void;
  accessTtlMs?: number;
}): Promise<express.Express> {
  const catalog = catalogServiceMock({ entities: options.entities });
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  catalog.getEntityByRef = async (ref, ...rest) => {
    options.onCatalogLookup?.(String(ref));
    return getEntityByRef(ref, ...rest);
  };
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({
      result: options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
    }),
    catalog,
    status: options.status as DeploymentStatusService,
    validateResponses: true,
    accessTtlMs: options.accessTtlMs,
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express().use(router).use(middleware.error());
}
