import type { Request } from 'express';
import type { RepositoryPermission, RepositoryRecord } from '../types';
import type { SettingsDeps } from './directory';
import { environmentOfRequest } from './environmentsStore';
import {
  settingsOf,
  type RepositorySettingsState,
  type SecretRecord,
  type SecretsKeyRecord,
  type VariableRecord,
} from './state';

/** Where secrets and variables live: a repository, or one of its environments. */
export interface ActionsScope {
  variables: VariableRecord[];
  secrets: SecretRecord[];
  secrets_key?: SecretsKeyRecord;
}

/** Route prefixes of the two scopes, relative to the API root. */
export const SCOPE_PREFIXES = [
  '/repos/:owner/:repo/actions',
  '/repos/:owner/:repo/environments/:environment_name',
];

/** The scope a request addresses; 404 for an environment that does not exist. */
export async function scopeOf(
  deps: SettingsDeps,
  state: RepositorySettingsState,
  req: Request,
  permission: RepositoryPermission,
): Promise<{ repository: RepositoryRecord; scope: ActionsScope }> {
  if (req.params.environment_name === undefined) {
    const { repository } = await deps.requireRepository(req, permission);
    return { repository, scope: settingsOf(state, repository) };
  }
  const { repository, environment } = await environmentOfRequest(
    deps,
    state,
    req,
    permission,
  );
  return { repository, scope: environment };
}
