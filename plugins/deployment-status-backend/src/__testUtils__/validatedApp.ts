import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  readPlatformConfig,
  type PlatformConfig,
} from '@internal/plugin-platform-common';
import express from 'express';
import { resolve } from 'node:path';
import { createRouter } from '../router';
import type { DeploymentStatusService } from '../services/DeploymentStatus/DeploymentStatusService';

/** The portal's own `platform` config, from the repository's app-config.yaml. */
export async function portalPlatformConfig(): Promise<PlatformConfig> {
  const root = resolve(__dirname, '../../../..');
  const { appConfigs } = await loadConfig({
    configRoot: root,
    configTargets: [{ path: resolve(root, 'app-config.yaml') }],
  });
  return readPlatformConfig(ConfigReader.fromConfigs(appConfigs));
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
}): Promise<express.Express> {
  const router = await createRouter({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({
      result: options.deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
    }),
    catalog: catalogServiceMock({ entities: options.entities }),
    status: options.status as DeploymentStatusService,
    validateResponses: true,
  });
  const middleware = MiddlewareFactory.create({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
  });
  return express().use(router).use(middleware.error());
}
