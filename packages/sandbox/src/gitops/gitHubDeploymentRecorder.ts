import type { GitHubServer } from '../github';
import type { DeploymentRecorder } from './GitOpsSync';

/** The account the sync's deployments and statuses are created by. */
export const GITOPS_LOGIN = 'sandbox-gitops';

/** Records the sync's deployments on the sandbox's GitHub server, in-process. */
export function gitHubDeploymentRecorder(
  github: Pick<GitHubServer, 'deployments'>,
): DeploymentRecorder {
  const { deployments } = github;
  return {
    defaultBranch: async (owner, repo) =>
      deployments.defaultBranch(owner, repo),
    createDeployment: async (owner, repo, input) =>
      deployments.create(owner, repo, { ...input, creator: GITOPS_LOGIN }),
    setStatus: async (owner, repo, deploymentId, status) =>
      deployments.addStatus(owner, repo, deploymentId, {
        ...status,
        creator: GITOPS_LOGIN,
      }),
  };
}
