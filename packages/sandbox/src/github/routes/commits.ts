import express, { type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { changedFiles } from '../commitDiff';
import { handle } from '../errors';
import { requireCommit, requireNotEmpty } from '../gitData';
import { queryString } from '../input';
import { sendPage } from '../pagination';
import { commitJson, gitCommitJson } from '../render/git';
import { GitHubError } from '../types';
import { encodePath, urlsOf } from '../urls';

/** `GET /repos/:owner/:repo/commits[/:ref]` and `GET .../git/commits/:sha`. */
export function commitsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  router.get(
    '/repos/:owner/:repo/commits',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const ref = queryString(req, 'sha') || repository.default_branch;
      const sha = await requireCommit(ctx, repository, ref);
      const author = queryString(req, 'author')?.toLowerCase();
      const since = queryString(req, 'since');
      const until = queryString(req, 'until');
      const commits = (
        await git.listCommits(repository.owner, repository.name, {
          ref: sha,
          path: queryString(req, 'path') || undefined,
        })
      ).filter(commit => {
        const date = Date.parse(commit.committer.date);
        if (since && date < Date.parse(since)) {
          return false;
        }
        if (until && date > Date.parse(until)) {
          return false;
        }
        if (!author) {
          return true;
        }
        const user = store.userByEmail(commit.author.email);
        return (
          commit.author.email.toLowerCase() === author ||
          user?.login.toLowerCase() === author
        );
      });
      const urls = urlsOf(req);
      sendPage(
        req,
        res,
        commits.map(commit => commitJson(urls, store, repository, commit)),
      );
    }),
  );

  router.get(
    '/repos/:owner/:repo/commits/*',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const ref = req.params[0];
      const sha = await requireCommit(ctx, repository, ref, 422);
      if (req.headers.accept?.includes('application/vnd.github.sha')) {
        res.type('application/vnd.github.sha').send(sha);
        return;
      }
      const commit = (await git.getCommit(
        repository.owner,
        repository.name,
        sha,
      ))!;
      const urls = urlsOf(req);
      const files = await changedFiles(
        git,
        repository.owner,
        repository.name,
        commit.parents[0],
        commit.sha,
      );
      const web = `${urls.web}/${repository.owner}/${repository.name}`;
      const api = `${urls.api}/repos/${repository.owner}/${repository.name}`;
      const stats = files.reduce(
        (total, file) => ({
          additions: total.additions + file.additions,
          deletions: total.deletions + file.deletions,
          total: total.total + file.changes,
        }),
        { additions: 0, deletions: 0, total: 0 },
      );
      res.json({
        ...commitJson(urls, store, repository, commit),
        stats,
        files: files.map(file => ({
          ...file,
          blob_url: `${web}/blob/${commit.sha}/${encodePath(file.filename)}`,
          raw_url: `${web}/raw/${commit.sha}/${encodePath(file.filename)}`,
          contents_url: `${api}/contents/${encodePath(file.filename)}?ref=${
            commit.sha
          }`,
        })),
      });
    }),
  );

  router.get(
    '/repos/:owner/:repo/git/commits/:sha',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const commit = /^[0-9a-f]{40}$/i.test(req.params.sha)
        ? await git
            .getCommit(repository.owner, repository.name, req.params.sha)
            .catch(() => undefined)
        : undefined;
      if (!commit) {
        throw new GitHubError(404, 'Not Found');
      }
      res.json(gitCommitJson(urlsOf(req), repository, commit));
    }),
  );

  return router;
}
