import { failureOf, TEST_TOKENS, useTestGitHubServer } from '../testUtils';

// Creating repositories spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('connection resets', () => {
  const t = useTestGitHubServer();
  afterEach(() => t.server.faults.clear());

  it('fails an Octokit call with a network error, before or after the change is made', async () => {
    const octokit = t.client(TEST_TOKENS.admin);
    t.server.faults.add({
      method: 'POST',
      path: '/api/v3/orgs/acme/repos',
      reset: 'request',
      times: 1,
    });
    const before = await failureOf(
      octokit.repos.createInOrg({ org: 'acme', name: 'flaky' }),
    );
    // Octokit reports a failed fetch as a 500 without a response.
    expect(before.status).toBe(500);
    expect(before.data).toBeUndefined();
    expect(t.server.store.repository('acme', 'flaky')).toBeUndefined();
    // Logged without a status: no answer was sent.
    expect(
      t.server.requests.filter(r => r.path === '/api/v3/orgs/acme/repos'),
    ).toEqual([expect.objectContaining({ status: undefined, write: true })]);

    t.server.faults.add({
      method: 'POST',
      path: '/api/v3/orgs/acme/repos',
      reset: 'response',
      times: 1,
    });
    const after = await failureOf(
      octokit.repos.createInOrg({ org: 'acme', name: 'flaky' }),
    );
    expect(after.status).toBe(500);
    expect(after.data).toBeUndefined();
    // Made, though the client never heard of it.
    const { data } = await octokit.repos.get({ owner: 'acme', repo: 'flaky' });
    expect(data.full_name).toBe('acme/flaky');
  });
});
