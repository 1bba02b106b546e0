import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';

interface GitHubFailure {
  status: number;
  message: string;
  headers: Record<string, string | undefined>;
}

function failureOf(error: unknown): GitHubFailure | undefined {
  const e = error as {
    status?: unknown;
    message?: string;
    response?: { headers?: Record<string, string>; data?: any };
  };
  if (typeof e?.status !== 'number' || !e.response) return undefined;
  return {
    status: e.status,
    message: e.response.data?.message ?? e.message ?? '',
    headers: e.response.headers ?? {},
  };
}

/** A call that got no HTTP answer at all: reset, refused, timed out. */
function isNetworkFailure(error: unknown): boolean {
  const e = error as { name?: string; status?: unknown; response?: unknown };
  return e?.name === 'HttpError' && e.status === 500 && !e.response;
}

/** The HTTP status of a failed Octokit call, if it was one. */
export function statusOf(error: unknown): number | undefined {
  return failureOf(error)?.status;
}

/**
 * Turns a failed GitHub call into an error a developer can act on: what was
 * being done, to which repository, and what would fix it. Octokit's errors
 * carry the request; this keeps only status, message and the headers that
 * explain a refusal, so no credential travels on.
 */
export function explainGitHubError(
  error: unknown,
  doing: string,
  host: string,
): Error {
  const failure = failureOf(error);
  if (isNetworkFailure(error)) {
    // Octokit reports a request that got no answer as a 500 without a response.
    return new ServiceUnavailableError(
      `${doing} failed: could not reach GitHub at ${host} (${
        (error as Error).message
      }), also after retrying. Check the network between the portal and ${host}, and run the task again.`,
    );
  }
  if (!failure) {
    const plain = new Error(
      `${doing} failed: ${(error as Error)?.message ?? String(error)}`,
    );
    plain.name = (error as Error)?.name ?? 'Error';
    return plain;
  }
  const { status, message, headers } = failure;
  if (
    (status === 403 || status === 429) &&
    headers['x-ratelimit-remaining'] === '0'
  ) {
    const reset = new Date(Number(headers['x-ratelimit-reset']) * 1000);
    return new ServiceUnavailableError(
      `${doing} failed: the GitHub rate limit of the integration for ${host} is exhausted; it resets at ${reset.toISOString()}. Run the task again after that.`,
    );
  }
  if ((status === 403 || status === 429) && /secondary rate/i.test(message)) {
    return new ServiceUnavailableError(
      `${doing} failed: GitHub's secondary rate limit for ${host} still applied after retrying (retry after ${
        headers['retry-after'] ?? 'a minute'
      } s). Run the task again later.`,
    );
  }
  if (status === 401) {
    return new NotAllowedError(
      `${doing} failed: GitHub refused the credentials of the integration for ${host} (${message}). Renew the token or the GitHub App's key.`,
    );
  }
  if (status === 403) {
    const permission =
      headers['x-accepted-github-permissions'] ??
      headers['x-accepted-oauth-scopes'];
    return new NotAllowedError(
      permission
        ? `${doing} failed: the credentials of the integration for ${host} lack the permission it needs (${permission}); GitHub said: ${message}`
        : `${doing} failed: GitHub refused it (${message}); the integration for ${host} needs admin rights on the repository and owner rights in the organisation.`,
    );
  }
  if (status === 409) {
    return new ConflictError(`${doing} failed: ${message}`);
  }
  if (status === 422 || status === 400) {
    return new InputError(`${doing} failed: GitHub refused it: ${message}`);
  }
  const text = `${doing} failed: GitHub answered ${status} ${message}`;
  // Retried already (see GitHubClients): the step may be run again later.
  return status >= 500 ? new ServiceUnavailableError(text) : new Error(text);
}

/**
 * GitHub's refusal of a push that touches workflows, as git reports it for a
 * ref: credentials of a person or an OAuth App lack the `workflow` scope, a
 * GitHub App's installation the `workflows` permission.
 */
const WORKFLOW_REFUSAL =
  /refusing to allow (an? [\w ]+?) to create or update workflow `([^`]+)` without `(workflow` scope|workflows` permission)/;

/**
 * Explains a failed git push: GitHub's refusal to let credentials without
 * the `workflow` scope (an App: the `workflows` permission) create or change
 * a workflow becomes a NotAllowedError naming it; anything else as for an
 * API call.
 */
export function explainPushError(
  error: unknown,
  doing: string,
  host: string,
): Error {
  const refusal = WORKFLOW_REFUSAL.exec(String((error as Error)?.message));
  if (refusal) {
    const [, actor, workflow, lacking] = refusal;
    if (lacking.endsWith('permission')) {
      return new NotAllowedError(
        `${doing} failed: the GitHub App of the integration for ${host} lacks the Workflows permission, which GitHub requires to create or update ${workflow} (it refused ${actor} without it). Give the App the Workflows permission (read and write) and accept it on the installation, then run the task again; the repository is kept and will be pushed to.`,
      );
    }
    return new NotAllowedError(
      `${doing} failed: the credentials of the integration for ${host} lack the \`workflow\` scope, which GitHub requires to create or update ${workflow} (it refused ${actor} without it). Give the token the workflow scope (a GitHub App: the Workflows permission, read and write), then run the task again; the repository is kept and will be pushed to.`,
    );
  }
  return explainGitHubError(error, doing, host);
}

/** Runs a GitHub call, explaining its failure. */
export async function call<T>(
  doing: string,
  host: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw explainGitHubError(error, doing, host);
  }
}
