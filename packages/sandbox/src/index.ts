/**
 * Local GitHub- and Kubernetes-compatible servers for development and tests.
 *
 * @packageDocumentation
 */

export {
  startSandbox,
  type Sandbox,
  type SandboxClusterOptions,
  type SandboxOptions,
} from './startSandbox';
export {
  startGitHubServer,
  missingAppPermissionFault,
  secondaryRateLimitFault,
  type GitHubDeployments,
  type GitHubServer,
  type GitHubServerOptions,
} from './github';
export {
  startKubernetesServer,
  type KubernetesServer,
  type KubernetesServerOptions,
} from './kubernetes';
export {
  DEFAULT_NODES,
  startControllers,
  type ControllerOptions,
  type RolloutOptions,
  type SandboxNode,
  type SandboxNodeTaint,
} from './kubernetes/controllers';
export { GitOpsSync, type GitOpsSyncOptions } from './gitops';
export {
  startCloudTokenServer,
  type CloudTokenServer,
  type GoogleServiceAccount,
  type AzureClient,
} from './cloudTokens';
export { readSandboxNodes } from './config/readSandboxOptions';
export { loopbackCertificate } from './http/certificate';
export {
  listenOnLoopback,
  type LoopbackServer,
  type TlsCredentials,
} from './http/listen';
export {
  RequestLog,
  type RequestFilter,
  type RequestLogEntry,
  type RequestLogOptions,
} from './http/requestLog';
export type { PathPattern } from './http/pathPattern';
export type { SandboxLogger } from './logger';
export * from './faults';
