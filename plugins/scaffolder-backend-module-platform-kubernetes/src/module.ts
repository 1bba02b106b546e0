import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { PlatformClusters } from '@internal/plugin-platform-node';
import {
  createDeleteNamespacesAction,
  createEnsureNamespacesAction,
} from './actions';

/**
 * Registers the `platform:kubernetes:*` actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModulePlatformKubernetes = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform-kubernetes',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
      },
      async init({ scaffolderActions, config, logger, auditor }) {
        const clusters = PlatformClusters.fromConfig(config, { logger });
        scaffolderActions.addActions(
          createEnsureNamespacesAction({ config, clusters, auditor, logger }),
          createDeleteNamespacesAction({ config, clusters, auditor, logger }),
        );
      },
    });
  },
});
