import { nodeId } from '../nodeIds';
import type {
  DeploymentRecord,
  DeploymentStatusRecord,
  StoredRepository,
} from '../state/model';
import type { Urls } from '../urls';
import { simpleUserJson } from './accounts';

function deploymentUrl(
  urls: Urls,
  repository: StoredRepository,
  deployment: DeploymentRecord,
) {
  return `${urls.api}/repos/${repository.owner}/${repository.name}/deployments/${deployment.id}`;
}

/** GitHub's `deployment` object. */
export function deploymentJson(
  urls: Urls,
  repository: StoredRepository,
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
    creator: simpleUserJson(urls, { ...deployment.creator, site_admin: false }),
    created_at: deployment.created_at,
    updated_at: deployment.updated_at,
    statuses_url: `${url}/statuses`,
    repository_url: `${urls.api}/repos/${repository.owner}/${repository.name}`,
    transient_environment: deployment.transient_environment,
    production_environment: deployment.production_environment,
    performed_via_github_app: null,
  };
}

/** GitHub's `deployment-status` object. */
export function deploymentStatusJson(
  urls: Urls,
  repository: StoredRepository,
  deployment: DeploymentRecord,
  status: DeploymentStatusRecord,
) {
  const url = deploymentUrl(urls, repository, deployment);
  return {
    url: `${url}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId('DeploymentStatus', status.id),
    state: status.state,
    creator: simpleUserJson(urls, { ...status.creator, site_admin: false }),
    description: status.description,
    environment: status.environment,
    target_url: status.target_url,
    created_at: status.created_at,
    updated_at: status.updated_at,
    deployment_url: url,
    repository_url: `${urls.api}/repos/${repository.owner}/${repository.name}`,
    environment_url: status.environment_url,
    log_url: status.log_url,
    performed_via_github_app: null,
  };
}
