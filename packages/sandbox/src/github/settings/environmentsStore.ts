import type { Request } from 'express';
import type { RepositoryPermission, RepositoryRecord } from '../types';
import type { SettingsDeps } from './directory';
import { notFound, now } from './rest';
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

/** The repository and environment a request names (`:environment_name`); 404 when either is missing. */
export async function environmentOfRequest(
  deps: SettingsDeps,
  state: RepositorySettingsState,
  req: Request,
  permission: RepositoryPermission,
): Promise<{ repository: RepositoryRecord; environment: EnvironmentRecord }> {
  const { repository } = await deps.requireRepository(req, permission);
  const environment = findEnvironment(
    state,
    repository,
    req.params.environment_name,
  );
  if (!environment) {
    throw notFound();
  }
  return { repository, environment };
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
