import type { Octokit } from '@octokit/rest';
import {
  startGitHubServer,
  type GitHubServer,
  type GitHubServerOptions,
} from '../github';
import { testGitHubOptions } from './defaults';
import { testOctokit } from './octokit';

/** A sandbox GitHub started for a test, with an Octokit for any of its tokens. */
export interface TestGitHubServer {
  server: GitHubServer;
  /** An Octokit for a token (anonymous without one), pointed at the sandbox. */
  client(token?: string): Octokit;
  stop(): Promise<void>;
}

/**
 * Starts the standard test GitHub (see {@link testGitHubOptions}) on a free
 * loopback port; fields of `overrides` replace the standard ones.
 */
export async function startTestGitHubServer(
  overrides: Partial<GitHubServerOptions> = {},
): Promise<TestGitHubServer> {
  const server = await startGitHubServer(testGitHubOptions(overrides));
  return {
    server,
    client: token => testOctokit(server.apiBaseUrl, token),
    stop: () => server.stop(),
  };
}

/**
 * The standard test GitHub for a describe block: started before its tests
 * (then `setUp` seeds what they share) and stopped after them. The returned
 * object can be read from the tests once the server is up.
 */
export function useTestGitHubServer(
  setUp?: (t: TestGitHubServer) => Promise<void> | void,
): TestGitHubServer {
  let current: TestGitHubServer | undefined;
  const started = (): TestGitHubServer => {
    if (!current) {
      throw new Error('The test GitHub server is not started yet');
    }
    return current;
  };
  beforeAll(async () => {
    current = await startTestGitHubServer();
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
