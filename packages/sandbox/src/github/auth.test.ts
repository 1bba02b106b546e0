import { missingAppPermissionFault } from './apps';
import { secondaryRateLimitFault } from './rateLimit';
import {
  failureOf,
  startTestGitHubServer,
  TEST_TOKENS,
  useTestGitHubServer,
} from '../testUtils';

describe('authentication, errors and rate limits', () => {
  const t = useTestGitHubServer();

  it('answers 401 Bad credentials for an unknown token, even on public routes', async () => {
    const { status, data } = await failureOf(
      t.client('nope').users.getByUsername({ username: 'mona' }),
    );
    expect(status).toBe(401);
    expect(data).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
  });

  it('accepts token, Bearer and Basic authorization', async () => {
    for (const authorization of [
      `token ${TEST_TOKENS.member}`,
      `Bearer ${TEST_TOKENS.member}`,
      `Basic ${Buffer.from(`x-access-token:${TEST_TOKENS.member}`).toString(
        'base64',
      )}`,
    ]) {
      const res = await fetch(`${t.server.apiBaseUrl}/user`, {
        headers: { authorization },
      });
      expect(res.status).toBe(200);
      expect((await res.json()).login).toBe('mona');
    }
  });

  it('needs authentication for /user and lets anonymous callers read public users', async () => {
    const anonymous = t.client();
    expect(
      (await failureOf(anonymous.users.getAuthenticated())).data.message,
    ).toBe('Requires authentication');
    const { data } = await anonymous.users.getByUsername({ username: 'acme' });
    expect(data.type).toBe('Organization');
  });

  it('lists the token scopes in X-OAuth-Scopes and refuses what they do not cover', async () => {
    const readOnly = t.client(TEST_TOKENS.readOnly);
    const me = await readOnly.users.getAuthenticated();
    expect(me.headers['x-oauth-scopes']).toBe('read:org');
    const full = await t.client(TEST_TOKENS.admin).users.getAuthenticated();
    expect(full.headers['x-oauth-scopes']).toContain('repo');

    const denied = await failureOf(
      readOnly.repos.createInOrg({ org: 'acme', name: 'no-scope' }),
    );
    expect(denied.status).toBe(403);
    expect(denied.data.message).toBe(
      'Resource not accessible by personal access token',
    );
    expect(denied.headers['x-accepted-oauth-scopes']).toBe('public_repo, repo');
  });

  it('sends rate-limit headers on every response and counts requests', async () => {
    const client = t.client(TEST_TOKENS.outsider);
    const first = await client.users.getAuthenticated();
    const second = await client.users.getAuthenticated();
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(first.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(second.headers['x-ratelimit-used'])).toBe(
      Number(first.headers['x-ratelimit-used']) + 1,
    );
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(
      5000 - Number(second.headers['x-ratelimit-used']),
    );
    const { data } = await client.rateLimit.get();
    expect(data.rate.used).toBe(Number(second.headers['x-ratelimit-used']));
    expect(data.resources.core.limit).toBe(5000);

    const anonymous = await t
      .client()
      .users.getByUsername({ username: 'mona' });
    expect(anonymous.headers['x-ratelimit-limit']).toBe('60');
  });

  it('answers unknown routes and malformed JSON as GitHub does', async () => {
    const unknown = await fetch(`${t.server.apiBaseUrl}/no/such/route`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
    const malformed = await fetch(`${t.server.apiBaseUrl}/user/repos`, {
      method: 'POST',
      headers: {
        authorization: `token ${TEST_TOKENS.admin}`,
        'content-type': 'application/json',
      },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).message).toBe('Problems parsing JSON');
  });

  it('answers a secondary rate limit fault with retry-after', async () => {
    const fault = t.server.faults.add(
      secondaryRateLimitFault({
        path: '/api/v3/user',
        times: 1,
        retryAfterSeconds: 7,
      }),
    );
    const client = t.client(TEST_TOKENS.member);
    const { status, data, headers } = await failureOf(
      client.users.getAuthenticated(),
    );
    expect(status).toBe(403);
    expect(headers['retry-after']).toBe('7');
    expect(data.message).toMatch(/secondary rate limit/);
    expect(data.documentation_url).toMatch(/secondary-rate-limits/);
    expect(fault.hits).toBe(1);
    await expect(client.users.getAuthenticated()).resolves.toMatchObject({
      status: 200,
    });
  });

  it('answers a missing App permission fault as GitHub refuses an installation', async () => {
    t.server.faults.add(
      missingAppPermissionFault({
        method: 'PUT',
        path: '/api/v3/repos/acme/*',
        times: 1,
        accepted: 'administration=write',
      }),
    );
    const client = t.client(TEST_TOKENS.admin);
    const { status, data, headers } = await failureOf(
      client.repos.createOrUpdateEnvironment({
        owner: 'acme',
        repo: 'anything',
        environment_name: 'production',
      }),
    );
    expect(status).toBe(403);
    expect(headers['x-accepted-github-permissions']).toBe(
      'administration=write',
    );
    expect(data).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    });
  });

  it('lets faults be driven over HTTP', async () => {
    const added = await fetch(`${t.server.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        path: '/api/v3/orgs/acme',
        status: 502,
        times: 1,
      }),
    });
    expect(added.status).toBe(201);
    const failed = await failureOf(t.client().orgs.get({ org: 'acme' }));
    expect(failed.status).toBe(502);
    expect(failed.data.status).toBe('502');
  });
  it('answers 403 once a user has spent the hourly budget', async () => {
    const limited = await startTestGitHubServer({ rateLimitPerHour: 2 });
    try {
      const client = limited.client(TEST_TOKENS.member);
      await client.users.getAuthenticated();
      await client.users.getAuthenticated();
      const { status, data, headers } = await failureOf(
        client.users.getAuthenticated(),
      );
      expect(status).toBe(403);
      expect(data.message).toBe('API rate limit exceeded for user mona.');
      expect(headers['x-ratelimit-remaining']).toBe('0');
    } finally {
      await limited.stop();
    }
  });
});
