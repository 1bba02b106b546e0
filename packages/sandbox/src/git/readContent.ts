import type { RepositoryGit } from './runGit';
import type { GitContent, GitTreeEntry } from './types';

interface LsTreeLine {
  mode: string;
  type: string;
  sha: string;
  size: number;
  name: string;
}

/** Parses `git ls-tree -l -z`: `<mode> <type> <sha> <size>\t<name>` per entry. */
function parseLsTree(output: Buffer): LsTreeLine[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const tab = line.indexOf('\t');
      const [mode, type, sha, size] = line.slice(0, tab).split(/ +/);
      return {
        mode,
        type,
        sha,
        size: size === '-' ? 0 : Number(size),
        name: line.slice(tab + 1),
      };
    });
}

function entryType(line: LsTreeLine): GitTreeEntry['type'] {
  if (line.type === 'tree') {
    return 'dir';
  }
  if (line.type === 'commit') {
    return 'submodule';
  }
  return line.mode === '120000' ? 'symlink' : 'file';
}

async function listTree(
  git: RepositoryGit,
  tree: string,
  path: string,
): Promise<GitContent> {
  const lines = parseLsTree((await git(['ls-tree', '-l', '-z', tree])).stdout);
  return {
    type: 'dir',
    path,
    sha: tree,
    entries: lines.map(line => {
      const type = entryType(line);
      return {
        type,
        name: line.name,
        path: path ? `${path}/${line.name}` : line.name,
        sha: line.sha,
        size: type === 'file' ? line.size : 0,
      };
    }),
  };
}

/**
 * The file or folder at `path` (normalized, '' for the root) of `commit`.
 * Symlinks read as files holding their target; submodules as absent.
 */
export async function readContent(
  git: RepositoryGit,
  commit: string,
  path: string,
): Promise<GitContent | undefined> {
  if (path === '') {
    const tree = (await git(['rev-parse', `${commit}^{tree}`])).stdout
      .toString()
      .trim();
    return listTree(git, tree, '');
  }
  // Without -r, ls-tree prints the entry named `path` itself, folder or not.
  const [line] = parseLsTree(
    (await git(['ls-tree', '-l', '-z', commit, '--', path])).stdout,
  ).filter(entry => entry.name === path);
  if (!line || line.type === 'commit') {
    return undefined;
  }
  if (line.type === 'tree') {
    return listTree(git, line.sha, path);
  }
  const content = (await git(['cat-file', 'blob', line.sha])).stdout;
  return { type: 'file', path, sha: line.sha, size: line.size, content };
}
