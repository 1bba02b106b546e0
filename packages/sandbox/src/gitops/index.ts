export {
  GitOpsSync,
  type DeploymentRecorder,
  type DeploymentState,
  type GitOpsEnvironment,
  type GitOpsSyncOptions,
} from './GitOpsSync';
export type { ClusterAccess } from './kubectlApply';
