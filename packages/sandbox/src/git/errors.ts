/**
 * Input git would refuse or that could escape the repository root: an
 * owner, repository, ref or path name, a sha or a date.
 */
export class GitInvalidNameError extends Error {
  name = 'GitInvalidNameError';
}

/** The repository, ref or object an operation needs does not exist. */
export class GitNotFoundError extends Error {
  name = 'GitNotFoundError';
}

/** git exited with an unexpected status; `stderr` says why. */
export class GitCommandError extends Error {
  name = 'GitCommandError';
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(
      `git ${args[0] ?? ''} failed (exit ${exitCode}): ${stderr.trim()}`.trim(),
    );
  }
}

/** Thrown when a ref update is not a fast-forward or its expected old value moved. */
export class GitConflictError extends Error {
  name = 'GitConflictError';
}
