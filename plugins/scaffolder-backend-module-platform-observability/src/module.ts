import { createBackendModule } from '@backstage/backend-plugin-api';

/**
 * Registers the `platform:observability:*` actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModulePlatformObservability = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform-observability',
  register({ registerInit }) {
    registerInit({
      deps: {},
      async init() {},
    });
  },
});
