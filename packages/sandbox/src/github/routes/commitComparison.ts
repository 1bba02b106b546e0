import express, { type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { changedFiles } from '../commitDiff';
import { handle } from '../errors';
import { requireNotEmpty } from '../gitData';
import { commitJson } from '../render/git';
import { GitHubError } from '../types';
import { encodePath, urlsOf } from '../urls';

/** GitHub lists at most this many commits of a comparison. */
const MAX_COMMITS = 250;

/** `GET /repos/:owner/:repo/compare/:base...:head`: how far apart two refs are. */
export function commitComparisonRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  router.get(
    '/repos/:owner/:repo/compare/*',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const basehead = req.params[0];
      const separator = basehead.indexOf('...');
      if (separator <= 0 || separator + 3 >= basehead.length) {
        throw new GitHubError(404, 'Not Found');
      }
      const [baseRef, headRef] = [
        basehead.slice(0, separator),
        basehead.slice(separator + 3),
      ];
      const { owner, name } = repository;
      const resolve = (ref: string) =>
        git.resolveCommit(owner, name, ref).catch(() => undefined);
      const [base, head] = await Promise.all([
        resolve(baseRef),
        resolve(headRef),
      ]);
      if (!base || !head) {
        throw new GitHubError(404, 'Not Found');
      }
      const mergeBase = await git.mergeBase(owner, name, base, head);
      if (!mergeBase) {
        throw new GitHubError(
          404,
          `No common ancestor between ${baseRef} and ${headRef}.`,
        );
      }
      const [ahead, behind, baseCommit, mergeBaseCommit] = await Promise.all([
        git.listCommits(owner, name, { ref: head, exclude: base }),
        git.listCommits(owner, name, { ref: base, exclude: head }),
        git.getCommit(owner, name, base),
        git.getCommit(owner, name, mergeBase),
      ]);
      const urls = urlsOf(req);
      const web = `${urls.web}/${owner}/${name}`;
      const api = `${urls.api}/repos/${owner}/${name}`;
      let status: 'identical' | 'ahead' | 'behind' | 'diverged' = 'identical';
      if (ahead.length > 0 && behind.length > 0) status = 'diverged';
      else if (ahead.length > 0) status = 'ahead';
      else if (behind.length > 0) status = 'behind';
      const files = await changedFiles(git, owner, name, mergeBase, head);
      res.json({
        url: `${api}/compare/${basehead}`,
        html_url: `${web}/compare/${basehead}`,
        permalink_url: `${web}/compare/${owner}:${base.slice(
          0,
          7,
        )}...${owner}:${head.slice(0, 7)}`,
        diff_url: `${web}/compare/${basehead}.diff`,
        patch_url: `${web}/compare/${basehead}.patch`,
        base_commit: commitJson(urls, store, repository, baseCommit!),
        merge_base_commit: commitJson(
          urls,
          store,
          repository,
          mergeBaseCommit!,
        ),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        // Oldest first, as GitHub lists them.
        commits: ahead
          .slice(0, MAX_COMMITS)
          .reverse()
          .map(commit => commitJson(urls, store, repository, commit)),
        files: files.map(file => ({
          ...file,
          blob_url: `${web}/blob/${head}/${encodePath(file.filename)}`,
          raw_url: `${web}/raw/${head}/${encodePath(file.filename)}`,
          contents_url: `${api}/contents/${encodePath(
            file.filename,
          )}?ref=${head}`,
        })),
      });
    }),
  );

  return router;
}
