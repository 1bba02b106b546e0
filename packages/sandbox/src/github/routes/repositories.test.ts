import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf, TEST_TOKENS, useTestGitHubServer } from '../../testUtils';

// Every test spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('repositories', () => {
  const t = useTestGitHubServer();

  it('creates an organization repository with GitHub’s full JSON', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const { status, data } = await admin.repos.createInOrg({
      org: 'acme',
      name: 'payments',
      description: 'Takes money',
      // Octokit 19's types predate internal repositories.
      visibility: 'internal' as 'private',
      has_wiki: false,
      delete_branch_on_merge: true,
    });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      name: 'payments',
      full_name: 'acme/payments',
      private: true,
      visibility: 'internal',
      owner: { login: 'acme', type: 'Organization' },
      html_url: `${t.server.url}/acme/payments`,
      clone_url: `${t.server.url}/acme/payments.git`,
      url: `${t.server.apiBaseUrl}/repos/acme/payments`,
      default_branch: 'main',
      has_wiki: false,
      delete_branch_on_merge: true,
      permissions: { admin: true, push: true, pull: true },
      size: 0,
    });
    expectGitHubResponse('POST', '/orgs/{org}/repos', 201, data);
    const got = await admin.repos.get({ owner: 'ACME', repo: 'Payments' });
    expect(got.data.id).toBe(data.id);
    expectGitHubResponse('GET', '/repos/{owner}/{repo}', 200, got.data);
    const byId = await admin.request('GET /repositories/{id}', { id: data.id });
    expect(byId.data.full_name).toBe('acme/payments');
  });

  it('creates a user repository with auto_init and answers 422 for bad or taken names', async () => {
    const mona = t.client(TEST_TOKENS.member);
    const { data } = await mona.repos.createForAuthenticatedUser({
      name: 'notes',
      auto_init: true,
      description: 'My notes',
    });
    expect(data.owner.login).toBe('mona');
    const readme = await mona.repos.getContent({
      owner: 'mona',
      repo: 'notes',
      path: 'README.md',
    });
    expect(
      Buffer.from(
        (readme.data as { content: string }).content,
        'base64',
      ).toString(),
    ).toBe('# notes\nMy notes\n');

    const taken = await failureOf(
      mona.repos.createForAuthenticatedUser({ name: 'NOTES' }),
    );
    expect(taken.status).toBe(422);
    expect(taken.data).toMatchObject({
      message: 'Repository creation failed.',
      errors: [
        {
          resource: 'Repository',
          code: 'custom',
          field: 'name',
          message: 'name already exists on this account',
        },
      ],
      status: '422',
    });
    const bad = await failureOf(
      mona.repos.createForAuthenticatedUser({ name: 'no spaces allowed' }),
    );
    expect(bad.status).toBe(422);
    expect(bad.data.errors[0]).toMatchObject({ field: 'name', code: 'custom' });
    const internal = await failureOf(
      mona.repos.createForAuthenticatedUser({
        name: 'x',
        visibility: 'internal',
      } as never),
    );
    expect(internal.status).toBe(422);
  });

  it('hides private repositories from outsiders and refuses writes to readers', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.repos.createInOrg({
      org: 'acme',
      name: 'secret',
      private: true,
    });
    const outsider = await failureOf(
      t
        .client(TEST_TOKENS.outsider)
        .repos.get({ owner: 'acme', repo: 'secret' }),
    );
    expect(outsider.status).toBe(404);
    expect(
      (await failureOf(t.client().repos.get({ owner: 'acme', repo: 'secret' })))
        .status,
    ).toBe(404);
    // Members read through the organization's base permission.
    const member = await t
      .client(TEST_TOKENS.member)
      .repos.get({ owner: 'acme', repo: 'secret' });
    expect(member.data.permissions).toMatchObject({ pull: true, push: false });
    const write = await failureOf(
      t
        .client(TEST_TOKENS.member)
        .repos.update({ owner: 'acme', repo: 'secret', description: 'x' }),
    );
    expect(write.status).toBe(403);
    expect(write.data.message).toBe('Must have admin rights to Repository.');
    // Without the repo scope a private repository is invisible.
    expect(
      (
        await failureOf(
          t
            .client(TEST_TOKENS.readOnly)
            .repos.get({ owner: 'acme', repo: 'secret' }),
        )
      ).status,
    ).toBe(404);
    // Members may create repositories in the organization, and administer them.
    const own = await t
      .client(TEST_TOKENS.member)
      .repos.createInOrg({ org: 'acme', name: 'mona-made' });
    expect(own.data.permissions?.admin).toBe(true);
    // Anyone reads a public repository; writing needs a token.
    const anonymousWrite = await failureOf(
      t.client().repos.replaceAllTopics({
        owner: 'acme',
        repo: 'mona-made',
        names: ['x'],
      }),
    );
    expect(anonymousWrite.status).toBe(401);
    const byOutsider = await failureOf(
      t
        .client(TEST_TOKENS.outsider)
        .repos.createInOrg({ org: 'acme', name: 'nope' }),
    );
    expect(byOutsider.status).toBe(403);
  });

  it('updates settings, renames with a redirect and archives read-only', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.repos.createInOrg({
      org: 'acme',
      name: 'old-name',
      auto_init: true,
    });
    const { data } = await admin.repos.update({
      owner: 'acme',
      repo: 'old-name',
      name: 'new-name',
      description: 'Renamed',
      homepage: 'https://example.com',
      private: true,
      allow_squash_merge: false,
    });
    expect(data).toMatchObject({
      name: 'new-name',
      description: 'Renamed',
      homepage: 'https://example.com',
      private: true,
      allow_squash_merge: false,
    });
    expectGitHubResponse('PATCH', '/repos/{owner}/{repo}', 200, data);
    const redirected = await admin.repos.get({
      owner: 'acme',
      repo: 'old-name',
    });
    expect(redirected.data.full_name).toBe('acme/new-name');

    const missing = await failureOf(
      admin.repos.update({
        owner: 'acme',
        repo: 'new-name',
        default_branch: 'nope',
      }),
    );
    expect(missing.status).toBe(422);

    await admin.repos.update({
      owner: 'acme',
      repo: 'new-name',
      archived: true,
    });
    const archived = await failureOf(
      admin.repos.replaceAllTopics({
        owner: 'acme',
        repo: 'new-name',
        names: ['x'],
      }),
    );
    expect(archived.status).toBe(403);
    expect(archived.data.message).toBe(
      'Repository was archived so is read-only.',
    );
    await admin.repos.update({
      owner: 'acme',
      repo: 'new-name',
      archived: false,
    });
    await admin.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'new-name',
      names: ['x'],
    });
  });

  it('deletes only with delete_repo and admin rights', async () => {
    await t.server.addToken({
      token: 'no-delete',
      login: 'octo-admin',
      scopes: ['repo', 'admin:org'],
    });
    const admin = t.client(TEST_TOKENS.admin);
    await admin.repos.createInOrg({ org: 'acme', name: 'doomed' });
    const denied = await failureOf(
      t.client('no-delete').repos.delete({ owner: 'acme', repo: 'doomed' }),
    );
    expect(denied.status).toBe(403);
    expect(denied.headers['x-accepted-oauth-scopes']).toBe('delete_repo');
    await admin.repos.delete({ owner: 'acme', repo: 'doomed' });
    expect(
      (await failureOf(admin.repos.get({ owner: 'acme', repo: 'doomed' })))
        .status,
    ).toBe(404);
  });

  it('lists repositories of an organization, a user and the caller', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.repos.createInOrg({ org: 'acme', name: 'public-one' });
    const orgRepos = await t.client().repos.listForOrg({ org: 'acme' });
    expect(orgRepos.data.every(repo => !repo.private)).toBe(true);
    expect(orgRepos.data.map(repo => repo.name)).toContain('public-one');
    const asAdmin = await admin.repos.listForOrg({
      org: 'acme',
      per_page: 100,
    });
    expect(asAdmin.data.map(repo => repo.name)).toContain('secret');

    const mine = await t
      .client(TEST_TOKENS.member)
      .repos.listForAuthenticatedUser({
        affiliation: 'owner',
      });
    expect(mine.data.map(repo => repo.full_name)).toEqual(['mona/notes']);
    const viaOrg = await t
      .client(TEST_TOKENS.member)
      .repos.listForAuthenticatedUser({
        per_page: 100,
      });
    expect(viaOrg.data.map(repo => repo.full_name)).toContain('acme/secret');
    const monas = await t.client().repos.listForUser({ username: 'mona' });
    expect(monas.data.map(repo => repo.name)).toEqual(['notes']);
  });

  it('validates and replaces topics', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.repos.createInOrg({ org: 'acme', name: 'topical' });
    const { data } = await admin.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'topical',
      names: ['backstage', 'golden-path', 'backstage'],
    });
    expect(data.names).toEqual(['backstage', 'golden-path']);
    expect(
      (await admin.repos.getAllTopics({ owner: 'acme', repo: 'topical' })).data
        .names,
    ).toEqual(['backstage', 'golden-path']);
    const invalid = await failureOf(
      admin.repos.replaceAllTopics({
        owner: 'acme',
        repo: 'topical',
        names: ['Upper', '-dash'],
      }),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.data.errors[0]).toMatchObject({
      field: 'topics',
      code: 'invalid',
    });
    const tooLong = await failureOf(
      admin.repos.replaceAllTopics({
        owner: 'acme',
        repo: 'topical',
        names: ['a'.repeat(51)],
      }),
    );
    expect(tooLong.status).toBe(422);
  });

  it('adds, checks, lists and removes collaborators', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.repos.createInOrg({
      org: 'acme',
      name: 'shared',
      private: true,
    });
    await admin.repos.addCollaborator({
      owner: 'acme',
      repo: 'shared',
      username: 'stranger',
      permission: 'push',
    });
    const check = await admin.repos.checkCollaborator({
      owner: 'acme',
      repo: 'shared',
      username: 'stranger',
    });
    expect(check.status).toBe(204);
    const level = await admin.repos.getCollaboratorPermissionLevel({
      owner: 'acme',
      repo: 'shared',
      username: 'stranger',
    });
    expect(level.data).toMatchObject({
      permission: 'write',
      role_name: 'write',
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/collaborators/{username}/permission',
      200,
      level.data,
    );
    const outside = await admin.repos.listCollaborators({
      owner: 'acme',
      repo: 'shared',
      affiliation: 'outside',
    });
    expect(outside.data.map(u => u.login)).toEqual(['stranger']);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/collaborators',
      200,
      outside.data,
    );
    const all = await admin.repos.listCollaborators({
      owner: 'acme',
      repo: 'shared',
    });
    expect(all.data.map(u => u.login).sort()).toEqual([
      'mona',
      'octo-admin',
      'stranger',
    ]);
    // A reader may not list collaborators.
    expect(
      (
        await failureOf(
          t.client(TEST_TOKENS.member).repos.listCollaborators({
            owner: 'acme',
            repo: 'shared',
          }),
        )
      ).status,
    ).toBe(403);
    await admin.repos.removeCollaborator({
      owner: 'acme',
      repo: 'shared',
      username: 'stranger',
    });
    expect(
      (
        await failureOf(
          t
            .client(TEST_TOKENS.outsider)
            .repos.get({ owner: 'acme', repo: 'shared' }),
        )
      ).status,
    ).toBe(404);
  });
});
