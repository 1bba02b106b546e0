/**
 * Deployment status: an entity "Deployments" tab and overview card showing
 * what runs of a service in each environment, updated live.
 *
 * @packageDocumentation
 */

export {
  deploymentStatusPlugin as default,
  deploymentsEntityCard,
  deploymentsEntityContent,
} from './plugin';
export { deploymentStatusApiRef } from './api';
export { DeploymentHealth } from './components/DeploymentHealth';
