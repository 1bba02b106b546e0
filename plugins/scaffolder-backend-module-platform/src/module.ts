import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { PlatformClusters } from '@internal/plugin-platform-node';
import {
  createDecommissionPlanAction,
  createEnvironmentPlanAction,
  createFailTaskAction,
  createRegisterCatalogAction,
  createServicePlanAction,
  createUnregisterCatalogAction,
} from './actions';

/**
 * Registers the `platform:service:plan`,
 * `platform:service:decommission:plan`,
 * `platform:service:environment:plan`, `platform:catalog:*` and
 * `platform:task:fail` actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModulePlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        logger: coreServices.logger,
      },
      async init({
        scaffolderActions,
        config,
        catalog,
        auth,
        permissions,
        logger,
      }) {
        // Clusters of a `catalog` locator are read with the module's own credentials.
        const clusters = PlatformClusters.fromConfig(config, {
          logger,
          catalog: { catalog, auth },
        });
        scaffolderActions.addActions(
          createServicePlanAction({ config, catalog }),
          createEnvironmentPlanAction({
            config,
            catalog,
            permissions,
            clusters,
            logger,
          }),
          createDecommissionPlanAction({
            config,
            catalog,
            permissions,
            logger,
          }),
          createRegisterCatalogAction({ config, catalog }),
          createUnregisterCatalogAction({ config, catalog, auth, permissions }),
          createFailTaskAction(),
        );
      },
    });
  },
});
