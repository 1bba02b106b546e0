import express, { type Router } from 'express';
import { callerOf } from '../auth';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound, validationFailed } from '../errors';
import { sendPage } from '../pagination';
import {
  permissionOf,
  permissionsJson,
  requestedPermission,
  roleName,
} from '../permissions';
import { repositoryJson } from '../render/repository';
import { teamJson } from '../render/team';
import { loginKey } from '../state/GitHubStore';
import { canSeeTeam, teamOf } from '../teamAccess';
import { urlsOf } from '../urls';

/** Which teams reach which repositories, and with what permission. */
export function teamRepositoriesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  router.get(
    '/orgs/:org/teams/:team_slug/repos',
    handle((req, res) => {
      const { team } = teamOf(ctx, req);
      const urls = urlsOf(req);
      const { login } = callerOf(req);
      const repositories = Object.entries(team.repositories)
        .map(([id, permission]) => ({
          repo: store.repositoryById(id),
          permission,
        }))
        .filter(
          ({ repo }) => repo && permissionOf(store, login, repo) !== undefined,
        )
        .sort((a, b) => a.repo!.id - b.repo!.id)
        .map(({ repo, permission }) => ({
          ...repositoryJson(urls, store, repo!, permission),
          role_name: roleName(permission),
        }));
      sendPage(req, res, repositories);
    }),
  );

  router.get(
    '/orgs/:org/teams/:team_slug/repos/:owner/:repo',
    handle((req, res) => {
      const { team } = teamOf(ctx, req);
      const { repository } = repositoryOf(ctx, req, 'pull');
      const permission = team.repositories[String(repository.id)];
      if (!permission) {
        throw notFound();
      }
      // The repository media type asks for the repository with the team's permissions.
      if (!req.headers.accept?.includes('repository+json')) {
        res.status(204).end();
        return;
      }
      res.json({
        ...repositoryJson(urlsOf(req), store, repository, permission),
        permissions: permissionsJson(permission),
        role_name: roleName(permission),
      });
    }),
  );

  router.put(
    '/orgs/:org/teams/:team_slug/repos/:owner/:repo',
    handle((req, res) => {
      const { org, team } = teamOf(ctx, req);
      const { repository } = repositoryOf(ctx, req, 'admin');
      const permission = requestedPermission(req);
      if (loginKey(repository.owner) !== loginKey(org.login)) {
        throw validationFailed({
          resource: 'TeamRepository',
          code: 'custom',
          field: 'repository',
          message: 'Repository must be owned by the organization',
        });
      }
      team.repositories[String(repository.id)] = permission;
      store.save();
      res.status(204).end();
    }),
  );

  router.delete(
    '/orgs/:org/teams/:team_slug/repos/:owner/:repo',
    handle((req, res) => {
      const { team } = teamOf(ctx, req);
      const { repository } = repositoryOf(ctx, req, 'admin');
      delete team.repositories[String(repository.id)];
      store.save();
      res.status(204).end();
    }),
  );

  router.get(
    '/repos/:owner/:repo/teams',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const org = store.organization(repository.owner);
      const urls = urlsOf(req);
      const teams = org
        ? store
            .teamsWithAccess(repository)
            .filter(({ team }) => canSeeTeam(org, team, req))
            .sort((a, b) => a.team.name.localeCompare(b.team.name))
            .map(({ team, permission }) =>
              teamJson(urls, store, org, team, permission),
            )
        : [];
      sendPage(req, res, teams);
    }),
  );

  return router;
}
