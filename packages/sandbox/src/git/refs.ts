import {
  GitCommandError,
  GitConflictError,
  GitInvalidNameError,
} from './errors';
import { ZERO_SHA, assertRevision, isFullSha } from './names';
import type { RepositoryGit } from './runGit';
import type { GitPushEvent, GitRef } from './types';

/** Validates a full ref name with git's own rules; returns it. */
export async function checkRefName(
  git: RepositoryGit,
  ref: string,
): Promise<string> {
  const result = await git(['check-ref-format', ref], { okExitCodes: [1] });
  // git takes `refs/heads/-x`, but a branch named like an option is a trap.
  if (result.exitCode !== 0 || !ref.startsWith('refs/') || ref.includes('/-')) {
    throw new GitInvalidNameError(`Invalid ref name '${ref}'`);
  }
  return ref;
}

/** All refs, or those matching for-each-ref's `pattern`. */
export async function readRefs(
  git: RepositoryGit,
  pattern?: string,
): Promise<GitRef[]> {
  const result = await git([
    'for-each-ref',
    '--format=%(objectname) %(refname)',
    ...(pattern ? [pattern] : []),
  ]);
  return result.stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => ({ sha: line.slice(0, 40), ref: line.slice(41) }));
}

/** What a full ref points at, exactly that ref (no guessing of prefixes). */
export async function refValue(
  git: RepositoryGit,
  ref: string,
): Promise<string | undefined> {
  return (await readRefs(git, ref)).find(entry => entry.ref === ref)?.sha;
}

/** A branch, tag, full ref or (abbreviated) sha as a commit sha. */
export async function resolveRevision(
  git: RepositoryGit,
  revision: string,
  peel: 'commit' | 'tree' = 'commit',
): Promise<string | undefined> {
  assertRevision(revision);
  // A branch wins over a tag or sha of the same name, as on GitHub.
  const candidates =
    revision.startsWith('refs/') || revision === 'HEAD' || isFullSha(revision)
      ? [revision]
      : [`refs/heads/${revision}`, revision];
  for (const candidate of candidates) {
    const result = await git(
      [
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        `${candidate}^{${peel}}`,
      ],
      { okExitCodes: [1, 128] },
    );
    if (result.exitCode === 0) {
      return result.stdout.toString().trim();
    }
  }
  return undefined;
}

/** `commit`, `tree`, `blob` or `tag`; undefined when the object is missing. */
export async function objectType(
  git: RepositoryGit,
  sha: string,
): Promise<string | undefined> {
  const result = await git(['cat-file', '-t', sha], { okExitCodes: [1, 128] });
  return result.exitCode === 0 ? result.stdout.toString().trim() : undefined;
}

/**
 * Moves (or deletes, when `sha` is undefined) a ref only if it still holds
 * `expected` (absent: only if it does not exist), else GitConflictError.
 */
export async function compareAndSwap(
  git: RepositoryGit,
  ref: string,
  sha: string | undefined,
  expected: string | undefined,
): Promise<void> {
  const args = sha
    ? ['update-ref', ref, sha, expected ?? ZERO_SHA]
    : ['update-ref', '-d', ref, expected ?? ZERO_SHA];
  try {
    await git(args);
  } catch (error) {
    if (error instanceof GitCommandError) {
      throw new GitConflictError(
        `${ref} moved meanwhile: ${error.stderr.trim()}`,
      );
    }
    throw error;
  }
}

/** One event per ref that differs between two snapshots. */
export function diffRefs(
  owner: string,
  repo: string,
  before: GitRef[],
  after: GitRef[],
): GitPushEvent[] {
  const old = new Map(before.map(ref => [ref.ref, ref.sha]));
  const now = new Map(after.map(ref => [ref.ref, ref.sha]));
  const events: GitPushEvent[] = [];
  for (const [ref, sha] of now) {
    if (old.get(ref) !== sha) {
      events.push({
        owner,
        repo,
        ref,
        before: old.get(ref) ?? ZERO_SHA,
        after: sha,
      });
    }
  }
  for (const [ref, sha] of old) {
    if (!now.has(ref)) {
      events.push({ owner, repo, ref, before: sha, after: ZERO_SHA });
    }
  }
  return events;
}
