import {
  createGithubAutolinksAction,
  createGithubDeployKeyAction,
  createGithubPagesEnableAction,
  createGithubWebhookAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { generateKeyPairSync } from 'node:crypto';
import { expectGitHubResponse } from './__testUtils__/openApiResponses';
import {
  actionDeps,
  outputOf,
  runAction,
} from './__testUtils__/upstreamActions';
import {
  failedStatus,
  failureOf,
  TEST_TOKENS,
  useTestGitHubServer,
} from '../testUtils';

jest.setTimeout(30_000);

const repo = { owner: 'acme', repo: 'admin-things' };

/** An OpenSSH public key line, as `ssh-keygen` writes it. */
function sshPublicKey(comment = 'deploy@example'): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const field = (data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  const blob = Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

describe('the upstream repository administration actions against the sandbox', () => {
  const t = useTestGitHubServer(async server => {
    await server
      .client(TEST_TOKENS.admin)
      .repos.createInOrg({ org: 'acme', name: repo.repo, auto_init: true });
  });
  const repoUrl = () => `${t.server.host}?owner=acme&repo=${repo.repo}`;

  it('github:webhook creates a hook whose secret is never answered', async () => {
    const action = createGithubWebhookAction(actionDeps(t.server));
    await runAction(action, {
      repoUrl: repoUrl(),
      webhookUrl: 'https://hooks.example.com/backstage',
      webhookSecret: 's3cret',
      events: ['push', 'pull_request'],
      contentType: 'json',
    });
    const octokit = t.client(TEST_TOKENS.admin);
    const { data: hooks } = await octokit.repos.listWebhooks(repo);
    expect(hooks).toHaveLength(1);
    expectGitHubResponse('GET', '/repos/{owner}/{repo}/hooks', 200, hooks);
    expect(hooks[0]).toMatchObject({
      active: true,
      events: ['push', 'pull_request'],
      config: {
        url: 'https://hooks.example.com/backstage',
        content_type: 'json',
        insecure_ssl: '0',
        secret: '********',
      },
    });
    const updated = await octokit.repos.updateWebhook({
      ...repo,
      hook_id: hooks[0].id,
      add_events: ['issues'],
      remove_events: ['push'],
      active: false,
    });
    expectGitHubResponse(
      'PATCH',
      '/repos/{owner}/{repo}/hooks/{hook_id}',
      200,
      updated.data,
    );
    expect(updated.data).toMatchObject({
      active: false,
      events: ['pull_request', 'issues'],
      config: { secret: '********' },
    });
    const duplicate = await failureOf(
      octokit.repos.createWebhook({
        ...repo,
        config: { url: 'https://hooks.example.com/backstage' },
      }),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.data.errors[0].message).toBe(
      'Hook already exists on this repository',
    );
    expect(
      await failedStatus(
        octokit.repos.createWebhook({ ...repo, config: {} as never }),
      ),
    ).toBe(422);
    expect(
      await failedStatus(t.client(TEST_TOKENS.member).repos.listWebhooks(repo)),
    ).toBe(403);
    await octokit.repos.deleteWebhook({ ...repo, hook_id: hooks[0].id });
    expect(
      await failedStatus(
        octokit.repos.getWebhook({ ...repo, hook_id: hooks[0].id }),
      ),
    ).toBe(404);
  });

  it('github:deployKey:create adds the key and stores the private key as a secret', async () => {
    const action = createGithubDeployKeyAction(actionDeps(t.server));
    const publicKey = sshPublicKey();
    const ctx = await runAction(action, {
      repoUrl: repoUrl(),
      publicKey,
      privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-really\n',
      deployKeyName: 'push key',
    });
    expect(outputOf(ctx, 'privateKeySecretName')).toBe('PUSH_KEY_PRIVATE_KEY');
    const octokit = t.client(TEST_TOKENS.admin);
    const { data: keys } = await octokit.repos.listDeployKeys(repo);
    expectGitHubResponse('GET', '/repos/{owner}/{repo}/keys', 200, keys);
    expect(keys).toEqual([
      expect.objectContaining({
        title: 'push key',
        key: publicKey.split(' ').slice(0, 2).join(' '),
        read_only: false,
        added_by: 'octo-admin',
      }),
    ]);
    const secret = await octokit.actions.getRepoSecret({
      ...repo,
      secret_name: 'PUSH_KEY_PRIVATE_KEY',
    });
    expect(secret.status).toBe(200);

    const reused = await failureOf(
      octokit.repos.createDeployKey({
        ...repo,
        title: 'again',
        key: publicKey,
      }),
    );
    expect(reused.status).toBe(422);
    expect(reused.data.errors[0].message).toBe('key is already in use');
    const invalid = await failureOf(
      octokit.repos.createDeployKey({
        ...repo,
        key: 'ssh-ed25519 bm90IGEga2V5',
      }),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.data.errors[0].message).toMatch(/^key is invalid/);
    const got = await octokit.repos.getDeployKey({
      ...repo,
      key_id: keys[0].id,
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/keys/{key_id}',
      200,
      got.data,
    );
    await octokit.repos.deleteDeployKey({ ...repo, key_id: keys[0].id });
    expect((await octokit.repos.listDeployKeys(repo)).data).toEqual([]);
  });

  it('github:autolinks:create adds an autolink and refuses a duplicate prefix', async () => {
    const action = createGithubAutolinksAction(actionDeps(t.server));
    await runAction(action, {
      repoUrl: repoUrl(),
      keyPrefix: 'TICKET-',
      urlTemplate: 'https://jira.example.com/browse/TICKET-<num>',
      isAlphanumeric: false,
    });
    const octokit = t.client(TEST_TOKENS.admin);
    const { data } = await octokit.repos.listAutolinks(repo);
    expectGitHubResponse('GET', '/repos/{owner}/{repo}/autolinks', 200, data);
    expect(data).toEqual([
      expect.objectContaining({
        key_prefix: 'TICKET-',
        url_template: 'https://jira.example.com/browse/TICKET-<num>',
        is_alphanumeric: false,
      }),
    ]);
    await expect(
      runAction(action, {
        repoUrl: repoUrl(),
        keyPrefix: 'ticket-',
        urlTemplate: 'https://jira.example.com/browse/TICKET-<num>',
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(
      await failedStatus(
        octokit.repos.createAutolink({
          ...repo,
          key_prefix: 'NO-NUM-',
          url_template: 'https://example.com/',
        }),
      ),
    ).toBe(422);
    const one = await octokit.repos.getAutolink({
      ...repo,
      autolink_id: data[0].id,
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/autolinks/{autolink_id}',
      200,
      one.data,
    );
    await octokit.repos.deleteAutolink({ ...repo, autolink_id: data[0].id });
    expect((await octokit.repos.listAutolinks(repo)).data).toEqual([]);
  });

  it('github:pages:enable enables Pages once; a second time is a conflict', async () => {
    const action = createGithubPagesEnableAction(actionDeps(t.server));
    await runAction(action, {
      repoUrl: repoUrl(),
      buildType: 'legacy',
      sourceBranch: 'main',
      sourcePath: '/docs',
    });
    const octokit = t.client(TEST_TOKENS.admin);
    const { data } = await octokit.repos.getPages(repo);
    expectGitHubResponse('GET', '/repos/{owner}/{repo}/pages', 200, data);
    expect(data).toMatchObject({
      build_type: 'legacy',
      source: { branch: 'main', path: '/docs' },
    });
    // Asked directly: the action's client retries a 409 with back-off.
    const again = await failureOf(
      octokit.repos.createPagesSite({ ...repo, build_type: 'workflow' }),
    );
    expect(again.status).toBe(409);
    await octokit.repos.updateInformationAboutPagesSite({
      ...repo,
      build_type: 'workflow',
    });
    expect((await octokit.repos.getPages(repo)).data.build_type).toBe(
      'workflow',
    );
    await octokit.repos.deletePagesSite(repo);
    expect(await failedStatus(octokit.repos.getPages(repo))).toBe(404);
    const missingBranch = await failureOf(
      octokit.repos.createPagesSite({
        ...repo,
        source: { branch: 'gh-pages', path: '/' },
      }),
    );
    expect(missingBranch.status).toBe(422);
    expect(
      await failedStatus(
        t.client(TEST_TOKENS.member).repos.createPagesSite({
          ...repo,
          build_type: 'workflow',
        }),
      ),
    ).toBe(403);
    expect(
      await failedStatus(t.client(TEST_TOKENS.outsider).repos.getPages(repo)),
    ).toBe(404);
  });
});
