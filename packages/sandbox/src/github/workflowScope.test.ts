import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  runGitClient,
  startTestGitHubServer,
  testGitHubOptions,
  TEST_TOKENS,
  type TestGitHubServer,
} from '../testUtils';

// Every test spawns git several times; leave room for a busy machine.
jest.setTimeout(60_000);

/** octo-admin's tokens without the `workflow` scope: a classic PAT and an OAuth App's. */
const NO_WORKFLOW = 'no-workflow-token';
const OAUTH_NO_WORKFLOW = 'oauth-no-workflow-token';

describe('git pushes that touch workflows', () => {
  let t: TestGitHubServer;
  let work: string;
  beforeAll(async () => {
    t = await startTestGitHubServer({
      tokens: [
        ...testGitHubOptions().tokens!,
        { token: NO_WORKFLOW, login: 'octo-admin', scopes: ['repo'] },
        {
          token: OAUTH_NO_WORKFLOW,
          login: 'octo-admin',
          scopes: ['repo'],
          kind: 'oauth',
        },
      ],
    });
    work = await mkdtemp(join(tmpdir(), 'workflow-scope-'));
    await t.client(TEST_TOKENS.admin).repos.createInOrg({
      org: 'acme',
      name: 'guarded',
    });
    await runGitClient(work, ['init', 'local']);
  });
  afterAll(async () => {
    await t.stop();
    await rm(work, { recursive: true, force: true });
  });

  const local = () => join(work, 'local');
  const remote = (token: string) =>
    `http://x-access-token:${token}@${t.server.host}/acme/guarded.git`;
  async function commit(files: Record<string, string>, message: string) {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(local(), path)), { recursive: true });
      await writeFile(join(local(), path), text);
    }
    await runGitClient(work, ['add', '.'], local());
    await runGitClient(work, ['commit', '-m', message], local());
  }
  const push = (token: string, refspec: string) =>
    runGitClient(work, ['push', remote(token), refspec], local());
  const remoteHead = async (branch: string) =>
    (
      await runGitClient(work, [
        'ls-remote',
        remote(TEST_TOKENS.admin),
        `refs/heads/${branch}`,
      ])
    ).stdout.split('\t')[0];

  it("refuses a token without the workflow scope in git's own report, and takes the rest", async () => {
    await commit(
      {
        'README.md': '# guarded\n',
        '.github/workflows/ci.yaml': 'on: push\n',
      },
      'With CI',
    );
    const refused = await push(NO_WORKFLOW, 'HEAD:main');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      '! [remote rejected] HEAD -> main (refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yaml` without `workflow` scope)',
    );
    expect(await remoteHead('main')).toBe('');

    const oauth = await push(OAUTH_NO_WORKFLOW, 'HEAD:main');
    expect(oauth.stderr).toContain(
      '(refusing to allow an OAuth App to create or update workflow `.github/workflows/ci.yaml` without `workflow` scope)',
    );

    // With the scope it goes through; then changes that leave workflows alone do too.
    expect((await push(TEST_TOKENS.admin, 'HEAD:main')).exitCode).toBe(0);
    await commit({ 'README.md': '# guarded, documented\n' }, 'Docs');
    const docs = await push(NO_WORKFLOW, 'HEAD:main');
    expect(docs.exitCode).toBe(0);
    const head = (
      await runGitClient(work, ['rev-parse', 'HEAD'], local())
    ).stdout.trim();
    expect(await remoteHead('main')).toBe(head);
    // A new branch of commits already there touches nothing either.
    expect((await push(NO_WORKFLOW, 'HEAD:refs/heads/copy')).exitCode).toBe(0);

    // Updating a workflow is refused like creating one.
    await commit({ '.github/workflows/ci.yaml': 'on: [push]\n' }, 'CI change');
    const update = await push(NO_WORKFLOW, 'HEAD:main');
    expect(update.stderr).toContain(
      'refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yaml`',
    );
    expect(await remoteHead('main')).toBe(head);
  });
});
