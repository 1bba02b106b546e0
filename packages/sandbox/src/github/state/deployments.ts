import { notFound, validationFailed } from '../errors';
import { GitHubError } from '../types';
import { ensureEnvironment } from './environments';
import type { GitHubStore } from './GitHubStore';
import type {
  ActorSnapshot,
  DeploymentRecord,
  DeploymentState,
  DeploymentStatusRecord,
  StoredRepository,
  UserRecord,
} from './model';
import { settingsOf, timestamp } from './repositorySettings';

export const DEPLOYMENT_STATES: readonly DeploymentState[] = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
];

export interface CreateDeploymentInput {
  ref: string;
  /** The commit `ref` resolves to. */
  sha: string;
  creator: ActorSnapshot;
  task?: string;
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  transient_environment?: boolean;
  /** Defaults to true for the environment named `production`, as on GitHub. */
  production_environment?: boolean;
}

export interface CreateDeploymentStatusInput {
  state: DeploymentState;
  creator: ActorSnapshot;
  description?: string | null;
  /** Moves the deployment to another environment. */
  environment?: string;
  environment_url?: string;
  log_url?: string;
  target_url?: string;
  /** Marks earlier successful deployments of the environment inactive (default true). */
  auto_inactive?: boolean;
}

/** A user as a deployment or status shows its creator. */
export function actorOf(user: UserRecord): ActorSnapshot {
  return {
    id: user.id,
    login: user.login,
    node_id: user.node_id,
    type: 'User',
  };
}

export function findDeployment(
  store: GitHubStore,
  repository: StoredRepository,
  deploymentId: number,
): DeploymentRecord {
  const deployment = settingsOf(store, repository).deployments.find(
    d => d.id === deploymentId,
  );
  if (!deployment) {
    throw notFound();
  }
  return deployment;
}

/**
 * Records a deployment of `input.sha` and creates its environment if needed.
 * Used by the REST route and by the sandbox's GitOps sync; the caller saves
 * the state afterwards.
 */
export function createDeployment(
  store: GitHubStore,
  repository: StoredRepository,
  input: CreateDeploymentInput,
): DeploymentRecord {
  const environmentName = input.environment ?? 'production';
  if (environmentName.length === 0 || environmentName.length > 255) {
    throw validationFailed({
      resource: 'Deployment',
      code: 'invalid',
      field: 'environment',
    });
  }
  const { environment } = ensureEnvironment(store, repository, environmentName);
  const now = timestamp();
  const deployment: DeploymentRecord = {
    id: store.allocateId(),
    sha: input.sha,
    ref: input.ref,
    task: input.task ?? 'deploy',
    payload: input.payload ?? {},
    environment: environment.name,
    original_environment: environment.name,
    description: input.description ?? '',
    transient_environment: input.transient_environment ?? false,
    production_environment:
      input.production_environment ?? environment.name === 'production',
    creator: input.creator,
    created_at: now,
    updated_at: now,
    statuses: [],
  };
  settingsOf(store, repository).deployments.push(deployment);
  return deployment;
}

function latestState(
  deployment: DeploymentRecord,
): DeploymentState | undefined {
  return deployment.statuses[deployment.statuses.length - 1]?.state;
}

function addStatus(
  store: GitHubStore,
  deployment: DeploymentRecord,
  fields: Omit<DeploymentStatusRecord, 'id' | 'created_at' | 'updated_at'>,
): DeploymentStatusRecord {
  const now = timestamp();
  const status: DeploymentStatusRecord = {
    id: store.allocateId(),
    ...fields,
    created_at: now,
    updated_at: now,
  };
  deployment.statuses.push(status);
  deployment.updated_at = now;
  return status;
}

/**
 * Adds a status to a deployment. A `success` marks earlier successful
 * deployments of the same environment inactive unless `auto_inactive` is
 * false, as GitHub does. The caller saves the state afterwards.
 */
export function createDeploymentStatus(
  store: GitHubStore,
  repository: StoredRepository,
  deploymentId: number,
  input: CreateDeploymentStatusInput,
): { deployment: DeploymentRecord; status: DeploymentStatusRecord } {
  const deployment = findDeployment(store, repository, deploymentId);
  if (!DEPLOYMENT_STATES.includes(input.state)) {
    throw validationFailed({
      resource: 'DeploymentStatus',
      code: 'custom',
      field: 'state',
      message: `state is not included in the list`,
    });
  }
  if (input.environment !== undefined && input.environment !== '') {
    const { environment } = ensureEnvironment(
      store,
      repository,
      input.environment,
    );
    deployment.environment = environment.name;
  }
  // log_url replaced target_url; setting either sets both.
  const logUrl = input.log_url ?? input.target_url ?? '';
  const status = addStatus(store, deployment, {
    state: input.state,
    description: input.description ?? '',
    environment: deployment.environment,
    target_url: logUrl,
    log_url: logUrl,
    environment_url: input.environment_url ?? '',
    creator: input.creator,
  });
  if (input.state === 'success' && input.auto_inactive !== false) {
    for (const earlier of settingsOf(store, repository).deployments) {
      if (
        earlier.id < deployment.id &&
        earlier.environment.toLowerCase() ===
          deployment.environment.toLowerCase() &&
        latestState(earlier) === 'success'
      ) {
        addStatus(store, earlier, {
          state: 'inactive',
          description: '',
          environment: earlier.environment,
          target_url: '',
          log_url: '',
          environment_url: '',
          creator: input.creator,
        });
      }
    }
  }
  return { deployment, status };
}

/**
 * Deletes a deployment if it is inactive or the only one of its
 * environment; GitHub refuses the others with 422.
 */
export function deleteDeployment(
  store: GitHubStore,
  repository: StoredRepository,
  deploymentId: number,
): void {
  const deployment = findDeployment(store, repository, deploymentId);
  const settings = settingsOf(store, repository);
  const sameEnvironment = settings.deployments.filter(
    d => d.environment.toLowerCase() === deployment.environment.toLowerCase(),
  );
  if (latestState(deployment) !== 'inactive' && sameEnvironment.length > 1) {
    throw new GitHubError(
      422,
      'We cannot delete an active deployment unless it is the only deployment in a given environment.',
    );
  }
  settings.deployments = settings.deployments.filter(
    d => d.id !== deployment.id,
  );
}
