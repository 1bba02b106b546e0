import { createApiRef } from '@backstage/frontend-plugin-api';
import type { DeploymentStatusApi } from '@internal/plugin-deployment-status-common';

/** The deployment status backend's API: what runs of an entity, where. */
export const deploymentStatusApiRef = createApiRef<DeploymentStatusApi>({
  id: 'plugin.deployment-status.api',
});
