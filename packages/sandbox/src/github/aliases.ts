import type { RequestHandler } from 'express';
import type { GitHubStore } from './state/GitHubStore';

const REPOSITORY_BY_ID = /^\/repositories\/(\d+)(\/[^?]*)?(\?.*)?$/;
const TEAM_BY_ID = /^\/organizations\/(\d+)\/team\/(\d+)(\/[^?]*)?(\?.*)?$/;

/**
 * Serves GitHub's id-based aliases through the named routes:
 * `/repositories/:id/...` as `/repos/:owner/:repo/...` (Octokit and renamed
 * repositories' redirects use it) and `/organizations/:org_id/team/:team_id/...`
 * as `/orgs/:org/teams/:team_slug/...` (the `url` of a team).
 */
export function idAliases(store: GitHubStore): RequestHandler {
  return (req, _res, next) => {
    const repoMatch = REPOSITORY_BY_ID.exec(req.url);
    const repo = repoMatch && store.repositoryById(repoMatch[1]);
    if (repoMatch && repo) {
      req.url = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(
        repo.name,
      )}${repoMatch[2] ?? ''}${repoMatch[3] ?? ''}`;
    }
    const teamMatch = TEAM_BY_ID.exec(req.url);
    const team = teamMatch && store.teamById(Number(teamMatch[2]));
    const org = team && store.organization(team.org);
    if (teamMatch && team && org && String(org.id) === teamMatch[1]) {
      req.url = `/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}${
        teamMatch[3] ?? ''
      }${teamMatch[4] ?? ''}`;
    }
    next();
  };
}
