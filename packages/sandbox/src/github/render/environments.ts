import { nodeId } from '../nodeIds';
import type { GitHubStore } from '../state/GitHubStore';
import type {
  DeploymentBranchPolicyRecord,
  EnvironmentRecord,
  EnvironmentReviewer,
  StoredRepository,
} from '../state/model';
import type { Urls } from '../urls';
import { simpleUser, userAccount } from './accounts';
import { teamJson } from './team';

export function environmentUrl(
  urls: Urls,
  repository: StoredRepository,
  environment: EnvironmentRecord,
) {
  return `${urls.api}/repos/${repository.owner}/${
    repository.name
  }/environments/${encodeURIComponent(environment.name)}`;
}

/** A required reviewer as the user or team it names; only the id once that is gone. */
function reviewerJson(
  urls: Urls,
  store: GitHubStore,
  reviewer: EnvironmentReviewer,
) {
  if (reviewer.type === 'User') {
    const user = store.userById(reviewer.id);
    return {
      type: reviewer.type,
      reviewer: user
        ? simpleUser(urls, userAccount(user))
        : { id: reviewer.id },
    };
  }
  const team = store.teamById(reviewer.id);
  const org = team && store.organization(team.org);
  return {
    type: reviewer.type,
    reviewer:
      team && org ? teamJson(urls, store, org, team) : { id: reviewer.id },
  };
}

/** GitHub's `environment` object, its protection rules derived from the settings. */
export function environmentJson(
  urls: Urls,
  store: GitHubStore,
  repository: StoredRepository,
  environment: EnvironmentRecord,
) {
  const rules: Record<string, unknown>[] = [];
  const ids = environment.rule_ids;
  if (environment.wait_timer > 0) {
    rules.push({
      id: ids.wait_timer,
      node_id: nodeId('Gate', ids.wait_timer),
      type: 'wait_timer',
      wait_timer: environment.wait_timer,
    });
  }
  if (environment.reviewers.length > 0) {
    rules.push({
      id: ids.required_reviewers,
      node_id: nodeId('Gate', ids.required_reviewers),
      prevent_self_review: environment.prevent_self_review,
      type: 'required_reviewers',
      reviewers: environment.reviewers.map(reviewer =>
        reviewerJson(urls, store, reviewer),
      ),
    });
  }
  if (environment.deployment_branch_policy) {
    rules.push({
      id: ids.branch_policy,
      node_id: nodeId('Gate', ids.branch_policy),
      type: 'branch_policy',
    });
  }
  return {
    id: environment.id,
    node_id: nodeId('Environment', environment.id),
    name: environment.name,
    url: environmentUrl(urls, repository, environment),
    html_url: `${urls.web}/${repository.owner}/${
      repository.name
    }/deployments/activity_log?environments_filter=${encodeURIComponent(
      environment.name,
    )}`,
    created_at: environment.created_at,
    updated_at: environment.updated_at,
    protection_rules: rules,
    deployment_branch_policy: environment.deployment_branch_policy,
  };
}

/** GitHub's `deployment-branch-policy` object. */
export function deploymentBranchPolicyJson(
  policy: DeploymentBranchPolicyRecord,
) {
  return {
    id: policy.id,
    node_id: nodeId('GateBranchPolicy', policy.id),
    name: policy.name,
    type: policy.type,
  };
}
