import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  failureOf,
  runGitClient,
  startTestGitHubServer,
  testOctokit,
  type TestGitHubServer,
} from '../testUtils';

// Pushes spawn git; leave room for a busy machine.
jest.setTimeout(30_000);

const APP_ID = 4242;
/** An App not granted the `workflows` permission, which pushes of workflows need. */
const NO_WORKFLOWS_APP_ID = 4243;

function keyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A JWT as an App makes one, with claims a test may spoil. */
function jwt(privateKey: string, claims: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({
    iat: now - 30,
    exp: now + 540,
    iss: APP_ID,
    ...claims,
  })}`;
  const signature = sign(
    'RSA-SHA256',
    Buffer.from(unsigned),
    privateKey,
  ).toString('base64url');
  return `${unsigned}.${signature}`;
}

describe('GitHub Apps', () => {
  const { publicKey, privateKey } = keyPair();
  let t: TestGitHubServer;
  beforeAll(async () => {
    t = await startTestGitHubServer({
      apps: [
        {
          id: APP_ID,
          slug: 'portal-app',
          owner: 'acme',
          publicKey,
          installations: [{ account: 'acme' }],
        },
        {
          id: NO_WORKFLOWS_APP_ID,
          slug: 'docs-app',
          owner: 'acme',
          publicKey,
          installations: [
            {
              account: 'acme',
              permissions: {
                administration: 'write',
                contents: 'write',
                metadata: 'read',
              },
            },
          ],
        },
      ],
    });
  });
  afterAll(() => t.stop());

  it("gives Backstage's credentials provider an installation token the API and git accept", async () => {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: t.server.host,
              apiBaseUrl: t.server.apiBaseUrl,
              apps: [
                {
                  appId: APP_ID,
                  privateKey,
                  clientId: 'Iv1.portal-app',
                  clientSecret: 'not-used-here',
                  webhookSecret: 'not-used-here',
                },
              ],
            },
          ],
        },
      }),
    );
    const provider =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    t.server.requests.clear();
    const { token, type } = await provider.getCredentials({
      url: `https://${t.server.host}/acme/app-made`,
    });
    expect(type).toBe('app');
    expect(token).toMatch(/^ghs_/);
    expect(t.server.installationTokens()).toEqual([token]);
    expect(
      t.server.requests.filter(r => r.path.startsWith('/api/v3/app')),
    ).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v3/app/installations',
        status: 200,
      }),
      expect.objectContaining({
        method: 'POST',
        path: expect.stringMatching(
          /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/,
        ),
        status: 201,
      }),
    ]);

    const octokit = testOctokit(t.server.apiBaseUrl, token);
    const created = await octokit.repos.createInOrg({
      org: 'acme',
      name: 'app-made',
    });
    expect(created.headers['x-oauth-scopes']).toBeUndefined();
    expect(
      t.server.requests.filter(
        r => r.method === 'POST' && r.path === '/api/v3/orgs/acme/repos',
      ),
    ).toEqual([
      expect.objectContaining({ user: 'portal-app[bot]', status: 201 }),
    ]);

    const work = await mkdtemp(join(tmpdir(), 'app-push-'));
    try {
      const remote = `http://x-access-token:${token}@${t.server.host}/acme/app-made.git`;
      await runGitClient(work, ['init', 'repo']);
      await writeFile(join(work, 'repo', 'README.md'), '# app-made\n');
      await runGitClient(work, ['add', '.'], join(work, 'repo'));
      await runGitClient(work, ['commit', '-m', 'First'], join(work, 'repo'));
      const pushed = await runGitClient(
        work,
        ['push', remote, 'HEAD:main'],
        join(work, 'repo'),
      );
      expect(pushed.exitCode).toBe(0);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    expect(
      t.server.requests.filter(r => r.path.endsWith('/git-receive-pack')),
    ).toEqual([expect.objectContaining({ user: 'portal-app[bot]' })]);
  });

  it('describes the App and its installations to its JWT', async () => {
    const app = testOctokit(t.server.apiBaseUrl, jwt(privateKey));
    const { data } = await app.request('GET /app');
    expect(data).toMatchObject({ id: APP_ID, slug: 'portal-app' });
    const { data: installations } = await app.apps.listInstallations();
    expect(installations).toEqual([
      expect.objectContaining({
        account: expect.objectContaining({ login: 'acme' }),
        app_id: APP_ID,
        repository_selection: 'all',
      }),
    ]);
    const missing = await failureOf(
      app.apps.createInstallationAccessToken({ installation_id: 1 }),
    );
    expect(missing.status).toBe(404);
  });

  it('refuses JWTs that are not the App’s, or expired, or too long-lived', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = keyPair().privateKey;
    const cases: Array<[string, string]> = [
      [jwt(other), 'A JSON web token could not be decoded'],
      [
        jwt(privateKey, { iat: now - 700, exp: now - 60 }),
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
      ],
      [
        jwt(privateKey, { exp: now + 3600 }),
        "'Expiration time' claim ('exp') is too far in the future.",
      ],
      [
        jwt(privateKey, { iss: 1 }),
        "'Issuer' claim ('iss') must be an Integer representing the App's id",
      ],
    ];
    for (const [token, message] of cases) {
      const failure = await failureOf(
        testOctokit(t.server.apiBaseUrl, token).apps.listInstallations(),
      );
      expect(failure.status).toBe(401);
      expect(failure.data.message).toBe(message);
    }
    // An installation token is no JWT.
    const [token] = t.server.installationTokens();
    expect(
      (
        await failureOf(
          testOctokit(t.server.apiBaseUrl, token).apps.listInstallations(),
        )
      ).status,
    ).toBe(401);
  });

  it("refuses a push touching workflows for an installation without the workflows permission, in git's report", async () => {
    const tokenOf = async (appId: number) => {
      const app = testOctokit(
        t.server.apiBaseUrl,
        jwt(privateKey, { iss: appId }),
      );
      const { data: installations } = await app.apps.listInstallations();
      const { data } = await app.apps.createInstallationAccessToken({
        installation_id: installations[0].id,
      });
      return data.token;
    };
    const withoutWorkflows = await tokenOf(NO_WORKFLOWS_APP_ID);
    const withWorkflows = await tokenOf(APP_ID);
    await testOctokit(t.server.apiBaseUrl, withoutWorkflows).repos.createInOrg({
      org: 'acme',
      name: 'app-ci',
    });
    const work = await mkdtemp(join(tmpdir(), 'app-workflow-'));
    try {
      const repo = join(work, 'repo');
      await runGitClient(work, ['init', 'repo']);
      await mkdir(join(repo, '.github/workflows'), { recursive: true });
      await writeFile(join(repo, '.github/workflows/ci.yaml'), 'on: push\n');
      await runGitClient(work, ['add', '.'], repo);
      await runGitClient(work, ['commit', '-m', 'CI'], repo);
      const push = (token: string) =>
        runGitClient(
          work,
          [
            'push',
            `http://x-access-token:${token}@${t.server.host}/acme/app-ci.git`,
            'HEAD:main',
          ],
          repo,
        );

      const refused = await push(withoutWorkflows);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toContain(
        '! [remote rejected] HEAD -> main (refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yaml` without `workflows` permission)',
      );
      expect(
        await t.server.repositories.listBranches('acme', 'app-ci'),
      ).toEqual([]);

      expect((await push(withWorkflows)).exitCode).toBe(0);
      expect(
        (await t.server.repositories.listBranches('acme', 'app-ci')).map(
          b => b.ref,
        ),
      ).toEqual(['refs/heads/main']);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
