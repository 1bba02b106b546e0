import { GitHubError, type RepositoryRecord } from '../types';
import { simpleUser, type DirectoryUser } from './directory';
import { ensureEnvironment } from './environmentsStore';
import { nodeId, now, repositoryApiUrl, type Urls } from './rest';
import {
  nextId,
  settingsOf,
  type DeploymentRecord,
  type DeploymentState,
  type DeploymentStatusRecord,
  type RepositorySettingsState,
} from './state';

export const DEPLOYMENT_STATES: readonly DeploymentState[] = [
  'error',
  'failure',
  'inactive',
  'in_progress',
  'queued',
  'pending',
  'success',
];

/** Who acts and where the answer's URLs point, for calls made without HTTP. */
export interface DeploymentActor {
  creator: DirectoryUser;
  /** `http(s)://host[:port]` of the sandbox's GitHub server. */
  baseUrl: string;
}

export interface CreateDeploymentInput extends DeploymentActor {
  ref: string;
  /** The commit `ref` resolves to. */
  sha: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  transient_environment?: boolean;
  /** Defaults to true for the environment named `production`, as on GitHub. */
  production_environment?: boolean;
}

export interface CreateDeploymentStatusInput extends DeploymentActor {
  state: DeploymentState;
  description?: string | null;
  /** Moves the deployment to another environment. */
  environment?: string;
  environment_url?: string;
  log_url?: string;
  target_url?: string;
  /** Marks earlier successful deployments of the environment inactive (default true). */
  auto_inactive?: boolean;
}

function urlsFor(baseUrl: string): Urls {
  const web = baseUrl.replace(/\/+$/, '');
  return { web, api: `${web}/api/v3` };
}

function deploymentUrl(
  urls: Urls,
  repository: RepositoryRecord,
  deployment: DeploymentRecord,
) {
  return `${repositoryApiUrl(urls, repository)}/deployments/${deployment.id}`;
}

/** GitHub's `deployment` object. */
export function renderDeployment(
  urls: Urls,
  repository: RepositoryRecord,
  deployment: DeploymentRecord,
) {
  const url = deploymentUrl(urls, repository, deployment);
  return {
    url,
    id: deployment.id,
    node_id: nodeId('Deployment', deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.original_environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: simpleUser(urls, deployment.creator),
    created_at: deployment.created_at,
    updated_at: deployment.updated_at,
    statuses_url: `${url}/statuses`,
    repository_url: repositoryApiUrl(urls, repository),
    transient_environment: deployment.transient_environment,
    production_environment: deployment.production_environment,
    performed_via_github_app: null,
  };
}

/** GitHub's `deployment-status` object. */
export function renderDeploymentStatus(
  urls: Urls,
  repository: RepositoryRecord,
  deployment: DeploymentRecord,
  status: DeploymentStatusRecord,
) {
  const url = deploymentUrl(urls, repository, deployment);
  return {
    url: `${url}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DeploymentStatus', status.id),
    state: status.state,
    creator: simpleUser(urls, status.creator),
    description: status.description,
    environment: status.environment,
    target_url: status.target_url,
    created_at: status.created_at,
    updated_at: status.updated_at,
    deployment_url: url,
    repository_url: repositoryApiUrl(urls, repository),
    environment_url: status.environment_url,
    log_url: status.log_url,
    performed_via_github_app: null,
  };
}

export function findDeployment(
  state: RepositorySettingsState,
  repository: RepositoryRecord,
  deploymentId: number,
): DeploymentRecord {
  const deployment = settingsOf(state, repository).deployments.find(
    d => d.id === deploymentId,
  );
  if (!deployment) {
    throw new GitHubError(404, 'Not Found');
  }
  return deployment;
}

/**
 * Records a deployment of `input.sha` and creates its environment if needed.
 * Used by the REST route and by the sandbox's GitOps sync; the caller saves
 * the state afterwards.
 */
export function createDeployment(
  state: RepositorySettingsState,
  repository: RepositoryRecord,
  input: CreateDeploymentInput,
) {
  const environmentName = input.environment ?? 'production';
  if (environmentName.length === 0 || environmentName.length > 255) {
    throw new GitHubError(422, 'Validation Failed', [
      { resource: 'Deployment', code: 'invalid', field: 'environment' },
    ]);
  }
  const { environment } = ensureEnvironment(state, repository, environmentName);
  const timestamp = now();
  const deployment: DeploymentRecord = {
    id: nextId(state),
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
    created_at: timestamp,
    updated_at: timestamp,
    statuses: [],
  };
  settingsOf(state, repository).deployments.push(deployment);
  return renderDeployment(urlsFor(input.baseUrl), repository, deployment);
}

function latestState(
  deployment: DeploymentRecord,
): DeploymentState | undefined {
  return deployment.statuses[deployment.statuses.length - 1]?.state;
}

function addStatus(
  state: RepositorySettingsState,
  deployment: DeploymentRecord,
  fields: Omit<DeploymentStatusRecord, 'id' | 'created_at' | 'updated_at'>,
): DeploymentStatusRecord {
  const timestamp = now();
  const status: DeploymentStatusRecord = {
    id: nextId(state),
    ...fields,
    created_at: timestamp,
    updated_at: timestamp,
  };
  deployment.statuses.push(status);
  deployment.updated_at = timestamp;
  return status;
}

/**
 * Adds a status to a deployment. A `success` marks earlier successful
 * deployments of the same environment inactive unless `auto_inactive` is
 * false, as GitHub does. The caller saves the state afterwards.
 */
export function createDeploymentStatus(
  state: RepositorySettingsState,
  repository: RepositoryRecord,
  deploymentId: number,
  input: CreateDeploymentStatusInput,
) {
  const deployment = findDeployment(state, repository, deploymentId);
  if (!DEPLOYMENT_STATES.includes(input.state)) {
    throw new GitHubError(422, 'Validation Failed', [
      {
        resource: 'DeploymentStatus',
        code: 'custom',
        field: 'state',
        message: `state is not included in the list`,
      },
    ]);
  }
  if (input.environment !== undefined && input.environment !== '') {
    const { environment } = ensureEnvironment(
      state,
      repository,
      input.environment,
    );
    deployment.environment = environment.name;
  }
  // log_url replaced target_url; setting either sets both.
  const logUrl = input.log_url ?? input.target_url ?? '';
  const status = addStatus(state, deployment, {
    state: input.state,
    description: input.description ?? '',
    environment: deployment.environment,
    target_url: logUrl,
    log_url: logUrl,
    environment_url: input.environment_url ?? '',
    creator: input.creator,
  });
  if (input.state === 'success' && input.auto_inactive !== false) {
    for (const earlier of settingsOf(state, repository).deployments) {
      if (
        earlier.id < deployment.id &&
        earlier.environment.toLowerCase() ===
          deployment.environment.toLowerCase() &&
        latestState(earlier) === 'success'
      ) {
        addStatus(state, earlier, {
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
  return renderDeploymentStatus(
    urlsFor(input.baseUrl),
    repository,
    deployment,
    status,
  );
}

/**
 * Deletes a deployment if it is inactive or the only one of its
 * environment; GitHub refuses the others with 422.
 */
export function deleteDeployment(
  state: RepositorySettingsState,
  repository: RepositoryRecord,
  deploymentId: number,
): void {
  const deployment = findDeployment(state, repository, deploymentId);
  const settings = settingsOf(state, repository);
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
