import type { GitRepositoryStore } from '../git/types';

export interface ChangedFile {
  filename: string;
  status: 'added' | 'removed' | 'modified';
  sha: string;
  additions: number;
  deletions: number;
  changes: number;
}

/** GitHub lists at most this many files of a commit. */
const MAX_FILES = 300;

function lines(content: Buffer | undefined): string[] {
  if (!content || content.includes(0)) {
    return [];
  }
  const text = content.toString('utf8');
  return text ? text.replace(/\n$/, '').split('\n') : [];
}

/** Lines only one side has, counted as a multiset: close to git's numstat for small edits. */
function lineCounts(before: Buffer | undefined, after: Buffer | undefined) {
  const remaining = new Map<string, number>();
  for (const line of lines(before)) {
    remaining.set(line, (remaining.get(line) ?? 0) + 1);
  }
  let additions = 0;
  for (const line of lines(after)) {
    const count = remaining.get(line) ?? 0;
    if (count > 0) {
      remaining.set(line, count - 1);
    } else {
      additions += 1;
    }
  }
  let deletions = 0;
  remaining.forEach(count => {
    deletions += count;
  });
  return { additions, deletions, changes: additions + deletions };
}

/**
 * The files a commit changed against its first parent, found by walking
 * both trees and descending only where the tree shas differ.
 */
export async function changedFiles(
  git: GitRepositoryStore,
  owner: string,
  repo: string,
  parent: string | undefined,
  commit: string,
): Promise<ChangedFile[]> {
  const changed: ChangedFile[] = [];
  const entriesAt = async (ref: string | undefined, path: string) => {
    if (!ref) {
      return [];
    }
    const content = await git.getContent(owner, repo, ref, path);
    return content?.type === 'dir' ? content.entries : [];
  };
  const fileAt = async (ref: string | undefined, path: string) => {
    const content = ref
      ? await git.getContent(owner, repo, ref, path)
      : undefined;
    return content?.type === 'file' ? content.content : undefined;
  };
  const walk = async (path: string) => {
    const before = await entriesAt(parent, path);
    const after = await entriesAt(commit, path);
    const names = [
      ...new Set([...before, ...after].map(entry => entry.name)),
    ].sort();
    for (const name of names) {
      if (changed.length >= MAX_FILES) {
        return;
      }
      const old = before.find(entry => entry.name === name);
      const now = after.find(entry => entry.name === name);
      if (old && now && old.sha === now.sha) {
        continue;
      }
      const childPath = path ? `${path}/${name}` : name;
      if (
        (old?.type ?? now?.type) === 'dir' &&
        (now?.type ?? 'dir') === 'dir'
      ) {
        await walk(childPath);
        continue;
      }
      let status: ChangedFile['status'] = 'modified';
      if (!old) {
        status = 'added';
      } else if (!now) {
        status = 'removed';
      }
      changed.push({
        filename: childPath,
        status,
        sha: (now ?? old)!.sha,
        ...lineCounts(
          old ? await fileAt(parent, childPath) : undefined,
          now ? await fileAt(commit, childPath) : undefined,
        ),
      });
    }
  };
  await walk('');
  return changed;
}
