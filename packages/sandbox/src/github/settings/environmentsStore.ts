import type { RepositoryRecord } from '../types';
import { now } from './rest';
import {
  nextId,
  settingsOf,
  type EnvironmentRecord,
  type RepositorySettingsState,
} from './state';

/** Environment names are case-insensitive on GitHub. */
export function findEnvironment(
  state: RepositorySettingsState,
  repository: RepositoryRecord,
  name: string,
): EnvironmentRecord | undefined {
  const wanted = name.toLowerCase();
  return settingsOf(state, repository).environments.find(
    e => e.name.toLowerCase() === wanted,
  );
}

/** Finds or creates an environment (deployments create theirs, as on GitHub). */
export function ensureEnvironment(
  state: RepositorySettingsState,
  repository: RepositoryRecord,
  name: string,
): { environment: EnvironmentRecord; created: boolean } {
  const existing = findEnvironment(state, repository, name);
  if (existing) {
    return { environment: existing, created: false };
  }
  const timestamp = now();
  const environment: EnvironmentRecord = {
    id: nextId(state),
    name,
    created_at: timestamp,
    updated_at: timestamp,
    wait_timer: 0,
    prevent_self_review: false,
    reviewers: [],
    rule_ids: {
      wait_timer: nextId(state),
      required_reviewers: nextId(state),
      branch_policy: nextId(state),
    },
    deployment_branch_policy: null,
    branch_policies: [],
    variables: [],
    secrets: [],
  };
  settingsOf(state, repository).environments.push(environment);
  return { environment, created: true };
}
