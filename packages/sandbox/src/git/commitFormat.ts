import { GitInvalidNameError } from './errors';
import type { GitCommit } from './types';

const FIELDS = [
  '%H',
  '%T',
  '%P',
  '%an',
  '%ae',
  '%at',
  '%cn',
  '%ce',
  '%ct',
  '%B',
];

/**
 * `git log`/`show` arguments printing each commit as NUL-separated fields;
 * with `-z`, commits are NUL-separated too, so messages may hold anything.
 */
export const COMMIT_FORMAT_ARGS = [
  '-z',
  `--format=${FIELDS.join('%x00')}`,
  '--encoding=UTF-8',
];

function isoDate(unixSeconds: string): string {
  return new Date(Number(unixSeconds) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Parses the output of a command run with COMMIT_FORMAT_ARGS. */
export function parseCommits(output: string): GitCommit[] {
  const parts = output.split('\0');
  const commits: GitCommit[] = [];
  for (let i = 0; i + FIELDS.length <= parts.length; i += FIELDS.length) {
    const [sha, tree, parents, an, ae, at, cn, ce, ct, message] = parts.slice(
      i,
      i + FIELDS.length,
    );
    commits.push({
      sha,
      tree,
      parents: parents ? parents.split(' ') : [],
      // git ends stored messages with a newline; GitHub shows them without it.
      message: message.replace(/\n$/, ''),
      author: { name: an, email: ae, date: isoDate(at) },
      committer: { name: cn, email: ce, date: isoDate(ct) },
    });
  }
  return commits;
}

/** Git's own date format (`<seconds> <+hhmm>`), keeping the offset an ISO date gives. */
export function gitDate(iso: string | undefined): string {
  const date = iso ? new Date(iso) : new Date();
  if (Number.isNaN(date.getTime())) {
    throw new GitInvalidNameError(`Invalid date '${iso}'`);
  }
  const seconds = Math.floor(date.getTime() / 1000);
  const offset = iso?.match(/([+-])(\d{2}):?(\d{2})$/);
  return `${seconds} ${
    offset ? `${offset[1]}${offset[2]}${offset[3]}` : '+0000'
  }`;
}
