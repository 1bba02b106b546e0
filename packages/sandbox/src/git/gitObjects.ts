import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gitDate } from './commitFormat';
import { GitInvalidNameError, GitNotFoundError } from './errors';
import { isFullSha, normalizeRepoPath } from './names';
import { objectType, resolveRevision } from './refs';
import type { RepositoryGit } from './runGit';
import type {
  GitCommitObjectInput,
  GitTreeItem,
  GitTreeListing,
  GitTreeMode,
  GitTreeWrite,
} from './types';

const TYPE_OF_MODE: Record<GitTreeMode, GitTreeItem['type']> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

async function requireObject(
  git: RepositoryGit,
  sha: string,
  type: string,
): Promise<void> {
  if (!isFullSha(sha.toLowerCase()) || (await objectType(git, sha)) !== type) {
    throw new GitNotFoundError(`${sha} is not a ${type} of the repository`);
  }
}

/** Stores content as a blob and returns its sha. */
export async function hashBlob(
  git: RepositoryGit,
  content: Buffer,
): Promise<string> {
  const result = await git(['hash-object', '-w', '--no-filters', '--stdin'], {
    input: content,
  });
  return result.stdout.toString().trim();
}

/** A blob's content; undefined when the sha names no blob. */
export async function readBlob(
  git: RepositoryGit,
  sha: string,
): Promise<Buffer | undefined> {
  if (
    !isFullSha(sha.toLowerCase()) ||
    (await objectType(git, sha)) !== 'blob'
  ) {
    return undefined;
  }
  return (await git(['cat-file', 'blob', sha])).stdout;
}

/**
 * The tree of a tree-ish (a tree or commit sha, a branch or a tag), its
 * direct entries or, `recursive`, every entry below it with the subtrees.
 */
export async function readTreeItems(
  git: RepositoryGit,
  treeish: string,
  recursive: boolean,
): Promise<GitTreeListing | undefined> {
  let sha: string | undefined;
  try {
    sha = await resolveRevision(git, treeish, 'tree');
  } catch (error) {
    if (error instanceof GitInvalidNameError) {
      return undefined;
    }
    throw error;
  }
  if (!sha) {
    return undefined;
  }
  const args = ['ls-tree', '-z', '-l', ...(recursive ? ['-r', '-t'] : []), sha];
  const listing = (await git(args)).stdout.toString('utf8');
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const tab = line.indexOf('\t');
      const [mode, type, objectSha, size] = line.slice(0, tab).split(/\s+/);
      const item: GitTreeItem = {
        path: line.slice(tab + 1),
        mode,
        type: type as GitTreeItem['type'],
        sha: objectSha,
      };
      if (type === 'blob') {
        item.size = Number(size);
      }
      return item;
    });
  return { sha, entries };
}

/**
 * Writes a tree: `baseTree`'s entries (none when absent) with the changes
 * applied in order, on a temporary index so no ref or working tree is
 * involved. Returns the new tree's sha.
 */
export async function writeTreeItems(
  git: RepositoryGit,
  tmpRoot: string,
  baseTree: string | undefined,
  changes: GitTreeWrite[],
): Promise<string> {
  const workDir = await mkdtemp(join(tmpRoot, 'tree-'));
  try {
    const env = { GIT_INDEX_FILE: join(workDir, 'index') };
    if (baseTree) {
      await requireObject(git, baseTree, 'tree');
      await git(['read-tree', baseTree], { env });
    } else {
      await git(['read-tree', '--empty'], { env });
    }
    for (const change of changes) {
      const path = normalizeRepoPath(change.path, false);
      const type = TYPE_OF_MODE[change.mode];
      if (!type) {
        throw new GitInvalidNameError(`Invalid tree mode '${change.mode}'`);
      }
      if (change.sha === null) {
        await removePath(git, env, path);
        continue;
      }
      let sha = change.sha?.toLowerCase();
      if (change.content !== undefined) {
        sha = await hashBlob(git, change.content);
      } else if (!sha) {
        throw new GitInvalidNameError(`Tree entry '${path}' has no sha`);
      } else if (type !== 'commit') {
        // Submodule entries name commits of another repository.
        await requireObject(git, sha, type);
      } else if (!isFullSha(sha)) {
        throw new GitInvalidNameError(`Invalid sha '${sha}'`);
      }
      await removePath(git, env, path);
      if (type === 'tree') {
        await git(['read-tree', `--prefix=${path}/`, sha], { env });
        continue;
      }
      const mode = change.mode;
      await git(['update-index', '--add', '--replace', '-z', '--index-info'], {
        env,
        input: `${mode} ${sha}\t${path}\0`,
      });
    }
    return (await git(['write-tree'], { env })).stdout.toString().trim();
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Drops a path, and everything under it, from the temporary index. */
async function removePath(
  git: RepositoryGit,
  env: Record<string, string>,
  path: string,
): Promise<void> {
  const listed = (await git(['ls-files', '-z', '--', path], { env })).stdout
    .toString('utf8')
    .split('\0')
    .filter(entry => entry === path || entry.startsWith(`${path}/`));
  if (listed.length === 0) {
    return;
  }
  // A zero mode removes the entry; `--force-remove` would want a work tree.
  await git(['update-index', '-z', '--index-info'], {
    env,
    input: listed.map(entry => `0 ${'0'.repeat(40)}\t${entry}\0`).join(''),
  });
}

/** Writes a commit object of an existing tree and parents; moves no ref. */
export async function writeCommitObject(
  git: RepositoryGit,
  input: GitCommitObjectInput,
): Promise<string> {
  await requireObject(git, input.tree, 'tree');
  for (const parent of input.parents) {
    await requireObject(git, parent, 'commit');
  }
  return commitTree(git, input);
}

/** `git commit-tree` with the given identities; the objects are not checked. */
export async function commitTree(
  git: RepositoryGit,
  input: GitCommitObjectInput,
): Promise<string> {
  const parents = input.parents.flatMap(parent => ['-p', parent]);
  const result = await git(['commit-tree', input.tree, ...parents, '-F', '-'], {
    input: input.message,
    env: {
      GIT_AUTHOR_NAME: input.author.name,
      GIT_AUTHOR_EMAIL: input.author.email,
      GIT_AUTHOR_DATE: gitDate(input.author.date),
      GIT_COMMITTER_NAME: input.committer.name,
      GIT_COMMITTER_EMAIL: input.committer.email,
      GIT_COMMITTER_DATE: gitDate(input.committer.date),
    },
  });
  return result.stdout.toString().trim();
}

/** A gzipped tarball of a commit's tree, every path under `prefix/`. */
export async function archiveCommit(
  git: RepositoryGit,
  commit: string,
  prefix: string,
): Promise<Buffer> {
  await requireObject(git, commit, 'commit');
  const result = await git([
    'archive',
    '--format=tar.gz',
    `--prefix=${prefix}/`,
    commit,
  ]);
  return result.stdout;
}
