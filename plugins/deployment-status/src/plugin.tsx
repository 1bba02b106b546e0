import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { deploymentStatusApi } from './api';
import { hasDeploymentStatus } from './kubernetesId';

/** The entity's "Deployments" tab. */
export const deploymentsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'deployments',
    title: 'Deployments',
    group: 'deployment',
    filter: hasDeploymentStatus,
    loader: () =>
      import('./components/DeploymentsContent').then(m => (
        <m.DeploymentsContent />
      )),
  },
});

/** The overview card, one line per environment. */
export const deploymentsEntityCard = EntityCardBlueprint.make({
  params: {
    filter: hasDeploymentStatus,
    loader: () =>
      import('./components/DeploymentsCard').then(m => <m.DeploymentsCard />),
  },
});

/**
 * Deployment status: what runs of a service in each environment, pushed
 * live from the deployment status backend.
 */
export const deploymentStatusPlugin = createFrontendPlugin({
  pluginId: 'deployment-status',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    deploymentStatusApi,
    deploymentsEntityContent,
    deploymentsEntityCard,
  ],
});
