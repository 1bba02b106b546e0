import type { RequestHandler } from 'express';
import type { SettingsDeps } from './directory';

const ALIAS =
  /^\/repositories\/(\d+)(\/(?:environments|actions|deployments|rulesets|branches)(?:[/?].*)?)$/;

/**
 * GitHub serves every repository route under `/repositories/:id` too, and
 * Octokit 19 sends environment secrets and variables there: rewrite such a
 * request to `/repos/:owner/:repo/...` so the same routes answer it.
 */
export function repositoryIdAlias(deps: SettingsDeps): RequestHandler {
  return (req, _res, next) => {
    const lookup = deps.directory?.repositoryById;
    const match = lookup ? ALIAS.exec(req.url) : null;
    if (!lookup || !match) {
      next();
      return;
    }
    Promise.resolve(lookup(Number(match[1])))
      .then(repository => {
        if (repository) {
          req.url = `/repos/${encodeURIComponent(
            repository.owner,
          )}/${encodeURIComponent(repository.name)}${match[2]}`;
        }
        next();
      })
      .catch(next);
  };
}
