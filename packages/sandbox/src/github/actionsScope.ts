import type { Request } from 'express';
import { environmentOf, repositoryOf, type GitHubContext } from './context';
import type {
  SecretRecord,
  SecretsKeyRecord,
  StoredRepository,
  VariableRecord,
} from './state/model';
import { settingsOf } from './state/repositorySettings';
import type { RepositoryPermission } from './types';

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
export function scopeOf(
  ctx: GitHubContext,
  req: Request,
  permission: RepositoryPermission,
): { repository: StoredRepository; scope: ActionsScope } {
  if (req.params.environment_name === undefined) {
    const { repository } = repositoryOf(ctx, req, permission);
    return { repository, scope: settingsOf(ctx.store, repository) };
  }
  const { repository, environment } = environmentOf(ctx, req, permission);
  return { repository, scope: environment };
}
