import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import { PlatformClusters } from '@internal/plugin-platform-node';
import {
  createDeleteNamespacesAction,
  createEnsureNamespacesAction,
} from './actions';
import { reapExpiredPreviews } from './previews/reapExpiredPreviews';

/** The id of the scheduled task that deletes expired preview namespaces. */
export const PREVIEW_REAPER_TASK_ID = 'platform-preview-reaper';

/**
 * Registers the `platform:kubernetes:*` actions with the scaffolder, and,
 * when `platform.previews` is configured, the preview reaper: a scheduled
 * task (every `platform.previews.reapIntervalMinutes`, once across the
 * backend's instances) that deletes expired preview namespaces.
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
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({
        scaffolderActions,
        config,
        logger,
        auditor,
        scheduler,
        catalog,
        auth,
      }) {
        // Clusters of a `catalog` locator are read with the module's own credentials.
        const clusters = PlatformClusters.fromConfig(config, {
          logger,
          catalog: { catalog, auth },
        });
        scaffolderActions.addActions(
          createEnsureNamespacesAction({ config, clusters, auditor, logger }),
          createDeleteNamespacesAction({ config, clusters, auditor, logger }),
        );
        const platform = readPlatformConfig(config);
        if (platform.previews) {
          await scheduler.scheduleTask({
            id: PREVIEW_REAPER_TASK_ID,
            frequency: { minutes: platform.previews.reapIntervalMinutes },
            timeout: { minutes: 10 },
            initialDelay: { seconds: 30 },
            fn: async () => {
              await reapExpiredPreviews({
                clusters,
                platform,
                auditor,
                logger,
              });
            },
          });
        }
      },
    });
  },
});
