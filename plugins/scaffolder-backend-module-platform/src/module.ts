import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createFailTaskAction,
  createRegisterCatalogAction,
  createServicePlanAction,
  createUnregisterCatalogAction,
} from './actions';

/**
 * Registers the `platform:service:plan`, `platform:catalog:*` and
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
      },
      async init({ scaffolderActions, config, catalog }) {
        scaffolderActions.addActions(
          createServicePlanAction({ config, catalog }),
          createRegisterCatalogAction({ config, catalog }),
          createUnregisterCatalogAction({ config, catalog }),
          createFailTaskAction(),
        );
      },
    });
  },
});
