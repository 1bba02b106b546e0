import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf, TEST_TOKENS, useTestGitHubServer } from '../../testUtils';

// Every test spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('teams', () => {
  const t = useTestGitHubServer(async server => {
    await server
      .client(TEST_TOKENS.admin)
      .repos.createInOrg({ org: 'acme', name: 'service', private: true });
  });

  it('creates, reads, renames and deletes a team', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const created = await admin.teams.create({
      org: 'acme',
      name: 'Team Rocket',
      description: 'Launches',
      privacy: 'closed',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      slug: 'team-rocket',
      name: 'Team Rocket',
      privacy: 'closed',
      organization: { login: 'acme' },
    });
    expectGitHubResponse('POST', '/orgs/{org}/teams', 201, created.data);

    const clash = await failureOf(
      admin.teams.create({ org: 'acme', name: 'team rocket' }),
    );
    expect(clash.status).toBe(422);
    expect(clash.data.errors[0].message).toBe(
      'Name must be unique for this org',
    );

    // A team's `url` is GitHub's id-based alias.
    const byUrl = await admin.request({ method: 'GET', url: created.data.url });
    expect(byUrl.data.slug).toBe('team-rocket');

    const renamed = await admin.teams.updateInOrg({
      org: 'acme',
      team_slug: 'team-rocket',
      name: 'Rocket',
    });
    expect(renamed.data.slug).toBe('rocket');
    const got = await admin.teams.getByName({
      org: 'acme',
      team_slug: 'rocket',
    });
    expectGitHubResponse('GET', '/orgs/{org}/teams/{team_slug}', 200, got.data);
    const list = await admin.teams.list({ org: 'acme' });
    expect(list.data.map(team => team.slug)).toEqual(['platform', 'rocket']);

    await admin.teams.deleteInOrg({ org: 'acme', team_slug: 'rocket' });
    const gone = await failureOf(
      admin.teams.getByName({ org: 'acme', team_slug: 'rocket' }),
    );
    expect(gone.status).toBe(404);
    expect(gone.data.message).toBe('Not Found');
  });

  it('hides secret teams from members outside them and teams from non-members', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.teams.create({
      org: 'acme',
      name: 'Hidden',
      privacy: 'secret',
    });
    const member = t.client(TEST_TOKENS.member);
    expect(
      (
        await failureOf(
          member.teams.getByName({ org: 'acme', team_slug: 'hidden' }),
        )
      ).status,
    ).toBe(404);
    const visible = await member.teams.list({ org: 'acme' });
    expect(visible.data.map(team => team.slug)).not.toContain('hidden');
    expect(
      (
        await failureOf(
          t.client(TEST_TOKENS.outsider).teams.list({ org: 'acme' }),
        )
      ).status,
    ).toBe(404);
  });

  it('manages team memberships', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const added = await admin.teams.addOrUpdateMembershipForUserInOrg({
      org: 'acme',
      team_slug: 'platform',
      username: 'stranger',
      role: 'maintainer',
    });
    expect(added.data).toMatchObject({ role: 'maintainer', state: 'active' });
    const members = await admin.teams.listMembersInOrg({
      org: 'acme',
      team_slug: 'platform',
    });
    expect(members.data.map(u => u.login)).toEqual(['mona', 'stranger']);
    // Joining a team brings an outsider into the organization.
    const org = await admin.orgs.getMembershipForUser({
      org: 'acme',
      username: 'stranger',
    });
    expect(org.data.role).toBe('member');

    const byMember = await failureOf(
      t.client(TEST_TOKENS.member).teams.removeMembershipForUserInOrg({
        org: 'acme',
        team_slug: 'platform',
        username: 'stranger',
      }),
    );
    expect(byMember.status).toBe(403);
    await admin.teams.removeMembershipForUserInOrg({
      org: 'acme',
      team_slug: 'platform',
      username: 'stranger',
    });
    const membership = await failureOf(
      admin.teams.getMembershipForUserInOrg({
        org: 'acme',
        team_slug: 'platform',
        username: 'stranger',
      }),
    );
    expect(membership.status).toBe(404);
  });

  it('grants repository permissions through teams', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const before = await admin.repos.getCollaboratorPermissionLevel({
      owner: 'acme',
      repo: 'service',
      username: 'mona',
    });
    expect(before.data.permission).toBe('read');

    await admin.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'acme',
      team_slug: 'platform',
      owner: 'acme',
      repo: 'service',
      permission: 'maintain',
    });
    const after = await admin.repos.getCollaboratorPermissionLevel({
      owner: 'acme',
      repo: 'service',
      username: 'mona',
    });
    expect(after.data).toMatchObject({
      permission: 'write',
      role_name: 'maintain',
    });

    const check = await admin.teams.checkPermissionsForRepoInOrg({
      org: 'acme',
      team_slug: 'platform',
      owner: 'acme',
      repo: 'service',
      mediaType: { format: 'vnd.github.v3.repository+json' },
    });
    expect(check.status).toBe(200);
    expect(check.data.permissions).toMatchObject({
      maintain: true,
      admin: false,
    });

    const teamRepos = await admin.teams.listReposInOrg({
      org: 'acme',
      team_slug: 'platform',
    });
    expect(teamRepos.data.map(r => r.full_name)).toEqual(['acme/service']);
    const repoTeams = await admin.repos.listTeams({
      owner: 'acme',
      repo: 'service',
    });
    expect(repoTeams.data).toEqual([
      expect.objectContaining({ slug: 'platform', permission: 'maintain' }),
    ]);

    // Mona may push now, but not administer.
    const denied = await failureOf(
      t.client(TEST_TOKENS.member).teams.addOrUpdateRepoPermissionsInOrg({
        org: 'acme',
        team_slug: 'platform',
        owner: 'acme',
        repo: 'service',
        permission: 'admin',
      }),
    );
    expect(denied.status).toBe(403);
    expect(denied.data.message).toBe('Must have admin rights to Repository.');

    await admin.teams.removeRepoInOrg({
      org: 'acme',
      team_slug: 'platform',
      owner: 'acme',
      repo: 'service',
    });
    const removed = await failureOf(
      admin.teams.checkPermissionsForRepoInOrg({
        org: 'acme',
        team_slug: 'platform',
        owner: 'acme',
        repo: 'service',
      }),
    );
    expect(removed.status).toBe(404);
  });

  it('rejects repositories of another owner and unknown permissions', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.repos.createForAuthenticatedUser({ name: 'personal' });
    const foreign = await failureOf(
      admin.teams.addOrUpdateRepoPermissionsInOrg({
        org: 'acme',
        team_slug: 'platform',
        owner: 'octo-admin',
        repo: 'personal',
      }),
    );
    expect(foreign.status).toBe(422);
    const bad = await failureOf(
      admin.teams.addOrUpdateRepoPermissionsInOrg({
        org: 'acme',
        team_slug: 'platform',
        owner: 'acme',
        repo: 'service',
        permission: 'superuser' as 'admin',
      }),
    );
    expect(bad.status).toBe(422);
  });
});
