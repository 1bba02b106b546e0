import type { Request } from 'express';
import type { GitRepositoryStore } from '../git/types';
import type { SandboxLogger } from '../logger';
import { callerOf } from './auth';
import { notFound } from './errors';
import { checkRepository, type CheckOptions } from './permissions';
import type { OrganizationRecord } from './state/model';
import { loginKey, type GitHubStore } from './state/GitHubStore';
import type { RepositoryPermission } from './types';

/** What every route module is built from. */
export interface GitHubContext {
  store: GitHubStore;
  git: GitRepositoryStore;
  /** Lets the settings routes drop what they keep for a deleted repository. */
  onRepositoryDeleted(id: number): void;
  /** Whether the settings routes keep a protection for the branch. */
  isBranchProtected(repositoryId: number, branch: string): boolean;
  logger?: SandboxLogger;
}

/** `:owner/:repo` of the request, checked for `permission`. */
export function repositoryOf(
  ctx: GitHubContext,
  req: Request,
  permission: RepositoryPermission,
  options?: CheckOptions,
) {
  return checkRepository(
    ctx.store,
    req,
    req.params.owner,
    req.params.repo,
    permission,
    options,
  );
}

/** `:org` of the request; 404 when it is not an organization. */
export function organizationOf(
  ctx: GitHubContext,
  req: Request,
): OrganizationRecord {
  const org = ctx.store.organization(req.params.org);
  if (!org) {
    throw notFound();
  }
  return org;
}

/** The caller's role in an organization, if any. */
export function roleIn(org: OrganizationRecord, req: Request) {
  const { login } = callerOf(req);
  return login ? org.members[loginKey(login)] : undefined;
}
