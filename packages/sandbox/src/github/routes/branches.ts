import express, { type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle } from '../errors';
import { queryString } from '../input';
import { sendPage } from '../pagination';
import { compareStrings } from '../compare';
import { commitJson } from '../render/git';
import { isBranchProtected } from '../state/repositorySettings';
import { GitHubError } from '../types';
import { encodePath, urlsOf } from '../urls';

/** `GET /repos/:owner/:repo/branches[/:branch]`. */
export function branchesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

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
      const commit = (await git.getCommit(
        repository.owner,
        repository.name,
        ref.sha,
      ))!;
      const urls = urlsOf(req);
      const api = `${urls.api}/repos/${repository.owner}/${repository.name}`;
      const isProtected = isBranchProtected(store, repository, name);
      res.json({
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
      });
    }),
  );

  return router;
}
