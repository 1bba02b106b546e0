import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitTree } from './gitObjects';
import type { RepositoryGit } from './runGit';
import type { GitFileChange, GitIdentity } from './types';

export interface WriteCommitInput {
  /** The commit the changes apply to; a root commit when absent. */
  parent?: string;
  /** Paths already normalized. */
  changes: GitFileChange[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

/**
 * Writes blobs, a tree and a commit object with plumbing only, on a
 * temporary index file: no working tree, and no ref is moved here.
 * Returns the new commit's sha.
 */
export async function writeCommit(
  git: RepositoryGit,
  tmpRoot: string,
  input: WriteCommitInput,
): Promise<string> {
  const workDir = await mkdtemp(join(tmpRoot, 'commit-'));
  try {
    const env = { GIT_INDEX_FILE: join(workDir, 'index') };
    if (input.parent) {
      await git(['read-tree', `${input.parent}^{tree}`], { env });
    }
    const blobs = await writeBlobs(git, workDir, input.changes);
    const existing = input.parent
      ? await treeEntries(
          git,
          input.parent,
          input.changes.map(change => change.path),
        )
      : [];

    const lines: string[] = [];
    for (const change of input.changes) {
      if (change.content === undefined) {
        // A folder path deletes everything under it.
        for (const entry of existing) {
          if (
            entry.path === change.path ||
            entry.path.startsWith(`${change.path}/`)
          ) {
            lines.push(`0 ${'0'.repeat(40)}\t${entry.path}`);
          }
        }
        continue;
      }
      // Keep the executable bit of a file that is rewritten.
      const mode =
        existing.find(entry => entry.path === change.path)?.mode === '100755'
          ? '100755'
          : '100644';
      lines.push(`${mode} ${blobs.get(change.path)}\t${change.path}`);
    }
    if (lines.length > 0) {
      await git(['update-index', '--add', '--replace', '-z', '--index-info'], {
        env,
        input: lines.map(line => `${line}\0`).join(''),
      });
    }
    const tree = (await git(['write-tree'], { env })).stdout.toString().trim();

    return await commitTree(git, {
      tree,
      parents: input.parent ? [input.parent] : [],
      message: input.message,
      author: input.author,
      committer: input.committer,
    });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Hashes every new content in one git process, from files in `workDir`. */
async function writeBlobs(
  git: RepositoryGit,
  workDir: string,
  changes: GitFileChange[],
): Promise<Map<string, string>> {
  const written = changes.filter(change => change.content !== undefined);
  const blobs = new Map<string, string>();
  if (written.length === 0) {
    return blobs;
  }
  const files = await Promise.all(
    written.map(async (change, index) => {
      const file = join(workDir, `blob-${index}`);
      await writeFile(file, change.content!);
      return file;
    }),
  );
  const result = await git(
    ['hash-object', '-w', '--no-filters', '--stdin-paths'],
    { input: `${files.join('\n')}\n` },
  );
  const shas = result.stdout.toString().trim().split('\n');
  written.forEach((change, index) => blobs.set(change.path, shas[index]));
  return blobs;
}

interface TreeEntry {
  mode: string;
  path: string;
}

/** Files of `commit` at or under the given paths. */
async function treeEntries(
  git: RepositoryGit,
  commit: string,
  paths: string[],
): Promise<TreeEntry[]> {
  const result = await git(['ls-tree', '-r', '-z', commit, '--', ...paths]);
  return result.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const tab = line.indexOf('\t');
      return {
        mode: line.slice(0, line.indexOf(' ')),
        path: line.slice(tab + 1),
      };
    });
}
