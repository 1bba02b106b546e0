import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainPushError } from '../../client/errors';
import { requireScopes, scopesFrom } from './workflowScope';

describe('scopesFrom', () => {
  it("reads a classic token's scopes, and nothing for credentials GitHub tells none of", () => {
    expect(scopesFrom({ 'x-oauth-scopes': 'repo, admin:org' })).toEqual([
      'repo',
      'admin:org',
    ]);
    expect(scopesFrom({ 'x-oauth-scopes': '' })).toEqual([]);
    expect(scopesFrom({})).toBeUndefined();
    expect(scopesFrom(undefined)).toBeUndefined();
  });
});

describe('requireScopes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'workflow-scope-'));
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(join(dir, '.github/workflows/ci.yaml'), 'on: push\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const check = (
    scopes: string[] | undefined,
    where = dir,
    visibility = 'private',
  ) =>
    requireScopes({
      scopes,
      visibility,
      dir: where,
      doing: 'Publishing to github.com/acme/web',
      host: 'github.com',
    });

  it('refuses a workspace with workflows when the scopes lack workflow', async () => {
    await expect(check(['repo'])).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'needs the `workflow` scope, which GitHub requires to create .github/workflows/ci.yaml; the token of the integration for github.com has repo.',
      ),
    });
  });

  it('names every missing scope at once', async () => {
    await expect(check(['read:org'])).rejects.toThrow(
      'needs the `repo` and `workflow` scopes, which GitHub requires to create a private repository and to create .github/workflows/ci.yaml; the token of the integration for github.com has read:org.',
    );
    await expect(check([], tmpdir())).rejects.toThrow(
      'needs the `repo` scope, which GitHub requires to create a private repository; the token of the integration for github.com has no scope.',
    );
  });

  it('checks only the workflow scope for a push into a repository that exists', async () => {
    await expect(
      requireScopes({
        scopes: ['read:org'],
        visibility: 'private',
        dir,
        doing: 'Pushing the initial commit to github.com/acme/web',
        host: 'github.com',
        creating: false,
        outcome: 'github.com/acme/web is kept, empty.',
      }),
    ).rejects.toThrow(
      'Pushing the initial commit to github.com/acme/web needs the `workflow` scope, which GitHub requires to create .github/workflows/ci.yaml; the token of the integration for github.com has read:org. Give the token that scope (a GitHub App: the Workflows permission, read and write), then run the task again. github.com/acme/web is kept, empty.',
    );
  });

  it('lets through enough scopes, unknown scopes and a workspace without workflows', async () => {
    await expect(check(['repo', 'workflow'])).resolves.toBeUndefined();
    await expect(check(undefined)).resolves.toBeUndefined();
    await expect(check(['repo'], tmpdir())).resolves.toBeUndefined();
    await expect(
      check(['public_repo'], tmpdir(), 'public'),
    ).resolves.toBeUndefined();
  });
});

describe('explainPushError', () => {
  // What git reports when GitHub refuses the push (the sandbox's git answers
  // the same; its workflowScope and apps tests drive a real git push).
  const refused = (actor: string, lacking: string) =>
    new Error(
      `Command failed: git push\nTo https://github.com/acme/web.git\n ! [remote rejected] HEAD -> main (refusing to allow ${actor} to create or update workflow \`.github/workflows/ci.yaml\` without ${lacking})\nerror: failed to push some refs to 'https://github.com/acme/web.git'`,
    );

  it('names the workflow scope a token lacks', () => {
    const error = explainPushError(
      refused('a Personal Access Token', '`workflow` scope'),
      'Pushing to acme/web',
      'github.com',
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(
      'lack the `workflow` scope, which GitHub requires to create or update .github/workflows/ci.yaml (it refused a Personal Access Token without it)',
    );
  });

  it("names the Workflows permission a GitHub App's installation lacks", () => {
    const error = explainPushError(
      refused('a GitHub App', '`workflows` permission'),
      'Pushing to acme/web',
      'github.com',
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'Pushing to acme/web failed: the GitHub App of the integration for github.com lacks the Workflows permission, which GitHub requires to create or update .github/workflows/ci.yaml (it refused a GitHub App without it). Give the App the Workflows permission (read and write) and accept it on the installation, then run the task again; the repository is kept and will be pushed to.',
    );
  });
});
