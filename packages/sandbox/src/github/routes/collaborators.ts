import express, { type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound, validationFailed } from '../errors';
import { queryString } from '../input';
import { sendPage } from '../pagination';
import {
  legacyPermission,
  permissionOf,
  permissionsJson,
  requestedPermission,
  roleName,
} from '../permissions';
import { simpleUser, userAccount } from '../render/accounts';
import type { StoredRepository, UserRecord } from '../state/model';
import { loginKey } from '../state/GitHubStore';
import { urlsOf, type Urls } from '../urls';

/** Repository collaborators and the permission any user has. */
export function collaboratorsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  const collaboratorJson = (
    urls: Urls,
    repo: StoredRepository,
    user: UserRecord,
  ) => {
    const permission = permissionOf(store, user.login, repo) ?? 'pull';
    return {
      ...simpleUser(urls, userAccount(user)),
      permissions: permissionsJson(permission),
      role_name: roleName(permission),
    };
  };

  /**
   * Everyone with access beyond the public: `direct` grants, `outside`
   * collaborators who are not organization members, or `all` (the default,
   * adding owners, organization members and teams).
   */
  const collaboratorsOf = (repo: StoredRepository, affiliation: string) => {
    const org = store.organization(repo.owner);
    const direct = Object.keys(repo.collaborators);
    if (affiliation === 'direct') {
      return direct;
    }
    if (affiliation === 'outside') {
      return direct.filter(login => !org?.members[login]);
    }
    const logins = new Set(direct);
    if (org) {
      for (const [login] of Object.entries(org.members)) {
        const user = store.user(login);
        if (user && permissionOf(store, login, repo) !== undefined) {
          const viaPublic =
            repo.visibility === 'public' &&
            permissionOf(store, login, { ...repo, visibility: 'private' }) ===
              undefined;
          if (!viaPublic) {
            logins.add(login);
          }
        }
      }
    } else {
      logins.add(loginKey(repo.owner));
    }
    return [...logins];
  };

  router.get(
    '/repos/:owner/:repo/collaborators',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const affiliation = queryString(req, 'affiliation') ?? 'all';
      const permissionFilter = queryString(req, 'permission');
      const urls = urlsOf(req);
      const users = collaboratorsOf(repository, affiliation)
        .map(login => store.user(login))
        .filter(user => user !== undefined)
        .filter(
          user =>
            !permissionFilter ||
            permissionOf(store, user.login, repository) === permissionFilter,
        )
        .sort((a, b) => a.id - b.id)
        .map(user => collaboratorJson(urls, repository, user));
      sendPage(req, res, users);
    }),
  );

  router.get(
    '/repos/:owner/:repo/collaborators/:username',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const isCollaborator = collaboratorsOf(repository, 'all').includes(
        loginKey(req.params.username),
      );
      if (!isCollaborator) {
        throw notFound();
      }
      res.status(204).end();
    }),
  );

  router.put(
    '/repos/:owner/:repo/collaborators/:username',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const permission = requestedPermission(req);
      const user = store.user(req.params.username);
      if (!user) {
        throw notFound();
      }
      if (loginKey(user.login) === loginKey(repository.owner)) {
        throw validationFailed({
          resource: 'Repository',
          code: 'custom',
          field: 'collaborator',
          message: 'Repository owner cannot be a collaborator',
        });
      }
      // GitHub invites; the sandbox accepts the invitation at once.
      repository.collaborators[loginKey(user.login)] = permission;
      ctx.store.save();
      res.status(204).end();
    }),
  );

  router.delete(
    '/repos/:owner/:repo/collaborators/:username',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      delete repository.collaborators[loginKey(req.params.username)];
      ctx.store.save();
      res.status(204).end();
    }),
  );

  router.get(
    '/repos/:owner/:repo/collaborators/:username/permission',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const user = store.user(req.params.username);
      if (!user) {
        throw notFound();
      }
      const permission = permissionOf(store, user.login, repository);
      const urls = urlsOf(req);
      res.json({
        permission: legacyPermission(permission),
        role_name: permission ? roleName(permission) : 'none',
        user: {
          ...simpleUser(urls, userAccount(user)),
          permissions: permissionsJson(permission),
          role_name: permission ? roleName(permission) : 'none',
        },
      });
    }),
  );

  return router;
}
