import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf, TEST_TOKENS, useTestGitHubServer } from '../../testUtils';

describe('users and organizations', () => {
  const t = useTestGitHubServer();

  it('describes the authenticated user and any user or organization', async () => {
    const mona = t.client(TEST_TOKENS.member);
    const me = await mona.users.getAuthenticated();
    expect(me.data).toMatchObject({
      login: 'mona',
      name: 'Mona Lisa',
      type: 'User',
      html_url: `${t.server.url}/mona`,
      url: `${t.server.apiBaseUrl}/users/mona`,
    });
    expectGitHubResponse('GET', '/user', 200, me.data);

    const user = await mona.users.getByUsername({ username: 'OCTO-ADMIN' });
    expect(user.data).toMatchObject({ login: 'octo-admin', type: 'User' });
    expectGitHubResponse('GET', '/users/{username}', 200, user.data);
    const org = await mona.users.getByUsername({ username: 'acme' });
    expect(org.data.type).toBe('Organization');
    expect(
      (await failureOf(mona.users.getByUsername({ username: 'ghost' }))).status,
    ).toBe(404);
  });

  it('describes organizations and the ones the caller is in', async () => {
    const { data } = await t
      .client(TEST_TOKENS.member)
      .orgs.get({ org: 'acme' });
    expect(data).toMatchObject({ login: 'acme', type: 'Organization' });
    expectGitHubResponse('GET', '/orgs/{org}', 200, data);
    const mine = await t
      .client(TEST_TOKENS.member)
      .orgs.listForAuthenticatedUser();
    expect(mine.data.map(o => o.login)).toEqual(['acme']);
    const none = await t
      .client(TEST_TOKENS.outsider)
      .orgs.listForAuthenticatedUser();
    expect(none.data).toEqual([]);
    expect((await failureOf(t.client().orgs.get({ org: 'nope' }))).status).toBe(
      404,
    );
  });

  it('lists members by role', async () => {
    const client = t.client(TEST_TOKENS.member);
    const all = await client.orgs.listMembers({ org: 'acme' });
    expect(all.data.map(u => u.login)).toEqual(['mona', 'octo-admin']);
    const admins = await client.orgs.listMembers({
      org: 'acme',
      role: 'admin',
    });
    expect(admins.data.map(u => u.login)).toEqual(['octo-admin']);
  });

  it('adds, reads, changes and removes memberships as an org admin', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const added = await admin.orgs.setMembershipForUser({
      org: 'acme',
      username: 'stranger',
      role: 'member',
    });
    expect(added.data).toMatchObject({
      state: 'active',
      role: 'member',
      user: { login: 'stranger' },
      organization: { login: 'acme' },
    });
    expectGitHubResponse(
      'PUT',
      '/orgs/{org}/memberships/{username}',
      200,
      added.data,
    );
    const promoted = await admin.orgs.setMembershipForUser({
      org: 'acme',
      username: 'stranger',
      role: 'admin',
    });
    expect(promoted.data.role).toBe('admin');
    const read = await t
      .client(TEST_TOKENS.outsider)
      .orgs.getMembershipForUser({ org: 'acme', username: 'stranger' });
    expect(read.data.role).toBe('admin');
    await admin.orgs.removeMembershipForUser({
      org: 'acme',
      username: 'stranger',
    });
    expect(
      (
        await failureOf(
          admin.orgs.getMembershipForUser({
            org: 'acme',
            username: 'stranger',
          }),
        )
      ).status,
    ).toBe(404);
  });

  it('refuses membership changes to members, tokens without admin:org and unknown users', async () => {
    const byMember = await failureOf(
      t.client(TEST_TOKENS.member).orgs.setMembershipForUser({
        org: 'acme',
        username: 'stranger',
      }),
    );
    expect(byMember.status).toBe(403);
    const byReadOnly = await failureOf(
      t.client(TEST_TOKENS.readOnly).orgs.setMembershipForUser({
        org: 'acme',
        username: 'stranger',
      }),
    );
    expect(byReadOnly.status).toBe(403);
    expect(byReadOnly.headers['x-accepted-oauth-scopes']).toBe(
      'admin:org, write:org',
    );
    const unknown = await failureOf(
      t.client(TEST_TOKENS.admin).orgs.setMembershipForUser({
        org: 'acme',
        username: 'ghost',
      }),
    );
    expect(unknown.status).toBe(404);
  });
});
