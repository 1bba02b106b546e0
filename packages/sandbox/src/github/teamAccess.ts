import type { Request } from 'express';
import { callerOf, requireLogin, requireScope } from './auth';
import { organizationOf, roleIn, type GitHubContext } from './context';
import { notFound } from './errors';
import type { OrganizationRecord, TeamRecord } from './state/model';
import { loginKey } from './state/GitHubStore';
import { GitHubError } from './types';

/** Org admins see every team, members the closed ones and the secret ones they are in. */
export function canSeeTeam(
  org: OrganizationRecord,
  team: TeamRecord,
  req: Request,
): boolean {
  const role = roleIn(org, req);
  const { login } = callerOf(req);
  if (role === 'admin') {
    return true;
  }
  if (!role || !login) {
    return false;
  }
  return team.privacy === 'closed' || Boolean(team.members[loginKey(login)]);
}

/** `:org/:team_slug` of the request, when the caller may see it. */
export function teamOf(ctx: GitHubContext, req: Request) {
  const org = organizationOf(ctx, req);
  const team = ctx.store.team(org.login, req.params.team_slug);
  if (!team || !canSeeTeam(org, team, req)) {
    throw notFound();
  }
  return { org, team };
}

/** Changing a team takes an org admin or one of its maintainers, and `admin:org`. */
export function requireTeamManager(
  req: Request,
  org: OrganizationRecord,
  team: TeamRecord,
) {
  const login = requireLogin(req);
  requireScope(req, 'admin:org', 'write:org');
  const isMaintainer = team.members[loginKey(login)] === 'maintainer';
  if (roleIn(org, req) !== 'admin' && !isMaintainer) {
    throw new GitHubError(
      403,
      'You must be an organization owner or team maintainer to perform this action.',
    );
  }
}

/** GitHub's slug of a team name. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
