import type { RequestHandler } from 'express';
import { callerOf } from './auth';
import { GitHubError } from './types';

/** An App permission's level; `admin` only exists for some organization permissions. */
export type AppPermissionLevel = 'read' | 'write' | 'admin';

const RANK: Record<AppPermissionLevel, number> = {
  read: 1,
  write: 2,
  admin: 3,
};

/** `administration=write`: a permission and the least level that does. */
type Requirement = `${string}=${AppPermissionLevel}`;

interface Rule {
  method: string;
  /** GitHub's path below the API root; `:name` is one segment, `*` the rest. */
  path: string;
  /** Alternatives (any one does); each lists the permissions it needs together. */
  accepted: Requirement[][];
  /** Refused to an installation on selected repositories, whatever its permissions. */
  allRepositories?: boolean;
}

const REPO = '/repos/:owner/:repo';

function rule(
  method: string,
  path: string,
  ...accepted: Array<Requirement | Requirement[]>
): Rule {
  return {
    method,
    path,
    accepted: accepted.map(a => (Array.isArray(a) ? a : [a])),
  };
}

/**
 * The permission a GitHub App installation needs for each route, as GitHub's
 * REST reference lists it ("Fine-grained access tokens" of each endpoint).
 * The first matching rule applies; a route that matches none is not checked.
 */
export const APP_PERMISSION_RULES: readonly Rule[] = [
  // Repositories: metadata reads, administration writes.
  {
    ...rule('POST', '/orgs/:org/repos', 'administration=write'),
    allRepositories: true,
  },
  rule('GET', REPO, 'metadata=read'),
  rule('PATCH', REPO, 'administration=write'),
  rule('DELETE', REPO, 'administration=write'),
  rule('GET', `${REPO}/topics`, 'metadata=read'),
  rule('PUT', `${REPO}/topics`, 'administration=write'),
  rule('GET', `${REPO}/teams`, 'metadata=read'),
  rule('GET', `${REPO}/collaborators`, 'metadata=read'),
  rule('GET', `${REPO}/collaborators/*`, 'metadata=read'),
  rule('PUT', `${REPO}/collaborators/:username`, 'administration=write'),
  rule('DELETE', `${REPO}/collaborators/:username`, 'administration=write'),
  // Team access: the repository's administration, and reading the team.
  rule('PUT', `/orgs/:org/teams/:team/repos/:owner/:repo`, [
    'administration=write',
    'members=read',
  ]),
  rule('DELETE', `/orgs/:org/teams/:team/repos/:owner/:repo`, [
    'administration=write',
    'members=read',
  ]),
  // Custom properties.
  rule('GET', `${REPO}/properties/values`, 'metadata=read'),
  rule(
    'PATCH',
    `${REPO}/properties/values`,
    'repository_custom_properties=write',
  ),
  rule(
    'GET',
    '/orgs/:org/properties/schema',
    'organization_custom_properties=read',
  ),
  rule(
    'GET',
    '/orgs/:org/properties/schema/:name',
    'organization_custom_properties=read',
  ),
  rule(
    'PATCH',
    '/orgs/:org/properties/schema',
    'organization_custom_properties=admin',
  ),
  rule(
    'PUT',
    '/orgs/:org/properties/schema/:name',
    'organization_custom_properties=admin',
  ),
  rule(
    'DELETE',
    '/orgs/:org/properties/schema/:name',
    'organization_custom_properties=admin',
  ),
  rule(
    'PATCH',
    '/orgs/:org/properties/values',
    'organization_custom_properties=write',
  ),
  // Rulesets and branch protection.
  rule('GET', `${REPO}/rulesets`, 'metadata=read'),
  rule('GET', `${REPO}/rulesets/:id`, 'metadata=read'),
  rule('POST', `${REPO}/rulesets`, 'administration=write'),
  rule('PUT', `${REPO}/rulesets/:id`, 'administration=write'),
  rule('DELETE', `${REPO}/rulesets/:id`, 'administration=write'),
  rule('GET', `${REPO}/branches/:branch/protection*`, 'administration=read'),
  rule('PUT', `${REPO}/branches/:branch/protection*`, 'administration=write'),
  rule('POST', `${REPO}/branches/:branch/protection*`, 'administration=write'),
  rule('PATCH', `${REPO}/branches/:branch/protection*`, 'administration=write'),
  rule(
    'DELETE',
    `${REPO}/branches/:branch/protection*`,
    'administration=write',
  ),
  rule('POST', `${REPO}/branches/:branch/rename`, 'administration=write'),
  // Environments: administration writes them, their variables are theirs.
  rule('GET', `${REPO}/environments/:env/variables*`, 'environments=read'),
  rule('POST', `${REPO}/environments/:env/variables`, 'environments=write'),
  rule(
    'PATCH',
    `${REPO}/environments/:env/variables/:name`,
    'environments=write',
  ),
  rule(
    'DELETE',
    `${REPO}/environments/:env/variables/:name`,
    'environments=write',
  ),
  rule('GET', `${REPO}/environments/:env/secrets*`, 'environments=read'),
  rule('PUT', `${REPO}/environments/:env/secrets/:name`, 'environments=write'),
  rule(
    'DELETE',
    `${REPO}/environments/:env/secrets/:name`,
    'environments=write',
  ),
  rule(
    'POST',
    `${REPO}/environments/:env/deployment-branch-policies`,
    'administration=write',
  ),
  rule(
    'PUT',
    `${REPO}/environments/:env/deployment-branch-policies/:id`,
    'administration=write',
  ),
  rule(
    'DELETE',
    `${REPO}/environments/:env/deployment-branch-policies/:id`,
    'administration=write',
  ),
  rule('PUT', `${REPO}/environments/:env`, 'administration=write'),
  rule('DELETE', `${REPO}/environments/:env`, 'administration=write'),
  // Actions variables and secrets of the repository.
  rule('GET', `${REPO}/actions/variables*`, 'actions_variables=read'),
  rule('POST', `${REPO}/actions/variables`, 'actions_variables=write'),
  rule('PATCH', `${REPO}/actions/variables/:name`, 'actions_variables=write'),
  rule('DELETE', `${REPO}/actions/variables/:name`, 'actions_variables=write'),
  rule('GET', `${REPO}/actions/secrets*`, 'secrets=read'),
  rule('PUT', `${REPO}/actions/secrets/:name`, 'secrets=write'),
  rule('DELETE', `${REPO}/actions/secrets/:name`, 'secrets=write'),
  // Deployments and commit statuses.
  rule('GET', `${REPO}/deployments*`, 'deployments=read'),
  rule('POST', `${REPO}/deployments*`, 'deployments=write'),
  rule('DELETE', `${REPO}/deployments/:id`, 'deployments=write'),
  rule('GET', `${REPO}/commits/:ref/status`, 'statuses=read'),
  rule('GET', `${REPO}/commits/:ref/statuses`, 'statuses=read'),
  rule('GET', `${REPO}/statuses/:sha`, 'statuses=read'),
  rule('POST', `${REPO}/statuses/:sha`, 'statuses=write'),
  // Contents: files, branches, commits and git objects.
  rule('GET', `${REPO}/contents/*`, 'contents=read'),
  rule('PUT', `${REPO}/contents/*`, 'contents=write'),
  rule('DELETE', `${REPO}/contents/*`, 'contents=write'),
  rule('GET', `${REPO}/branches`, 'contents=read'),
  rule('GET', `${REPO}/branches/*`, 'contents=read'),
  rule('GET', `${REPO}/commits*`, 'contents=read'),
  rule('GET', `${REPO}/compare/*`, 'contents=read'),
  rule('GET', `${REPO}/git/*`, 'contents=read'),
  rule('POST', `${REPO}/git/*`, 'contents=write'),
  rule('PATCH', `${REPO}/git/*`, 'contents=write'),
  rule('DELETE', `${REPO}/git/*`, 'contents=write'),
  rule('GET', `${REPO}/tarball*`, 'contents=read'),
  rule('GET', `${REPO}/zipball*`, 'contents=read'),
];

function patternOf(path: string): RegExp {
  const source = path
    .split(/(:[a-z_]+|\*)/)
    .map(part => {
      if (part === '*') {
        return '.*';
      }
      if (part.startsWith(':')) {
        return '[^/]+';
      }
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}

const COMPILED = APP_PERMISSION_RULES.map(r => ({
  ...r,
  pattern: patternOf(r.path),
}));

/** The rule for a request to the API; undefined when none applies. */
export function appPermissionRuleFor(method: string, path: string) {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return COMPILED.find(r => r.method === wanted && r.pattern.test(path));
}

/** Whether an installation's permissions cover `requirement`, e.g. `contents=write`. */
export function appHolds(
  granted: Record<string, string> | undefined,
  requirement: Requirement,
): boolean {
  const [name, level] = requirement.split('=') as [string, AppPermissionLevel];
  const held = granted?.[name] as AppPermissionLevel | undefined;
  return held !== undefined && RANK[held] >= RANK[level];
}

/** GitHub's `x-accepted-github-permissions`: alternatives by `;`, a set's permissions by `,`. */
export function acceptedHeader(accepted: Requirement[][]): string {
  return accepted.map(set => set.join(',')).join('; ');
}

/**
 * Refuses an installation token's request that its installation's
 * permissions do not cover, as GitHub does: 403 `Resource not accessible by
 * integration`, naming in `x-accepted-github-permissions` what would do.
 * Other callers pass; so do routes outside {@link APP_PERMISSION_RULES}.
 */
export function appPermissionsMiddleware(
  permissionsOf: (installation: number) => Record<string, string> | undefined,
): RequestHandler {
  return (req, _res, next) => {
    const { installation, repositoryIds } = callerOf(req);
    if (installation === undefined) {
      next();
      return;
    }
    const matched = appPermissionRuleFor(req.method, req.path);
    if (!matched) {
      next();
      return;
    }
    const granted = permissionsOf(installation);
    if (matched.allRepositories && repositoryIds) {
      next(new GitHubError(403, 'Resource not accessible by integration'));
      return;
    }
    if (matched.accepted.some(set => set.every(r => appHolds(granted, r)))) {
      next();
      return;
    }
    next(
      new GitHubError(
        403,
        'Resource not accessible by integration',
        undefined,
        { 'x-accepted-github-permissions': acceptedHeader(matched.accepted) },
      ),
    );
  };
}
