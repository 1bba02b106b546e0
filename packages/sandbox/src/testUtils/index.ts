/**
 * Test utilities for plugins that talk to GitHub and Kubernetes: a sandbox
 * started in a few lines, clients pointed at it, the config a plugin needs,
 * and a log of the requests each server received.
 *
 * @packageDocumentation
 */

export {
  startTestSandbox,
  type TestSandbox,
  type TestSandboxClusterOptions,
  type TestSandboxOptions,
  type TestSandboxRequest,
} from './startTestSandbox';
export { useTestSandbox } from './useTestSandbox';
export type { TestSandboxGitHub } from './testSandboxGitHub';
export type { TestSandboxCluster } from './testSandboxCluster';
export type { SandboxNode, SandboxNodeTaint } from '../kubernetes/controllers';
export {
  sandboxBackstageConfig,
  type TestSandboxEnvironment,
} from './backstageConfig';
export { TEST_ROLLOUT, TEST_TOKENS, testGitHubOptions } from './defaults';
export {
  startTestGitHubServer,
  useTestGitHubServer,
  type TestGitHubServer,
} from './testGitHubServer';
export { failedStatus, failureOf, testOctokit } from './octokit';
export { kubeConfig, kubernetesFailureOf } from './kubeConfig';
export {
  routeCloudTokensToSandbox,
  testServiceAccountKey,
} from './cloudTokens';
export { kubectlFor, type Kubectl, type KubectlResult } from './kubectl';
export { runGitClient, type GitClientResult } from './runGitClient';
export {
  condition,
  deploymentManifest,
  specOf,
  statusOf,
} from './kubernetesObjects';
export { sleep, waitFor } from './waitFor';
export {
  podSecurityViolations,
  type PodLike,
  type PodSecurityLevel,
} from '../kubernetes/podSecurity';
export type {
  RequestFilter,
  RequestLog,
  RequestLogEntry,
} from '../http/requestLog';
export type { FaultHandle, FaultRule } from '../faults';
export { missingAppPermissionFault, secondaryRateLimitFault } from '../github';
export type { GitHubAppOptions } from '../github';
