import express, { type Request, type Router } from 'express';
import { GitConflictError } from '../../git/errors';
import { compareStrings } from '../compare';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound, validationFailed } from '../errors';
import { requireNotEmpty } from '../gitData';
import { bodyOf, optionalBoolean, requiredString } from '../input';
import { sendPage } from '../pagination';
import { refJson } from '../render/git';
import type { StoredRepository } from '../state/model';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

const ZERO_SHA = '0'.repeat(40);

/** The Git Data API's references. */
export function refsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { git } = ctx;

  const refsUnder = async (repo: StoredRepository, prefix: string) =>
    git.listRefs(repo.owner, repo.name, prefix);

  const fullRef = (req: Request) =>
    `refs/${req.params[0].replace(/^refs\//, '')}`;

  const unprocessable = (message: string) => new GitHubError(422, message);

  router.get(
    ['/repos/:owner/:repo/git/ref/*', '/repos/:owner/:repo/git/refs/*'],
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const name = fullRef(req);
      const refs = await refsUnder(repository, name);
      const exact = refs.find(ref => ref.ref === name);
      if (exact) {
        res.json(refJson(urlsOf(req), repository, exact));
        return;
      }
      // The legacy `/git/refs/:prefix` answers the matching refs as a list.
      const matching = refs.filter(ref => ref.ref.startsWith(`${name}/`));
      if (req.path.includes('/git/refs/') && matching.length > 0) {
        res.json(matching.map(ref => refJson(urlsOf(req), repository, ref)));
        return;
      }
      throw notFound();
    }),
  );

  router.get(
    ['/repos/:owner/:repo/git/matching-refs/*', '/repos/:owner/:repo/git/refs'],
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const prefix = req.params[0] ? fullRef(req) : 'refs/';
      const urls = urlsOf(req);
      const refs = (await refsUnder(repository, 'refs/'))
        .filter(ref => ref.ref.startsWith(prefix))
        .sort((a, b) => compareStrings(a.ref, b.ref))
        .map(ref => refJson(urls, repository, ref));
      sendPage(req, res, refs);
    }),
  );

  router.post(
    '/repos/:owner/:repo/git/refs',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const body = bodyOf(req);
      const ref = requiredString(body, 'ref');
      const sha = requiredString(body, 'sha');
      if (!/^refs\/[^/]+\/.+/.test(ref)) {
        throw unprocessable(
          "Reference name must start with 'refs/' and have at least two slashes.",
        );
      }
      if (!/^[0-9a-f]{40}$/i.test(sha)) {
        throw unprocessable('Object does not exist');
      }
      const existing = await refsUnder(repository, ref);
      if (existing.some(r => r.ref === ref)) {
        throw unprocessable('Reference already exists');
      }
      try {
        await git.updateRef(repository.owner, repository.name, ref, sha, {
          oldSha: ZERO_SHA,
        });
      } catch (error) {
        throw refError(error);
      }
      res
        .status(201)
        .location(
          `${urlsOf(req).api}/repos/${repository.owner}/${
            repository.name
          }/git/${ref}`,
        )
        .json(refJson(urlsOf(req), repository, { ref, sha }));
    }),
  );

  router.patch(
    '/repos/:owner/:repo/git/refs/*',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const body = bodyOf(req);
      const sha = requiredString(body, 'sha');
      const force = optionalBoolean(body, 'force') ?? false;
      const ref = fullRef(req);
      const existing = await refsUnder(repository, ref);
      if (!existing.some(r => r.ref === ref)) {
        throw unprocessable('Reference does not exist');
      }
      try {
        await git.updateRef(repository.owner, repository.name, ref, sha, {
          force,
        });
      } catch (error) {
        throw refError(error);
      }
      res.json(refJson(urlsOf(req), repository, { ref, sha }));
    }),
  );

  router.delete(
    '/repos/:owner/:repo/git/refs/*',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const ref = fullRef(req);
      const existing = await refsUnder(repository, ref);
      if (!existing.some(r => r.ref === ref)) {
        throw unprocessable('Reference does not exist');
      }
      await git.deleteRef(repository.owner, repository.name, ref);
      res.status(204).end();
    }),
  );

  return router;
}

/** GitHub's words for a ref update git refused. */
function refError(error: unknown): unknown {
  if (error instanceof GitConflictError) {
    return error.message.includes('fast forward')
      ? new GitHubError(422, 'Update is not a fast forward')
      : new GitHubError(422, 'Reference already exists');
  }
  const name = (error as Error)?.name;
  if (name === 'GitNotFoundError') {
    return new GitHubError(422, 'Object does not exist');
  }
  if (name === 'GitInvalidNameError') {
    return validationFailed(
      { resource: 'Reference', code: 'invalid', field: 'ref' },
      (error as Error).message,
    );
  }
  return error;
}
