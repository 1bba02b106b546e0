import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { PlatformClusters } from '@internal/plugin-platform-node';
import {
  createAnnotateCatalogAction,
  createUnwireObservabilityAction,
  createWireObservabilityAction,
} from './actions';

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
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({
        scaffolderActions,
        config,
        logger,
        auditor,
        catalog,
        auth,
      }) {
        // Clusters of a `catalog` locator are read with the module's own credentials.
        const clusters = PlatformClusters.fromConfig(config, {
          logger,
          catalog: { catalog, auth },
        });
        scaffolderActions.addActions(
          createWireObservabilityAction({ config, clusters, auditor, logger }),
          createUnwireObservabilityAction({
            config,
            clusters,
            auditor,
            logger,
          }),
          createAnnotateCatalogAction(),
        );
      },
    });
  },
});
