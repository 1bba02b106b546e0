import type { GitContent } from '../git/types';
import type { GitHubContext } from './context';
import type { StoredRepository } from './state/model';
import { GitHubError } from './types';

/** A repository with no branch yet answers 409 or 404 on most git routes. */
export async function isEmpty(
  ctx: GitHubContext,
  repo: StoredRepository,
): Promise<boolean> {
  const branches = await ctx.git.listBranches(repo.owner, repo.name);
  return branches.length === 0;
}

export async function requireNotEmpty(
  ctx: GitHubContext,
  repo: StoredRepository,
) {
  if (await isEmpty(ctx, repo)) {
    throw new GitHubError(409, 'Git Repository is empty.');
  }
}

/** A branch, tag or sha of the repository as a commit sha; 404 as GitHub words it. */
export async function requireCommit(
  ctx: GitHubContext,
  repo: StoredRepository,
  ref: string,
  status = 404,
): Promise<string> {
  const sha = await ctx.git
    .resolveCommit(repo.owner, repo.name, ref)
    .catch(() => undefined);
  if (!sha) {
    throw new GitHubError(status, `No commit found for SHA: ${ref}`);
  }
  return sha;
}

export async function branchHead(
  ctx: GitHubContext,
  repo: StoredRepository,
  branch: string,
): Promise<string | undefined> {
  const branches = await ctx.git.listBranches(repo.owner, repo.name);
  return branches.find(b => b.ref === `refs/heads/${branch}`)?.sha;
}

/** Content at a ref; undefined when the path does not exist. */
export function contentAt(
  ctx: GitHubContext,
  repo: StoredRepository,
  ref: string,
  path: string,
): Promise<GitContent | undefined> {
  return ctx.git.getContent(repo.owner, repo.name, ref, path);
}
