import { Octokit } from '@octokit/rest';

/** Octokit logs failed requests to the console; tests expect many of them. */
const silentLog = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** An Octokit pointed at a sandbox GitHub's `apiBaseUrl`, with `token` (anonymous without one), logging nothing. */
export function testOctokit(apiBaseUrl: string, token?: string): Octokit {
  return new Octokit({ auth: token, baseUrl: apiBaseUrl, log: silentLog });
}

/** The status of a failed Octokit call; throws when the call succeeded. */
export async function failedStatus(promise: Promise<unknown>): Promise<number> {
  return (await failureOf(promise)).status;
}

/** The status, error body and headers of a failed Octokit call; throws when the call succeeded. */
export async function failureOf(
  promise: Promise<unknown>,
): Promise<{ status: number; data: any; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as {
      status: number;
      response?: { data: unknown; headers: Record<string, string> };
    };
    return { status, data: response?.data, headers: response?.headers ?? {} };
  }
  throw new Error('Expected the request to fail');
}
