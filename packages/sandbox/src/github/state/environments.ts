import type { GitHubStore } from './GitHubStore';
import type { EnvironmentRecord, StoredRepository } from './model';
import { settingsOf, timestamp } from './repositorySettings';

/** Environment names are case-insensitive on GitHub. */
export function findEnvironment(
  store: GitHubStore,
  repository: StoredRepository,
  name: string,
): EnvironmentRecord | undefined {
  const wanted = name.toLowerCase();
  return settingsOf(store, repository).environments.find(
    e => e.name.toLowerCase() === wanted,
  );
}

/** Finds or creates an environment (deployments create theirs, as on GitHub). */
export function ensureEnvironment(
  store: GitHubStore,
  repository: StoredRepository,
  name: string,
): { environment: EnvironmentRecord; created: boolean } {
  const existing = findEnvironment(store, repository, name);
  if (existing) {
    return { environment: existing, created: false };
  }
  const now = timestamp();
  const environment: EnvironmentRecord = {
    id: store.allocateId(),
    name,
    created_at: now,
    updated_at: now,
    wait_timer: 0,
    prevent_self_review: false,
    reviewers: [],
    rule_ids: {
      wait_timer: store.allocateId(),
      required_reviewers: store.allocateId(),
      branch_policy: store.allocateId(),
    },
    deployment_branch_policy: null,
    branch_policies: [],
    variables: [],
    secrets: [],
  };
  settingsOf(store, repository).environments.push(environment);
  return { environment, created: true };
}
