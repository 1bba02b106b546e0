import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';

/**
 * The real catalog backend on in-memory SQLite, reading URLs through the
 * integrations of `config`, and the catalog service a scaffolder module
 * gets, as a plugin of the same backend sees it.
 */
export async function startTestCatalog(config: JsonObject): Promise<{
  catalog: CatalogService;
  stop: () => Promise<void>;
}> {
  let catalog: CatalogService | undefined;
  const probe = createBackendPlugin({
    pluginId: 'catalog-client-probe',
    register(reg) {
      reg.registerInit({
        deps: { service: catalogServiceRef, logger: coreServices.logger },
        async init({ service }) {
          catalog = service;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      probe,
      mockServices.rootConfig.factory({
        data: {
          ...config,
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        },
      }),
    ],
  });
  return { catalog: catalog!, stop: () => backend.stop() };
}
