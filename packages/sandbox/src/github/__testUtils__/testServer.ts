import { Octokit } from '@octokit/rest';
import {
  startGitHubServer,
  type GitHubServer,
  type GitHubServerOptions,
} from '..';

/** Tokens of the standard test server, by who holds them. */
export const TOKENS = {
  /** `octo-admin`, admin of `acme`, every scope. */
  admin: 'admin-token',
  /** `mona`, member of `acme` and its `platform` team. */
  member: 'member-token',
  /** `stranger`, in no organization. */
  outsider: 'outsider-token',
  /** `octo-admin` again, with `read:org` only. */
  readOnly: 'read-only-token',
} as const;

export const silentLog = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

export interface TestServer {
  server: GitHubServer;
  /** An Octokit for a token (anonymous without one), pointed at the sandbox. */
  client(token?: string): Octokit;
  stop(): Promise<void>;
}

/** The options of the standard test server: one organization with a team, three users. */
export function testServerOptions(
  extra: Partial<GitHubServerOptions> = {},
): GitHubServerOptions {
  return {
    tokens: [
      { token: TOKENS.admin, login: 'octo-admin' },
      { token: TOKENS.member, login: 'mona' },
      { token: TOKENS.outsider, login: 'stranger' },
      { token: TOKENS.readOnly, login: 'octo-admin', scopes: ['read:org'] },
    ],
    users: [{ login: 'mona', name: 'Mona Lisa', email: 'mona@example.com' }],
    organizations: [
      {
        login: 'acme',
        members: [
          { login: 'octo-admin', role: 'admin' },
          { login: 'mona', role: 'member' },
        ],
        teams: [{ slug: 'platform', name: 'Platform', members: ['mona'] }],
      },
    ],
    ...extra,
  };
}

export async function startTestServer(
  extra: Partial<GitHubServerOptions> = {},
): Promise<TestServer> {
  const server = await startGitHubServer(testServerOptions(extra));
  return {
    server,
    client: token =>
      new Octokit({ auth: token, baseUrl: server.apiBaseUrl, log: silentLog }),
    stop: () => server.stop(),
  };
}

/**
 * The standard test server for a describe block: started before its tests
 * (then `setUp` seeds what they share) and stopped after them. The returned
 * object can be read from the tests once the server is up.
 */
export function useTestServer(
  setUp?: (t: TestServer) => Promise<void> | void,
): TestServer {
  let current: TestServer | undefined;
  const started = (): TestServer => {
    if (!current) {
      throw new Error('The test server is not started yet');
    }
    return current;
  };
  beforeAll(async () => {
    current = await startTestServer();
    await setUp?.(current);
  });
  afterAll(() => current?.stop());
  return {
    get server() {
      return started().server;
    },
    client: token => started().client(token),
    stop: () => started().stop(),
  };
}

/** The status of a failed Octokit call, or a failure when it did not fail. */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    return (error as { status: number }).status;
  }
  throw new Error('Expected the request to fail');
}

/** The error body of a failed Octokit call. */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ status: number; data: any; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    const { status, response } = error as {
      status: number;
      response: { data: unknown; headers: Record<string, string> };
    };
    return { status, data: response.data, headers: response.headers };
  }
  throw new Error('Expected the request to fail');
}
