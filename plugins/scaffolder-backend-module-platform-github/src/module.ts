import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { GitHubClients } from './client/GitHubClients';
import {
  createDeleteRepositoryAction,
  createEnsureRepositoryAction,
} from './actions';

/**
 * Registers the `platform:github:*` actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModulePlatformGithub = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform-github',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
      },
      async init({ scaffolderActions, config, logger, auditor }) {
        const clients = GitHubClients.fromConfig(config, { logger });
        scaffolderActions.addActions(
          createEnsureRepositoryAction({ config, clients, auditor, logger }),
          createDeleteRepositoryAction({ config, clients, auditor, logger }),
        );
      },
    });
  },
});
