import express from 'express';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultInjector } from '../../faults';
import { listenOnLoopback } from '../../http/listen';
import { GitRepositories } from '../GitRepositories';
import {
  createGitHttpRouter,
  type GitAccess,
} from '../http/createGitHttpRouter';
import { readGitToken } from '../http/readGitToken';

export interface TestGitServerOptions {
  /** Token to login. */
  tokens: Record<string, string>;
  /** Lower-case `owner/repo` to the access each login has; `*` is anyone, signed in or not. */
  access: Record<string, Record<string, GitAccess>>;
  /**
   * Tokens without the `workflow` scope, to how GitHub names them in its
   * refusal (e.g. `a Personal Access Token`): their pushes touching
   * `.github/workflows/` are refused.
   */
  withoutWorkflowScope?: Record<string, string>;
}

export interface TestGitServer {
  url: string;
  repositories: GitRepositories;
  faults: FaultInjector;
  /** A folder for clients' working copies, removed by `stop`. */
  workDir: string;
  stop(): Promise<void>;
}

/**
 * A git smart HTTP server on loopback over a temporary root, with tokens
 * and per-repository access from a table, for tests of git clients.
 */
export async function startTestGitServer(
  options: TestGitServerOptions,
): Promise<TestGitServer> {
  const baseDir = await mkdtemp(join(tmpdir(), 'sandbox-git-http-'));
  const repositories = new GitRepositories({ rootDir: join(baseDir, 'repos') });
  const faults = new FaultInjector({
    errorBody: (status, message) => ({ message, status }),
  });
  const app = express();
  app.use(faults.middleware());
  app.use('/_sandbox/faults', faults.adminRouter());
  app.use(
    createGitHttpRouter({
      repositories,
      authenticate: req => {
        const token = readGitToken(req);
        return token ? options.tokens[token] : undefined;
      },
      authorize: (login, owner, repo, access) => {
        const table = options.access[`${owner}/${repo}`.toLowerCase()] ?? {};
        const granted = table[login ?? ''] ?? table['*'];
        return granted === 'write' || granted === access;
      },
      workflowRefusal: req => {
        const token = readGitToken(req);
        const actor = token ? options.withoutWorkflowScope?.[token] : undefined;
        return actor ? { actor, lacking: '`workflow` scope' } : undefined;
      },
    }),
  );
  const server = await listenOnLoopback(app);
  return {
    url: server.url,
    repositories,
    faults,
    workDir: join(baseDir, 'work'),
    stop: async () => {
      await server.close();
      await rm(baseDir, { recursive: true, force: true });
    },
  };
}
