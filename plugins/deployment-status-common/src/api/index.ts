export {
  DeploymentStatusClient,
  type DeploymentStatusApi,
  type DeploymentStatusDiscovery,
} from './DeploymentStatusClient';
