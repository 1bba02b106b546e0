import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { deploymentStatusPermissions } from '@internal/plugin-deployment-status-common';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import {
  PlatformClusters,
  PlatformGitHub,
  readDashboardBaseUrl,
} from '@internal/plugin-platform-node';
import { createRouter } from './router';
import { AlertmanagerAlerts } from './services/Alerts/AlertmanagerAlerts';
import { ClusterWatch } from './services/ClusterWatch/ClusterWatch';
import { DeploymentStatusService } from './services/DeploymentStatus/DeploymentStatusService';
import { GitHubStatus } from './services/GitHubStatus/GitHubStatus';
import { LiveUpdates } from './services/LiveUpdates/LiveUpdates';

/**
 * What runs where, per entity and environment, from one shared watch per
 * cluster and kind: `GET /api/deployment-status/entities/{kind}/{namespace}/{name}`.
 *
 * @public
 */
export const deploymentStatusPlugin = createBackendPlugin({
  pluginId: 'deployment-status',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        permissions,
        permissionsRegistry,
        lifecycle,
        catalog,
        signals,
      }) {
        permissionsRegistry.addPermissions(deploymentStatusPermissions);
        const platform = readPlatformConfig(config);
        const clusters = PlatformClusters.fromConfig(config, { logger });
        const watches = new Map<string, ClusterWatch>();
        for (const name of new Set(platform.environments.map(e => e.cluster))) {
          watches.set(
            name,
            new ClusterWatch(name, await clusters.kubeConfig(name), logger),
          );
        }
        const live = new LiveUpdates(signals, logger);
        for (const watch of watches.values()) {
          watch.onChange(object => {
            const id = watch.kubernetesIdOf(object);
            if (id) live.changed(id);
          });
        }
        // Watches connect in the background: a cluster that is down must not
        // hold up the backend, and it shows as an error on its environments.
        for (const watch of watches.values()) {
          watch
            .start()
            .catch(error =>
              logger.warn(`Could not watch cluster ${watch.cluster}: ${error}`),
            );
        }
        lifecycle.addShutdownHook(async () => {
          live.stop();
          await Promise.all([...watches.values()].map(w => w.stop()));
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            status: new DeploymentStatusService(platform, watches, {
              github: new GitHubStatus(
                PlatformGitHub.fromConfig(config, { logger }),
                logger,
              ),
              alerts: AlertmanagerAlerts.fromConfig(config, logger),
              dashboardBaseUrl: readDashboardBaseUrl(config),
            }),
          }),
        );
      },
    });
  },
});
