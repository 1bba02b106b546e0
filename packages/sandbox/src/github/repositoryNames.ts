import { validationFailed } from './errors';
import type { GitHubStore } from './state/GitHubStore';
import type { StoredRepository } from './state/model';
import { GitHubError } from './types';

const VALID_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * 422 for a name GitHub would not keep as given (it rewrites other
 * characters to hyphens, which would surprise callers of the sandbox) or one
 * the owner already uses.
 */
export function requireAvailableName(
  store: GitHubStore,
  owner: string,
  name: string | undefined,
  message: string,
  except?: StoredRepository,
): string {
  if (!name) {
    throw validationFailed(
      { resource: 'Repository', code: 'missing_field', field: 'name' },
      message,
    );
  }
  if (
    !VALID_NAME.test(name) ||
    name === '.' ||
    name === '..' ||
    name.toLowerCase().endsWith('.git')
  ) {
    throw validationFailed(
      {
        resource: 'Repository',
        code: 'custom',
        field: 'name',
        message:
          'name can only contain ASCII letters, digits, and the characters ., -, and _, and cannot end in .git',
      },
      message,
    );
  }
  const existing = store.repository(owner, name);
  if (existing && existing !== except) {
    throw new GitHubError(422, message, [
      {
        resource: 'Repository',
        code: 'custom',
        field: 'name',
        message: 'name already exists on this account',
      },
    ]);
  }
  return name;
}
