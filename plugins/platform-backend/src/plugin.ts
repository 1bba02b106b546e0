import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import { PlatformClusters } from '@internal/plugin-platform-node';
import { createRouter } from './router';
import { DefaultNameAvailabilityService } from './services/NameAvailability';
import { DefaultServiceEnvironmentsService } from './services/ServiceEnvironments';

/**
 * Serves the platform config that template forms offer: environments in
 * promotion order and the tiers with their quotas. Reading it at startup
 * also checks it, so a bad `platform` section stops the backend with one
 * message naming every key at fault. Also answers whether a service name is
 * valid and its repository and namespaces are free, for the name field,
 * and where an existing service has its namespaces, for the
 * environment-request form.
 *
 * @public
 */
export const platformPlugin = createBackendPlugin({
  pluginId: 'platform',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ config, httpAuth, httpRouter, logger, catalog, auth }) {
        const platform = readPlatformConfig(config);
        logger.info(
          `Platform environments: ${
            platform.environments.map(e => e.name).join(', ') || 'none'
          }; tiers: ${platform.tiers.map(t => t.name).join(', ') || 'none'}`,
        );
        // Clusters of a `catalog` locator are read with the plugin's own credentials.
        const clusters = PlatformClusters.fromConfig(config, {
          logger,
          catalog: { catalog, auth },
        });
        const nameAvailability = DefaultNameAvailabilityService.fromConfig(
          config,
          { platform, logger, clusters },
        );
        const serviceEnvironments = new DefaultServiceEnvironmentsService({
          platform,
          clusters,
          logger,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            catalog,
            platform,
            nameAvailability,
            serviceEnvironments,
          }),
        );
      },
    });
  },
});
