import type { Octokit } from '@octokit/rest';
import { join } from 'node:path';
import type { FaultInjector } from '../faults';
import type { GitCommit } from '../git';
import type { GitHubServer, StoredRepository } from '../github';
import type { RequestLog } from '../http/requestLog';
import { testOctokit } from './octokit';
import { runGitClient, type GitClientResult } from './runGitClient';

/** A test sandbox's GitHub: the server, clients for it, and readers of its state. */
export interface TestSandboxGitHub {
  /** The server itself, for what the helpers here do not cover. */
  server: GitHubServer;
  /** `<url>/api/v3`, for `integrations.github[].apiBaseUrl` and Octokit's `baseUrl`. */
  apiBaseUrl: string;
  /** `127.0.0.1:<port>`, for `integrations.github[].host`. */
  host: string;
  /** The token clients use when none is given, and the config fragment carries. */
  token: string;
  /** Every API and git request the server received. */
  requests: RequestLog;
  /** Switchable faults (5xx, rate limits, latency) for the server's routes. */
  faults: FaultInjector;
  /** An Octokit pointed at the sandbox, for `token` ({@link TestSandboxGitHub.token} by default). */
  octokit(token?: string): Octokit;
  /** `http://x-access-token:<token>@<host>/<owner>/<repo>.git`, to clone or push. */
  cloneUrl(owner: string, repo: string, token?: string): string;
  /**
   * Runs the git CLI (see {@link runGitClient}) in a folder of the sandbox's
   * own, removed on stop, or in `cwd` relative to it.
   */
  git(args: string[], options?: { cwd?: string }): Promise<GitClientResult>;
  /** The folder `git` runs in; clone into it. */
  workDir: string;
  /** A repository's record (visibility, default branch, merge settings, topics...), as stored. */
  repository(owner: string, repo: string): StoredRepository | undefined;
  /** A file's text at `ref` (the default branch by default); undefined when there is no such file. */
  file(
    owner: string,
    repo: string,
    path: string,
    ref?: string,
  ): Promise<string | undefined>;
  /** Every file's text at `ref` (the default branch by default), by path; `{}` for an empty or missing repository. */
  files(
    owner: string,
    repo: string,
    ref?: string,
  ): Promise<Record<string, string>>;
  /** Commits reachable from `ref` (the default branch by default), newest first. */
  commits(
    owner: string,
    repo: string,
    options?: { ref?: string; path?: string; limit?: number },
  ): Promise<GitCommit[]>;
}

/** The helpers of {@link TestSandboxGitHub} over a running server. */
export function testSandboxGitHub(
  server: GitHubServer,
  token: string,
  workDir: string,
): TestSandboxGitHub {
  const { repositories } = server;
  const exists = async (owner: string, repo: string) =>
    server.store.repository(owner, repo) !== undefined &&
    (await repositories.exists(owner, repo));
  return {
    server,
    apiBaseUrl: server.apiBaseUrl,
    host: server.host,
    token,
    requests: server.requests,
    faults: server.faults,
    octokit: (as = token) => testOctokit(server.apiBaseUrl, as),
    cloneUrl: (owner, repo, as = token) =>
      `http://x-access-token:${encodeURIComponent(as)}@${
        server.host
      }/${owner}/${repo}.git`,
    git: (args, options = {}) =>
      runGitClient(workDir, args, join(workDir, options.cwd ?? '.')),
    workDir,
    repository: (owner, repo) => server.store.repository(owner, repo),
    async file(owner, repo, path, ref = 'HEAD') {
      if (!(await exists(owner, repo))) return undefined;
      const content = await repositories.getContent(owner, repo, ref, path);
      return content?.type === 'file'
        ? content.content.toString('utf8')
        : undefined;
    },
    async files(owner, repo, ref = 'HEAD') {
      const files: Record<string, string> = {};
      if (!(await exists(owner, repo))) return files;
      const tree = await repositories
        .readTree(owner, repo, ref, { recursive: true })
        .catch(() => undefined);
      for (const item of tree?.entries ?? []) {
        if (item.type === 'blob') {
          const blob = await repositories.readBlob(owner, repo, item.sha);
          files[item.path] = blob?.toString('utf8') ?? '';
        }
      }
      return files;
    },
    async commits(owner, repo, options = {}) {
      if (!(await exists(owner, repo))) return [];
      return repositories.listCommits(owner, repo, {
        ref: options.ref ?? 'HEAD',
        path: options.path,
        limit: options.limit,
      });
    },
  };
}
