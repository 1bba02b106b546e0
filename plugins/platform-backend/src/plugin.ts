import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import { createRouter } from './router';
import { DefaultNameAvailabilityService } from './services/NameAvailability';

/**
 * Serves the platform config that template forms offer: environments in
 * promotion order and the tiers with their quotas. Reading it at startup
 * also checks it, so a bad `platform` section stops the backend with one
 * message naming every key at fault. Also answers whether a service name is
 * valid and its repository and namespaces are free, for the name field.
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
      },
      async init({ config, httpAuth, httpRouter, logger }) {
        const platform = readPlatformConfig(config);
        logger.info(
          `Platform environments: ${
            platform.environments.map(e => e.name).join(', ') || 'none'
          }; tiers: ${platform.tiers.map(t => t.name).join(', ') || 'none'}`,
        );
        const nameAvailability = DefaultNameAvailabilityService.fromConfig(
          config,
          { platform, logger },
        );
        httpRouter.use(
          await createRouter({ httpAuth, platform, nameAvailability }),
        );
      },
    });
  },
});
