import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PlatformPermissionPolicy } from './policy/PlatformPermissionPolicy';

/**
 * Installs the platform permission policy in the permission backend.
 *
 * @public
 */
export const permissionModulePlatformPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'platform-policy',
  register({ registerInit }) {
    registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ policy, config, logger }) {
        policy.setPolicy(
          PlatformPermissionPolicy.fromConfig(config, { logger }),
        );
      },
    });
  },
});
