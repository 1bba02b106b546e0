import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Octokit } from '@octokit/rest';
import type { GitHubServer } from '../..';
import type { FaultInjector } from '../../../faults';
import { startTestGitHubServer } from '../../../testUtils';
import type { GitHubStateData } from '../../state/model';

/** Tokens of the repository settings tests, by who holds them. */
export const SETTINGS_TOKENS = {
  /** `octocat`, admin of `acme`. */
  owner: 'owner-token',
  /** `reader`, outside collaborator with pull on `acme/web`. */
  reader: 'reader-token',
  /** `writer`, outside collaborator with push on `acme/web`. */
  writer: 'writer-token',
} as const;

async function seedWebRepository(octokit: Octokit) {
  const repo = { owner: 'acme', repo: 'web' };
  const existing = await octokit.rest.repos.get(repo).catch(() => undefined);
  if (existing) {
    return;
  }
  await octokit.rest.repos.createInOrg({
    org: 'acme',
    name: 'web',
    private: true,
    auto_init: true,
  });
  const main = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
  await octokit.rest.git.createRef({
    ...repo,
    ref: 'refs/heads/release/1',
    sha: main.data.object.sha,
  });
  // A commit of its own, so the two branches name different shas.
  await octokit.rest.repos.createOrUpdateFileContents({
    ...repo,
    path: 'RELEASE',
    message: 'Release 1',
    content: Buffer.from('1\n').toString('base64'),
    branch: 'release/1',
  });
  await octokit.rest.repos.addCollaborator({
    ...repo,
    username: 'reader',
    permission: 'pull',
  });
  await octokit.rest.repos.addCollaborator({
    ...repo,
    username: 'writer',
    permission: 'push',
  });
}

export interface SettingsTestServer {
  server: GitHubServer;
  faults: FaultInjector;
  url: string;
  stateDir: string;
  /** `acme/web`. */
  repository: { id: number };
  /** Heads of `main` and `release/1`. */
  shas: { main: string; release: string };
  /** Ids of the users and of the `platform` team. */
  ids: { octocat: number; reader: number; writer: number; platform: number };
  /** An Octokit for a token, `octocat`'s by default. */
  octokit(token?: string): Octokit;
  /** What the server last wrote to its state file. */
  readState(): GitHubStateData;
  /** Stops the server; its state folder stays for a restart unless `remove`. */
  close(options?: { remove?: boolean }): Promise<void>;
}

/**
 * The sandbox's GitHub server with what the settings tests act on: the
 * private repository `acme/web` (branches `main` and `release/1`), `octocat`
 * as an admin of `acme`, and the outside collaborators `reader` (pull) and
 * `writer` (push), besides the standard test server's users and `platform`
 * team. State is kept in `stateDir` (a new folder when absent), so a second
 * server started on it is a restart.
 */
export async function startSettingsServer(
  stateDir?: string,
): Promise<SettingsTestServer> {
  const dir =
    stateDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-settings-test-'));
  const t = await startTestGitHubServer({ stateDir: dir });
  t.server.addOrganization({
    login: 'acme',
    members: [{ login: 'octocat', role: 'admin' }],
  });
  t.server.addToken({ token: SETTINGS_TOKENS.owner, login: 'octocat' });
  t.server.addToken({ token: SETTINGS_TOKENS.reader, login: 'reader' });
  t.server.addToken({ token: SETTINGS_TOKENS.writer, login: 'writer' });
  const octokit = (token: string = SETTINGS_TOKENS.owner) => t.client(token);
  const owner = octokit();
  await seedWebRepository(owner);

  const repo = { owner: 'acme', repo: 'web' };
  const repository = (await owner.rest.repos.get(repo)).data;
  const branchSha = async (branch: string) =>
    (await owner.rest.repos.getBranch({ ...repo, branch })).data.commit.sha;
  const userId = async (username: string) =>
    (await owner.rest.users.getByUsername({ username })).data.id;
  const ids = {
    octocat: await userId('octocat'),
    reader: await userId('reader'),
    writer: await userId('writer'),
    platform: (
      await owner.rest.teams.getByName({ org: 'acme', team_slug: 'platform' })
    ).data.id,
  };
  const stateFile = path.join(dir, 'github', 'state.json');

  return {
    server: t.server,
    faults: t.server.faults,
    url: t.server.url,
    stateDir: dir,
    repository: { id: repository.id },
    shas: {
      main: await branchSha('main'),
      release: await branchSha('release/1'),
    },
    ids,
    octokit,
    readState: () => JSON.parse(fs.readFileSync(stateFile, 'utf8')),
    // A folder made here goes with the server unless told otherwise.
    close: async (options = { remove: !stateDir }) => {
      await t.stop();
      if (options.remove) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A fresh settings server for each test of a describe block, stopped and
 * removed after it. The returned object reads the current test's server.
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
    get server() {
      return started().server;
    },
    get faults() {
      return started().faults;
    },
    get url() {
      return started().url;
    },
    get stateDir() {
      return started().stateDir;
    },
    get repository() {
      return started().repository;
    },
    get shas() {
      return started().shas;
    },
    get ids() {
      return started().ids;
    },
    octokit: token => started().octokit(token),
    readState: () => started().readState(),
    close: options => started().close(options),
  };
}
