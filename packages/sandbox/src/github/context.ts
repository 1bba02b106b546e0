import type { Request } from 'express';
import type { GitRepositoryStore } from '../git/types';
import type { SandboxLogger } from '../logger';
import { callerOf } from './auth';
import { notFound } from './errors';
import { checkRepository, type CheckOptions } from './permissions';
import { findEnvironment } from './state/environments';
import type { OrganizationRecord } from './state/model';
import { loginKey, type GitHubStore } from './state/GitHubStore';
import type { RepositoryPermission } from './types';

/** What every route module is built from. */
export interface GitHubContext {
  store: GitHubStore;
  git: GitRepositoryStore;
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

/** `:owner/:repo` and its environment `:environment_name`; 404 when either is missing. */
export function environmentOf(
  ctx: GitHubContext,
  req: Request,
  permission: RepositoryPermission,
) {
  const { repository } = repositoryOf(ctx, req, permission);
  const environment = findEnvironment(
    ctx.store,
    repository,
    req.params.environment_name,
  );
  if (!environment) {
    throw notFound();
  }
  return { repository, environment };
}
