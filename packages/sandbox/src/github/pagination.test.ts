import { TEST_TOKENS, useTestGitHubServer } from '../testUtils';

describe('pagination', () => {
  const logins = Array.from(
    { length: 45 },
    (_, i) => `user-${String(i).padStart(2, '0')}`,
  );
  const t = useTestGitHubServer(({ server }) => {
    server.addOrganization({
      login: 'big',
      members: logins.map(login => ({ login, role: 'member' as const })),
    });
  });

  it('formats the Link header as GitHub does', async () => {
    const client = t.client(TEST_TOKENS.admin);
    const api = t.server.apiBaseUrl;
    const first = await client.orgs.listMembers({ org: 'big', per_page: 10 });
    expect(first.data).toHaveLength(10);
    expect(first.headers.link).toBe(
      `<${api}/orgs/big/members?per_page=10&page=2>; rel="next", <${api}/orgs/big/members?per_page=10&page=5>; rel="last"`,
    );
    const middle = await client.orgs.listMembers({
      org: 'big',
      per_page: 10,
      page: 3,
    });
    expect(middle.headers.link).toBe(
      [
        `<${api}/orgs/big/members?per_page=10&page=2>; rel="prev"`,
        `<${api}/orgs/big/members?per_page=10&page=4>; rel="next"`,
        `<${api}/orgs/big/members?per_page=10&page=5>; rel="last"`,
        `<${api}/orgs/big/members?per_page=10&page=1>; rel="first"`,
      ].join(', '),
    );
    const last = await client.orgs.listMembers({
      org: 'big',
      per_page: 10,
      page: 5,
    });
    expect(last.data.map(u => u.login)).toEqual(logins.slice(40));
    expect(last.headers.link).toBe(
      `<${api}/orgs/big/members?per_page=10&page=4>; rel="prev", <${api}/orgs/big/members?per_page=10&page=1>; rel="first"`,
    );
  });

  it('defaults to 30 a page, caps at 100, and sends no Link for one page', async () => {
    const client = t.client(TEST_TOKENS.admin);
    const defaults = await client.orgs.listMembers({ org: 'big' });
    expect(defaults.data).toHaveLength(30);
    const capped = await client.orgs.listMembers({ org: 'big', per_page: 500 });
    expect(capped.data).toHaveLength(45);
    expect(capped.headers.link).toBeUndefined();
  });

  it('lets octokit.paginate walk every page', async () => {
    const client = t.client(TEST_TOKENS.admin);
    const all = await client.paginate('GET /orgs/{org}/members', {
      org: 'big',
      per_page: 7,
    });
    expect(all.map(u => u.login)).toEqual(logins);
    const pages: number[] = [];
    for await (const response of client.paginate.iterator(
      'GET /orgs/{org}/members',
      { org: 'big', per_page: 7 },
    )) {
      pages.push(response.data.length);
    }
    expect(pages).toEqual([7, 7, 7, 7, 7, 7, 3]);
  });
});
