import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  failureOf,
  runGitClient,
  startTestGitHubServer,
  type TestGitHubServer,
} from '../testUtils';
import { appPermissionRuleFor } from './appPermissions';

// Pushes and clones spawn git; leave room for a busy machine.
jest.setTimeout(30_000);

/** Installed with the default permissions. */
const ADMIN_APP_ID = 5100;
/** Reads contents, changes nothing. */
const READER_APP_ID = 5101;
/** Administration without `environments` nor `members`. */
const ADMIN_ONLY_APP_ID = 5102;
/** Only the `metadata` every installation has. */
const METADATA_APP_ID = 5103;
/** Installed on perm-target only, with the default permissions. */
const SELECTED_APP_ID = 5104;

const ENVIRONMENT_VARIABLES =
  'POST /repos/{owner}/{repo}/environments/{environment_name}/variables';

const silentLog = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

describe('GitHub App installation permissions', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  let t: TestGitHubServer;
  let work: string;

  const app = (
    id: number,
    slug: string,
    permissions?: Record<string, 'read' | 'write' | 'admin'>,
    repositories?: string[],
  ) => ({
    id,
    slug,
    owner: 'acme',
    publicKey,
    installations: [{ account: 'acme', permissions, repositories }],
  });

  beforeAll(async () => {
    t = await startTestGitHubServer({
      apps: [
        app(ADMIN_APP_ID, 'admin-app'),
        app(READER_APP_ID, 'reader-app', {
          contents: 'read',
          metadata: 'read',
        }),
        app(ADMIN_ONLY_APP_ID, 'admin-only-app', {
          administration: 'write',
          contents: 'write',
          metadata: 'read',
        }),
        app(METADATA_APP_ID, 'metadata-app', { metadata: 'read' }),
        app(SELECTED_APP_ID, 'selected-app', undefined, ['perm-target']),
      ],
    });
    work = await mkdtemp(join(tmpdir(), 'app-permissions-'));
  });
  afterAll(async () => {
    await t.stop();
    await rm(work, { recursive: true, force: true });
  });

  /** An Octokit authenticating as the App's installation on acme, through @octokit/auth-app. */
  async function installationOctokit(appId: number) {
    const asApp = new Octokit({
      baseUrl: t.server.apiBaseUrl,
      authStrategy: createAppAuth,
      auth: { appId, privateKey },
      log: silentLog,
    });
    const { data } = await asApp.apps.getOrgInstallation({ org: 'acme' });
    return new Octokit({
      baseUrl: t.server.apiBaseUrl,
      authStrategy: createAppAuth,
      auth: { appId, privateKey, installationId: data.id },
      log: silentLog,
    });
  }

  async function installationToken(appId: number) {
    const octokit = await installationOctokit(appId);
    const { token } = (await octokit.auth({ type: 'installation' })) as {
      token: string;
    };
    return token;
  }

  async function expectRefused(call: Promise<unknown>, accepted: string) {
    const { status, data, headers } = await failureOf(call);
    expect({
      status,
      accepted: headers['x-accepted-github-permissions'],
    }).toEqual({ status: 403, accepted });
    expect(data).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    });
  }

  it('lets an installation do what its permissions cover', async () => {
    const octokit = await installationOctokit(ADMIN_APP_ID);
    await octokit.repos.createInOrg({
      org: 'acme',
      name: 'perm-target',
      private: true,
    });
    await octokit.repos.createOrUpdateEnvironment({
      owner: 'acme',
      repo: 'perm-target',
      environment_name: 'dev',
    });
    await octokit.request(ENVIRONMENT_VARIABLES, {
      owner: 'acme',
      repo: 'perm-target',
      environment_name: 'dev',
      name: 'REGION',
      value: 'eu',
    });
    await octokit.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'perm-target',
      path: 'README.md',
      message: 'First',
      content: Buffer.from('# perm-target\n').toString('base64'),
    });
    await octokit.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'perm-target',
      names: ['payments'],
    });
    const { data } = await octokit.repos.get({
      owner: 'acme',
      repo: 'perm-target',
    });
    expect(data.topics).toEqual(['payments']);
  });

  it('refuses what the permissions do not cover, naming what would do', async () => {
    const reader = await installationOctokit(READER_APP_ID);
    const repo = { owner: 'acme', repo: 'perm-target' };
    // Reads its contents and metadata are allowed.
    await expect(reader.repos.get(repo)).resolves.toMatchObject({
      status: 200,
    });
    await expect(
      reader.repos.getContent({ ...repo, path: 'README.md' }),
    ).resolves.toMatchObject({ status: 200 });

    await expectRefused(
      reader.repos.createInOrg({ org: 'acme', name: 'perm-refused' }),
      'administration=write',
    );
    expect(t.server.store.repository('acme', 'perm-refused')).toBeUndefined();
    await expectRefused(
      reader.repos.update({ ...repo, archived: true }),
      'administration=write',
    );
    await expectRefused(reader.repos.delete(repo), 'administration=write');
    await expectRefused(
      reader.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'production',
      }),
      'administration=write',
    );
    await expectRefused(
      reader.repos.createOrUpdateFileContents({
        ...repo,
        path: 'NOTES.md',
        message: 'Notes',
        content: Buffer.from('notes\n').toString('base64'),
      }),
      'contents=write',
    );
    await expectRefused(
      reader.repos.createRepoRuleset({
        ...repo,
        name: 'main',
        enforcement: 'active',
      }),
      'administration=write',
    );
    await expectRefused(
      reader.actions.createRepoVariable({ ...repo, name: 'X', value: 'y' }),
      'actions_variables=write',
    );
    await expectRefused(reader.repos.listDeployments(repo), 'deployments=read');
    const repository = t.server.store.repository('acme', 'perm-target');
    expect(repository?.archived).toBe(false);

    const adminOnly = await installationOctokit(ADMIN_ONLY_APP_ID);
    await expectRefused(
      adminOnly.request(ENVIRONMENT_VARIABLES, {
        ...repo,
        environment_name: 'dev',
        name: 'TIER',
        value: 'gold',
      }),
      'environments=write',
    );
    await expectRefused(
      adminOnly.teams.addOrUpdateRepoPermissionsInOrg({
        org: 'acme',
        team_slug: 'anything',
        ...repo,
        permission: 'push',
      }),
      'administration=write,members=read',
    );
    await expectRefused(
      adminOnly.request('PATCH /repos/{owner}/{repo}/properties/values', {
        ...repo,
        properties: [{ property_name: 'tier', value: 'gold' }],
      }),
      'repository_custom_properties=write',
    );
    // What administration covers still goes through.
    await expect(
      adminOnly.repos.replaceAllTopics({ ...repo, names: ['billing'] }),
    ).resolves.toMatchObject({ status: 200 });

    const metadataOnly = await installationOctokit(METADATA_APP_ID);
    await expectRefused(
      metadataOnly.repos.getContent({ ...repo, path: 'README.md' }),
      'contents=read',
    );
    await expect(metadataOnly.repos.get(repo)).resolves.toMatchObject({
      status: 200,
    });
  });

  it('lets git clone with contents read and push only with contents write', async () => {
    const remote = (token: string) =>
      `http://x-access-token:${token}@${t.server.host}/acme/perm-target.git`;
    const reader = await installationToken(READER_APP_ID);
    const cloned = await runGitClient(work, ['clone', remote(reader), 'clone']);
    expect(cloned.exitCode).toBe(0);
    const clone = join(work, 'clone');
    await writeFile(join(clone, 'NOTES.md'), 'notes\n');
    await runGitClient(work, ['add', '.'], clone);
    await runGitClient(work, ['commit', '-m', 'Notes'], clone);

    const refused = await runGitClient(
      work,
      ['push', remote(reader), 'HEAD:main'],
      clone,
    );
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      'Permission to acme/perm-target.git denied to reader-app[bot].',
    );

    const metadata = await installationToken(METADATA_APP_ID);
    const notCloned = await runGitClient(work, [
      'clone',
      remote(metadata),
      'metadata-clone',
    ]);
    expect(notCloned.exitCode).not.toBe(0);
    expect(notCloned.stderr).toContain(
      'Permission to acme/perm-target.git denied to metadata-app[bot].',
    );

    const writer = await installationToken(ADMIN_APP_ID);
    const pushed = await runGitClient(
      work,
      ['push', remote(writer), 'HEAD:main'],
      clone,
    );
    expect(pushed.exitCode).toBe(0);
  });

  it('limits an installation on selected repositories to them', async () => {
    const admin = await installationOctokit(ADMIN_APP_ID);
    await admin.repos.createInOrg({
      org: 'acme',
      name: 'perm-other',
      private: true,
    });
    await admin.repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'perm-other',
      path: 'README.md',
      message: 'First',
      content: Buffer.from('# perm-other\n').toString('base64'),
    });

    const selected = await installationOctokit(SELECTED_APP_ID);
    const { data: listed } =
      await selected.apps.listReposAccessibleToInstallation();
    expect(listed.repository_selection).toBe('selected');
    expect(listed.repositories.map(r => r.full_name)).toEqual([
      'acme/perm-target',
    ]);
    const { data: all } = await admin.apps.listReposAccessibleToInstallation();
    expect(all.repository_selection).toBe('all');
    expect(all.repositories.map(r => r.full_name)).toEqual(
      expect.arrayContaining(['acme/perm-target', 'acme/perm-other']),
    );
    const asApp = new Octokit({
      baseUrl: t.server.apiBaseUrl,
      authStrategy: createAppAuth,
      auth: { appId: SELECTED_APP_ID, privateKey },
      log: silentLog,
    });
    const { data: installation } = await asApp.apps.getOrgInstallation({
      org: 'acme',
    });
    expect(installation.repository_selection).toBe('selected');

    await expect(
      selected.repos.get({ owner: 'acme', repo: 'perm-target' }),
    ).resolves.toMatchObject({ status: 200 });
    const hidden = await failureOf(
      selected.repos.get({ owner: 'acme', repo: 'perm-other' }),
    );
    expect(hidden.status).toBe(404);
    expect(hidden.data.message).toBe('Not Found');
    expect(
      (
        await failureOf(
          selected.repos.getContent({
            owner: 'acme',
            repo: 'perm-other',
            path: 'README.md',
          }),
        )
      ).status,
    ).toBe(404);
    const { data: orgRepos } = await selected.repos.listForOrg({
      org: 'acme',
    });
    expect(orgRepos.map(r => r.name)).not.toContain('perm-other');

    const refused = await failureOf(
      selected.repos.createInOrg({ org: 'acme', name: 'perm-new' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.data.message).toBe('Resource not accessible by integration');
    expect(t.server.store.repository('acme', 'perm-new')).toBeUndefined();

    const token = (
      (await selected.auth({ type: 'installation' })) as { token: string }
    ).token;
    const remote = (repo: string) =>
      `http://x-access-token:${token}@${t.server.host}/acme/${repo}.git`;
    const cloned = await runGitClient(work, [
      'clone',
      remote('perm-target'),
      'selected-clone',
    ]);
    expect(cloned.exitCode).toBe(0);
    const clone = join(work, 'selected-clone');
    await writeFile(join(clone, 'SELECTED.md'), 'selected\n');
    await runGitClient(work, ['add', '.'], clone);
    await runGitClient(work, ['commit', '-m', 'Selected'], clone);
    const pushed = await runGitClient(
      work,
      ['push', remote('perm-target'), 'HEAD:main'],
      clone,
    );
    expect(pushed.exitCode).toBe(0);

    const notCloned = await runGitClient(work, [
      'clone',
      remote('perm-other'),
      'other-clone',
    ]);
    expect(notCloned.exitCode).not.toBe(0);
    const notPushed = await runGitClient(
      work,
      ['push', remote('perm-other'), 'HEAD:refs/heads/selected'],
      clone,
    );
    expect(notPushed.exitCode).not.toBe(0);
    expect(
      await t.server.repositories.listBranches('acme', 'perm-other'),
    ).toEqual([expect.objectContaining({ ref: 'refs/heads/main' })]);
  });
});

describe('appPermissionRuleFor', () => {
  it.each([
    ['POST', '/orgs/acme/repos', 'administration=write'],
    ['GET', '/repos/acme/svc', 'metadata=read'],
    ['PATCH', '/repos/acme/svc', 'administration=write'],
    ['PUT', '/repos/acme/svc/branches/main/protection', 'administration=write'],
    ['GET', '/repos/acme/svc/branches/main', 'contents=read'],
    ['PUT', '/repos/acme/svc/environments/dev', 'administration=write'],
    ['GET', '/repos/acme/svc/environments/dev/variables', 'environments=read'],
    ['GET', '/repos/acme/svc/commits/main/status', 'statuses=read'],
    ['GET', '/repos/acme/svc/commits/main', 'contents=read'],
    ['GET', '/repos/acme/svc/deployments/4/statuses', 'deployments=read'],
    ['POST', '/repos/acme/svc/git/refs', 'contents=write'],
  ])('%s %s needs %s', (method, path, accepted) => {
    expect(appPermissionRuleFor(method, path)?.accepted).toEqual([[accepted]]);
  });

  it('checks no route it does not list', () => {
    expect(appPermissionRuleFor('GET', '/user')).toBeUndefined();
  });
});
