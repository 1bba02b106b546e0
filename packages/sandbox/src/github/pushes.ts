import fs from 'node:fs/promises';
import path from 'node:path';
import type { GitPushEvent } from '../git/types';
import type { GitHubContext } from './context';

const ZERO_SHA = '0'.repeat(40);

async function kilobytesIn(dir: string): Promise<number> {
  let bytes = 0;
  const walk = async (current: string) => {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.isFile()) {
        bytes += (await fs.stat(full)).size;
      }
    }
  };
  await walk(dir).catch(() => undefined);
  return Math.ceil(bytes / 1024);
}

/**
 * Keeps a repository's `pushed_at` and `size` in step with its refs, and,
 * as GitHub does, makes the first branch pushed to an empty repository its
 * default branch when the configured one was not pushed.
 */
export async function refreshAfterPush(
  ctx: GitHubContext,
  event: GitPushEvent,
): Promise<void> {
  const { store, git } = ctx;
  const repo = store.repository(event.owner, event.repo);
  if (!repo) {
    return;
  }
  const branches = await git.listBranches(repo.owner, repo.name);
  const hasDefault = branches.some(
    branch => branch.ref === `refs/heads/${repo.default_branch}`,
  );
  if (
    !hasDefault &&
    event.after !== ZERO_SHA &&
    event.ref.startsWith('refs/heads/') &&
    branches.length === 1
  ) {
    repo.default_branch = event.ref.slice('refs/heads/'.length);
    await git.setDefaultBranch(repo.owner, repo.name, repo.default_branch);
  }
  repo.pushed_at = new Date().toISOString();
  repo.size =
    branches.length === 0
      ? 0
      : Math.max(1, await kilobytesIn(git.path(repo.owner, repo.name)));
  store.save();
}
