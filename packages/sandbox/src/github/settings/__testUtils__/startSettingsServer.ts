import { Octokit } from '@octokit/rest';
import express, { type ErrorRequestHandler } from 'express';
import { FaultInjector } from '../../../faults';
import { listenOnLoopback } from '../../../http/listen';
import { GitHubError } from '../../types';
import { repositorySettingsRouter } from '../router';
import {
  createRepositorySettingsState,
  type RepositorySettingsState,
} from '../state';
import { FakeServerCore, repositoryRecord } from './fakeServerCore';

const DOCS = 'https://docs.github.com/rest';

function errorBody(status: number, message: string) {
  return { message, documentation_url: DOCS, status: String(status) };
}

/** GitHub's error body, as the server core's error middleware answers. */
const gitHubErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof GitHubError) {
    res
      .status(error.status)
      .set(error.headers ?? {})
      .json({
        ...errorBody(error.status, error.message),
        ...(error.errors && { errors: error.errors }),
      });
    return;
  }
  res.status(500).json(errorBody(500, String(error)));
};

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export const SHA_MAIN = 'a'.repeat(40);
export const SHA_RELEASE = 'b'.repeat(40);

/**
 * The settings router behind a fake server core, on loopback: `acme/web`
 * (owned by `octocat`, `reader` may pull, `writer` may push) with branches
 * `main` and `release/1`.
 */
export async function startSettingsServer(
  state: RepositorySettingsState = createRepositorySettingsState(),
) {
  const core = new FakeServerCore();
  core.tokens.set('owner-token', 'octocat');
  core.tokens.set('reader-token', 'reader');
  core.tokens.set('writer-token', 'writer');
  core.users.push(
    { id: 1, login: 'octocat' },
    { id: 2, login: 'reader' },
    { id: 3, login: 'writer' },
  );
  core.teams.push({ id: 10, org: 'acme', slug: 'platform', name: 'Platform' });
  const repository = core.addRepository({
    record: repositoryRecord(42, 'acme', 'web'),
    branches: { main: SHA_MAIN, 'release/1': SHA_RELEASE },
    permissions: { octocat: 'admin', reader: 'pull', writer: 'push' },
  });

  const faults = new FaultInjector({ errorBody });
  const app = express();
  app.use(faults.middleware());
  app.use('/_sandbox/faults', faults.adminRouter());
  app.use('/api/v3', repositorySettingsRouter(core.deps(), state));
  app.use(gitHubErrors);
  const server = await listenOnLoopback(app);

  const octokit = (token = 'owner-token'): Octokit =>
    new Octokit({ baseUrl: `${server.url}/api/v3`, auth: token, log: quiet });

  return {
    core,
    state,
    repository: repository.record,
    faults,
    url: server.url,
    octokit,
    close: () => server.close(),
  };
}

export type SettingsTestServer = Awaited<
  ReturnType<typeof startSettingsServer>
>;

/**
 * A fresh settings server for each test of a describe block, closed after
 * it. The returned object reads the current test's server.
 */
export function useSettingsServer(): SettingsTestServer {
  let current: SettingsTestServer | undefined;
  const started = (): SettingsTestServer => {
    if (!current) {
      throw new Error('The settings server is not started yet');
    }
    return current;
  };
  beforeEach(async () => {
    current = await startSettingsServer();
  });
  afterEach(() => current?.close());
  return {
    get core() {
      return started().core;
    },
    get state() {
      return started().state;
    },
    get repository() {
      return started().repository;
    },
    get faults() {
      return started().faults;
    },
    get url() {
      return started().url;
    },
    octokit: token => started().octokit(token),
    close: () => started().close(),
  };
}

/** The status of a rejected Octokit call, and GitHub's error body. */
export async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const e = error as {
      status?: number;
      response?: { data?: unknown; headers?: Record<string, string> };
    };
    return {
      status: e.status,
      data: e.response?.data as
        | { message: string; errors?: unknown[]; status?: string }
        | undefined,
    };
  }
  throw new Error('Expected the call to fail');
}
