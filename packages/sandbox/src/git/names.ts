import { GitInvalidNameError } from './errors';

const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Owners and repositories become folder names under the root, so only
 * GitHub's characters are allowed, never `..`; owners may not start with `.`,
 * which keeps the root's own folders (`.home`, `.tmp`) out of reach.
 */
export function assertOwnerName(owner: string): void {
  if (!NAME.test(owner) || owner.includes('..') || owner.startsWith('.')) {
    throw new GitInvalidNameError(`Invalid owner name '${owner}'`);
  }
}

export function assertRepoName(repo: string): void {
  if (!NAME.test(repo) || repo.includes('..') || repo === '.') {
    throw new GitInvalidNameError(`Invalid repository name '${repo}'`);
  }
}

export function isValidOwnerName(owner: string): boolean {
  return NAME.test(owner) && !owner.includes('..') && !owner.startsWith('.');
}

export function isValidRepoName(repo: string): boolean {
  return NAME.test(repo) && !repo.includes('..') && repo !== '.';
}

/**
 * A path inside a repository, without leading or trailing slashes; '' is the
 * root. Rejects segments git refuses or that could climb out (`.`, `..`, `.git`).
 */
export function normalizeRepoPath(path: string, allowRoot = true): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') {
    if (allowRoot) {
      return '';
    }
    throw new GitInvalidNameError('A file path is required');
  }
  for (const segment of trimmed.split('/')) {
    if (
      segment === '' ||
      segment === '.' ||
      segment === '..' ||
      segment.toLowerCase() === '.git' ||
      /[\0\\]/.test(segment)
    ) {
      throw new GitInvalidNameError(`Invalid path '${path}'`);
    }
  }
  return trimmed;
}

/** `heads/main` and `refs/heads/main` both name `refs/heads/main`. */
export function fullRefName(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

/** A revision as the API takes it: branch, tag, full ref or sha; never an option. */
export function assertRevision(revision: string): void {
  if (
    revision === '' ||
    revision.length > 255 ||
    revision.startsWith('-') ||
    // eslint-disable-next-line no-control-regex
    /[\x00-\x20\x7f]/.test(revision)
  ) {
    throw new GitInvalidNameError(`Invalid ref '${revision}'`);
  }
}

export const ZERO_SHA = '0'.repeat(40);

export function isFullSha(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}
