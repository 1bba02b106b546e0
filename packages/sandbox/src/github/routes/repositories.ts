import express, { type Request, type Router } from 'express';
import { callerOf, hasScope, reaches, requireLogin } from '../auth';
import {
  organizationOf,
  repositoryOf,
  roleIn,
  type GitHubContext,
} from '../context';
import { compareStrings } from '../compare';
import { handle, invalidField, notFound, validationFailed } from '../errors';
import {
  bodyOf,
  optionalBoolean,
  optionalNullableString,
  optionalString,
  queryString,
} from '../input';
import { sendPage } from '../pagination';
import { permissionOf } from '../permissions';
import { repositoryJson } from '../render/repository';
import { createRepository, extrasFrom } from '../repositoryCreation';
import { requireAvailableName } from '../repositoryNames';
import type { StoredRepository } from '../state/model';
import { loginKey } from '../state/GitHubStore';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

type SortKey = 'created' | 'updated' | 'pushed' | 'full_name';

/** Sorts as GitHub's list endpoints do: `full_name` ascending, dates newest first. */
function sorted(
  req: Request,
  repositories: StoredRepository[],
  defaultSort: SortKey,
): StoredRepository[] {
  const sort = (queryString(req, 'sort') ?? defaultSort) as SortKey;
  const direction =
    queryString(req, 'direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
  const keyOf = (repo: StoredRepository) => {
    switch (sort) {
      case 'updated':
        return repo.updated_at;
      case 'pushed':
        return repo.pushed_at ?? '';
      case 'full_name':
        return `${repo.owner}/${repo.name}`.toLowerCase();
      default:
        return repo.created_at;
    }
  };
  const order = direction === 'asc' ? 1 : -1;
  return [...repositories].sort((a, b) => {
    return (compareStrings(keyOf(a), keyOf(b)) || a.id - b.id) * order;
  });
}

/** Creating, reading, changing, listing and deleting repositories. */
export function repositoriesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  /** The caller's permission, when the repository is visible to the request. */
  const visiblePermission = (req: Request, repo: StoredRepository) => {
    const caller = callerOf(req);
    const permission = permissionOf(store, caller.login, repo);
    if (
      permission === undefined ||
      (repo.visibility !== 'public' &&
        (!hasScope(caller, 'repo') || !reaches(caller, repo)))
    ) {
      return undefined;
    }
    return permission;
  };

  const listJson = (req: Request, repositories: StoredRepository[]) => {
    const urls = urlsOf(req);
    return repositories.map(repo =>
      repositoryJson(urls, store, repo, visiblePermission(req, repo)),
    );
  };

  router.post(
    '/orgs/:org/repos',
    handle(async (req, res) => {
      const org = organizationOf(ctx, req);
      const login = requireLogin(req);
      const role = roleIn(org, req);
      if (
        role !== 'admin' &&
        !(role === 'member' && org.members_can_create_repositories)
      ) {
        throw new GitHubError(
          403,
          'You need admin access to the organization before adding a repository to it.',
        );
      }
      const repo = await createRepository(ctx, req, org.login, true);
      res
        .status(201)
        .json(
          repositoryJson(
            urlsOf(req),
            store,
            repo,
            permissionOf(store, login, repo),
          ),
        );
    }),
  );

  router.post(
    '/user/repos',
    handle(async (req, res) => {
      const login = requireLogin(req);
      const repo = await createRepository(ctx, req, login, false);
      res.status(201).json(repositoryJson(urlsOf(req), store, repo, 'admin'));
    }),
  );

  router.get(
    '/repos/:owner/:repo',
    handle((req, res) => {
      const { repository, permission } = repositoryOf(ctx, req, 'pull');
      res.json(repositoryJson(urlsOf(req), store, repository, permission));
    }),
  );

  router.patch(
    '/repos/:owner/:repo',
    handle(async (req, res) => {
      const { repository: repo, permission } = repositoryOf(ctx, req, 'admin', {
        allowArchived: true,
      });
      const body = bodyOf(req);
      const archived = optionalBoolean(body, 'archived');
      const changesOtherThanArchiving = Object.keys(body).some(
        field => field !== 'archived',
      );
      if (repo.archived && archived !== false && changesOtherThanArchiving) {
        throw new GitHubError(403, 'Repository was archived so is read-only.');
      }
      const message = 'Validation Failed';
      const name = optionalString(body, 'name');
      if (name !== undefined && name !== repo.name) {
        requireAvailableName(store, repo.owner, name, message, repo);
        await git.rename(repo.owner, repo.name, repo.owner, name);
        store.data.redirects[
          `${loginKey(repo.owner)}/${repo.name.toLowerCase()}`
        ] = repo.id;
        delete store.data.redirects[
          `${loginKey(repo.owner)}/${name.toLowerCase()}`
        ];
        repo.name = name;
      }
      const isPrivate = optionalBoolean(body, 'private');
      let visibility = optionalString(body, 'visibility');
      if (visibility === undefined && isPrivate !== undefined) {
        visibility = isPrivate ? 'private' : 'public';
      }
      if (visibility !== undefined) {
        const allowed = store.organization(repo.owner)
          ? ['public', 'private', 'internal']
          : ['public', 'private'];
        if (!allowed.includes(visibility)) {
          throw invalidField(
            'visibility',
            `For 'visibility', "${visibility}" is not a valid value.`,
          );
        }
        repo.visibility = visibility as StoredRepository['visibility'];
      }
      const defaultBranch = optionalString(body, 'default_branch');
      if (
        defaultBranch !== undefined &&
        defaultBranch !== repo.default_branch
      ) {
        const branches = await git.listBranches(repo.owner, repo.name);
        const exists = branches.some(
          branch => branch.ref === `refs/heads/${defaultBranch}`,
        );
        if (branches.length > 0 && !exists) {
          throw validationFailed({
            resource: 'Repository',
            code: 'invalid',
            field: 'default_branch',
            message: `The branch ${defaultBranch} was not found. Please push that ref first or create it via the Git Data API.`,
          });
        }
        await git.setDefaultBranch(repo.owner, repo.name, defaultBranch);
        repo.default_branch = defaultBranch;
      }
      const description = optionalNullableString(body, 'description');
      if (description !== undefined) {
        repo.description = description;
      }
      const homepage = optionalNullableString(body, 'homepage');
      if (homepage !== undefined) {
        repo.homepage = homepage;
      }
      for (const field of [
        'has_issues',
        'has_projects',
        'has_wiki',
        'allow_merge_commit',
        'allow_squash_merge',
        'allow_rebase_merge',
        'allow_auto_merge',
        'delete_branch_on_merge',
      ] as const) {
        repo[field] = optionalBoolean(body, field) ?? repo[field];
      }
      repo.extras = extrasFrom(body, repo.extras);
      if (archived !== undefined) {
        repo.archived = archived;
      }
      repo.updated_at = new Date().toISOString();
      store.save();
      res.json(repositoryJson(urlsOf(req), store, repo, permission));
    }),
  );

  router.delete(
    '/repos/:owner/:repo',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin', {
        allowArchived: true,
      });
      if (!hasScope(callerOf(req), 'delete_repo')) {
        res.set('x-accepted-oauth-scopes', 'delete_repo');
        throw new GitHubError(403, 'Must have admin rights to Repository.');
      }
      await git.delete(repository.owner, repository.name);
      store.deleteRepository(repository);
      store.save();
      res.status(204).end();
    }),
  );

  router.get(
    '/orgs/:org/repos',
    handle((req, res) => {
      const org = organizationOf(ctx, req);
      const type = queryString(req, 'type') ?? 'all';
      const { login } = callerOf(req);
      const repositories = store
        .repositoriesOwnedBy(org.login)
        .filter(repo => visiblePermission(req, repo) !== undefined)
        .filter(repo => {
          switch (type) {
            case 'public':
            case 'private':
            case 'internal':
              return repo.visibility === type;
            case 'forks':
              return false;
            case 'member':
              return Boolean(
                login && repo.collaborators[loginKey(login)] !== undefined,
              );
            default:
              return true;
          }
        });
      sendPage(req, res, listJson(req, sorted(req, repositories, 'created')));
    }),
  );

  router.get(
    '/user/repos',
    handle((req, res) => {
      const login = requireLogin(req);
      const type = queryString(req, 'type');
      const visibility = queryString(req, 'visibility') ?? 'all';
      const affiliationParam = queryString(req, 'affiliation');
      if (type && (affiliationParam || queryString(req, 'visibility'))) {
        throw validationFailed(
          { resource: 'Search', code: 'invalid', field: 'type' },
          'If you specify visibility or affiliation, you cannot specify type.',
        );
      }
      // The legacy `type` stands for an affiliation.
      const affiliationOfType: Record<string, string> = {
        owner: 'owner',
        member: 'collaborator,organization_member',
      };
      const affiliation = new Set(
        (
          affiliationOfType[type ?? ''] ??
          affiliationParam ??
          'owner,collaborator,organization_member'
        ).split(','),
      );
      const who = loginKey(login);
      const repositories = store.allRepositories().filter(repo => {
        if (visiblePermission(req, repo) === undefined) {
          return false;
        }
        const wantedVisibility =
          type === 'public' || type === 'private' ? type : visibility;
        if (
          wantedVisibility !== 'all' &&
          (wantedVisibility === 'public') !== (repo.visibility === 'public')
        ) {
          return false;
        }
        const org = store.organization(repo.owner);
        return (
          (affiliation.has('owner') && loginKey(repo.owner) === who) ||
          (affiliation.has('collaborator') &&
            repo.collaborators[who] !== undefined) ||
          (affiliation.has('organization_member') &&
            org !== undefined &&
            (org.members[who] !== undefined ||
              store
                .teamsOf(login)
                .some(team => team.repositories[String(repo.id)])))
        );
      });
      sendPage(req, res, listJson(req, sorted(req, repositories, 'full_name')));
    }),
  );

  router.get(
    '/users/:username/repos',
    handle((req, res) => {
      const account = store.account(req.params.username);
      if (!account) {
        throw notFound();
      }
      const repositories = store
        .repositoriesOwnedBy(account.record.login)
        .filter(repo => repo.visibility === 'public');
      sendPage(req, res, listJson(req, sorted(req, repositories, 'full_name')));
    }),
  );

  return router;
}
