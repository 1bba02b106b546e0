import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound, validationFailed } from '../errors';
import { bodyOf, queryString, requiredString } from '../input';
import { permissionOf, atLeast } from '../permissions';
import { callerOf } from '../auth';
import { sendPage } from '../pagination';
import { compareStrings } from '../compare';
import { commitJson } from '../render/git';
import { objectsOf } from '../state/repositoryObjects';
import { isBranchProtected, settingsOf } from '../state/repositorySettings';
import type { StoredRepository } from '../state/model';
import { GitHubError } from '../types';
import { encodePath, urlsOf } from '../urls';

/** `GET /repos/:owner/:repo/branches[/:branch]`, `POST .../branches/:branch/rename`. */
export function branchesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  /** A branch with its protection, as GitHub answers for one branch. */
  async function branchJson(
    req: Request,
    repository: StoredRepository,
    name: string,
    sha: string,
  ) {
    const commit = (await git.getCommit(
      repository.owner,
      repository.name,
      sha,
    ))!;
    const urls = urlsOf(req);
    const api = `${urls.api}/repos/${repository.owner}/${repository.name}`;
    const isProtected = isBranchProtected(store, repository, name);
    return {
      name,
      commit: commitJson(urls, store, repository, commit),
      _links: {
        self: `${api}/branches/${encodePath(name)}`,
        html: `${urls.web}/${repository.owner}/${
          repository.name
        }/tree/${encodePath(name)}`,
      },
      protected: isProtected,
      protection: {
        enabled: isProtected,
        required_status_checks: {
          enforcement_level: 'off',
          contexts: [],
          checks: [],
        },
      },
      protection_url: `${api}/branches/${encodePath(name)}/protection`,
    };
  }

  router.get(
    '/repos/:owner/:repo/branches',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const api = `${urlsOf(req).api}/repos/${repository.owner}/${
        repository.name
      }`;
      const onlyProtected = queryString(req, 'protected');
      const branches = (
        await git.listBranches(repository.owner, repository.name)
      )
        .map(ref => {
          const name = ref.ref.replace(/^refs\/heads\//, '');
          return {
            name,
            commit: { sha: ref.sha, url: `${api}/commits/${ref.sha}` },
            protected: isBranchProtected(store, repository, name),
          };
        })
        .filter(
          branch =>
            onlyProtected === undefined ||
            branch.protected === (onlyProtected === 'true'),
        )
        .sort((a, b) => compareStrings(a.name, b.name));
      sendPage(req, res, branches);
    }),
  );

  router.get(
    '/repos/:owner/:repo/branches/*',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const name = req.params[0];
      const ref = (
        await git.listBranches(repository.owner, repository.name)
      ).find(branch => branch.ref === `refs/heads/${name}`);
      if (!ref) {
        throw new GitHubError(404, 'Branch not found');
      }
      res.json(await branchJson(req, repository, name, ref.sha));
    }),
  );

  // Renames a branch; the default branch's rename moves the default with
  // it and needs admin rights. Branch protections naming it and open pull
  // requests based on it follow, as on GitHub.
  router.post(
    '/repos/:owner/:repo/branches/*',
    handle(async (req, res) => {
      const path = req.params[0];
      if (!path.endsWith('/rename')) {
        throw notFound();
      }
      const name = path.slice(0, -'/rename'.length);
      const { repository } = repositoryOf(ctx, req, 'push');
      const newName = requiredString(bodyOf(req), 'new_name');
      const branches = await git.listBranches(
        repository.owner,
        repository.name,
      );
      const ref = branches.find(b => b.ref === `refs/heads/${name}`);
      if (!ref) {
        throw notFound('Branch not found');
      }
      const isDefault = repository.default_branch === name;
      if (
        isDefault &&
        !atLeast(permissionOf(store, callerOf(req).login, repository), 'admin')
      ) {
        throw new GitHubError(403, 'Must have admin rights to Repository.');
      }
      if (newName === name) {
        res.status(201).json(await branchJson(req, repository, name, ref.sha));
        return;
      }
      if (branches.some(b => b.ref === `refs/heads/${newName}`)) {
        throw validationFailed({
          resource: 'Branch',
          code: 'already_exists',
          field: 'new_name',
          message: `Branch ${newName} already exists.`,
        });
      }
      // An invalid name is refused here, before anything changes.
      await git.updateRef(
        repository.owner,
        repository.name,
        `refs/heads/${newName}`,
        ref.sha,
        { oldSha: '0'.repeat(40) },
      );
      if (isDefault) {
        await git.setDefaultBranch(repository.owner, repository.name, newName);
        repository.default_branch = newName;
      }
      await git.deleteRef(repository.owner, repository.name, ref.ref);
      for (const protection of settingsOf(store, repository)
        .branch_protection) {
        if (protection.branch === name) protection.branch = newName;
      }
      for (const issue of objectsOf(store, repository).issues) {
        if (issue.pull?.base === name && issue.state === 'open') {
          issue.pull.base = newName;
        }
      }
      store.save();
      res.status(201).json(await branchJson(req, repository, newName, ref.sha));
    }),
  );

  return router;
}
