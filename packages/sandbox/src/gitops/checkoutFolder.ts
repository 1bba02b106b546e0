import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitRepositoryStore } from '../git';

/**
 * Writes the files under `folder` of a repository at `sha` into `targetDir`,
 * keeping their paths; returns false when the folder does not exist there.
 */
export async function checkoutFolder(
  repositories: GitRepositoryStore,
  repo: { owner: string; name: string; sha: string },
  folder: string,
  targetDir: string,
): Promise<boolean> {
  const root = await repositories.getContent(
    repo.owner,
    repo.name,
    repo.sha,
    folder,
  );
  if (!root || root.type !== 'dir') {
    return false;
  }
  const pending = [...root.entries];
  while (pending.length) {
    const entry = pending.pop()!;
    if (entry.type !== 'file' && entry.type !== 'dir') {
      continue;
    }
    const content = await repositories.getContent(
      repo.owner,
      repo.name,
      repo.sha,
      entry.path,
    );
    if (content?.type === 'dir') {
      pending.push(...content.entries);
    } else if (content?.type === 'file') {
      const target = join(targetDir, entry.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content.content);
    }
  }
  return true;
}
