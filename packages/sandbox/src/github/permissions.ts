import type { Request } from 'express';
import { callerOf, hasScope, reaches } from './auth';
import { invalidField, notFound } from './errors';
import { bodyOf, optionalString } from './input';
import type { BasePermission, StoredRepository } from './state/model';
import { loginKey, type GitHubStore } from './state/GitHubStore';
import {
  GitHubError,
  type RepositoryAccess,
  type RepositoryPermission,
} from './types';
import { API_PREFIX, baseUrl } from './urls';

const LEVELS: RepositoryPermission[] = [
  'pull',
  'triage',
  'push',
  'maintain',
  'admin',
];

export function isPermission(value: unknown): value is RepositoryPermission {
  return LEVELS.includes(value as RepositoryPermission);
}

/** The `permission` a collaborator or team grant asks for in its body; push when absent. */
export function requestedPermission(req: Request): RepositoryPermission {
  const permission = optionalString(bodyOf(req), 'permission') ?? 'push';
  if (!isPermission(permission)) {
    throw invalidField(
      'permission',
      `For 'permission', "${permission}" is not a valid permission.`,
    );
  }
  return permission;
}

export function atLeast(
  held: RepositoryPermission | undefined,
  wanted: RepositoryPermission,
): boolean {
  return held !== undefined && LEVELS.indexOf(held) >= LEVELS.indexOf(wanted);
}

function strongest(
  permissions: Array<RepositoryPermission | undefined>,
): RepositoryPermission | undefined {
  let best: RepositoryPermission | undefined;
  for (const permission of permissions) {
    if (permission && !atLeast(best, permission)) {
      best = permission;
    }
  }
  return best;
}

const BASE_PERMISSIONS: Record<
  BasePermission,
  RepositoryPermission | undefined
> = {
  none: undefined,
  read: 'pull',
  write: 'push',
  admin: 'admin',
};

/**
 * What a user may do on a repository: the strongest of what the owner, the
 * organization's role and base permission, teams (with their parents) and
 * direct collaboration grant; public repositories are readable by anyone and
 * internal ones by every user of the instance.
 */
export function permissionOf(
  store: GitHubStore,
  login: string | undefined,
  repository: StoredRepository,
): RepositoryPermission | undefined {
  const granted: Array<RepositoryPermission | undefined> = [];
  if (repository.visibility === 'public') {
    granted.push('pull');
  }
  if (!login || !store.user(login)) {
    return strongest(granted);
  }
  const who = loginKey(login);
  if (repository.visibility === 'internal') {
    granted.push('pull');
  }
  const org = store.organization(repository.owner);
  if (!org) {
    granted.push(loginKey(repository.owner) === who ? 'admin' : undefined);
  } else {
    const role = org.members[who];
    if (role === 'admin') {
      granted.push('admin');
    } else if (role === 'member') {
      granted.push(BASE_PERMISSIONS[org.default_repository_permission]);
    }
    for (const team of store.teamsOf(login)) {
      granted.push(team.repositories[String(repository.id)]);
    }
  }
  granted.push(repository.collaborators[who]);
  return strongest(granted);
}

/** The `permissions` object of GitHub's repository JSON. */
export function permissionsJson(permission: RepositoryPermission | undefined) {
  return {
    admin: atLeast(permission, 'admin'),
    maintain: atLeast(permission, 'maintain'),
    push: atLeast(permission, 'push'),
    triage: atLeast(permission, 'triage'),
    pull: atLeast(permission, 'pull'),
  };
}

/** `permission` of the collaborator permission endpoint: admin, write, read or none. */
export function legacyPermission(permission: RepositoryPermission | undefined) {
  if (permission === 'admin') {
    return 'admin';
  }
  if (atLeast(permission, 'push')) {
    return 'write';
  }
  return permission ? 'read' : 'none';
}

/** GitHub's names for the roles: pull and push are read and write. */
export function roleName(permission: RepositoryPermission): string {
  const names: Record<RepositoryPermission, string> = {
    pull: 'read',
    triage: 'triage',
    push: 'write',
    maintain: 'maintain',
    admin: 'admin',
  };
  return names[permission];
}

const DENIED: Record<RepositoryPermission, string> = {
  pull: 'Not Found',
  triage: 'Must have triage access to repository.',
  push: 'Must have push access to repository.',
  maintain: 'Must have maintain access to repository.',
  admin: 'Must have admin rights to Repository.',
};

export interface CheckOptions {
  /** Lets archive and unarchive, and deletion, through on an archived repository. */
  allowArchived?: boolean;
}

/**
 * Finds a repository and checks the caller against it, in GitHub's order:
 * invisible is 404 (also without the `repo` scope for a private one), a
 * renamed one redirects, then permission, scope and archived state give 403.
 */
export function checkRepository(
  store: GitHubStore,
  req: Request,
  owner: string,
  name: string,
  wanted: RepositoryPermission,
  options: CheckOptions = {},
): RepositoryAccess & {
  repository: StoredRepository;
  permission: RepositoryPermission;
} {
  const caller = callerOf(req);
  const repository = store.repository(owner, name);
  if (!repository) {
    const moved = store.redirect(owner, name);
    if (
      moved &&
      (reaches(caller, moved) || moved.visibility === 'public') &&
      permissionOf(store, caller.login, moved)
    ) {
      throw movedTo(req, moved);
    }
    throw notFound();
  }
  // An installation on selected repositories reads public ones, no more.
  if (!reaches(caller, repository)) {
    if (repository.visibility !== 'public') {
      throw notFound();
    }
    if (wanted !== 'pull') {
      throw new GitHubError(403, 'Resource not accessible by integration');
    }
  }
  const permission = permissionOf(store, caller.login, repository);
  const visible =
    permission !== undefined &&
    (repository.visibility === 'public' || hasScope(caller, 'repo'));
  if (!visible) {
    throw notFound();
  }
  if (wanted !== 'pull' && !caller.login) {
    throw new GitHubError(401, 'Requires authentication');
  }
  if (!atLeast(permission, wanted)) {
    throw new GitHubError(403, DENIED[wanted]);
  }
  if (
    wanted !== 'pull' &&
    !hasScope(caller, 'repo') &&
    !hasScope(caller, 'public_repo')
  ) {
    throw new GitHubError(
      403,
      'Resource not accessible by personal access token',
      undefined,
      { 'x-accepted-oauth-scopes': 'public_repo, repo' },
    );
  }
  if (wanted !== 'pull' && repository.archived && !options.allowArchived) {
    throw new GitHubError(403, 'Repository was archived so is read-only.');
  }
  return { login: caller.login ?? '', repository, permission };
}

function movedTo(req: Request, repository: StoredRepository): GitHubError {
  const rest = req.originalUrl.replace(
    new RegExp(`^${API_PREFIX}/repos/[^/]+/[^/?]+`),
    '',
  );
  const location = `${baseUrl(req)}${API_PREFIX}/repositories/${
    repository.id
  }${rest}`;
  const safe = req.method === 'GET' || req.method === 'HEAD';
  return new GitHubError(safe ? 301 : 307, 'Moved Permanently', undefined, {
    location,
  });
}
