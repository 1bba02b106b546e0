import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { startGitHubServer } from '../server';
import {
  failureOf,
  testGitHubOptions,
  testOctokit,
  TEST_TOKENS,
  useTestGitHubServer,
} from '../../testUtils';

// Creating repositories spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

const portalProperty = {
  value_type: 'string',
  required: false,
  description: 'The catalog entity the developer portal created it for',
  values_editable_by: 'org_actors',
};

describe('custom property routes', () => {
  const t = useTestGitHubServer();
  const admin = () => t.client(TEST_TOKENS.admin);

  it('lets an owner define, change and remove properties, and members read them', async () => {
    const put = await admin().request(
      'PUT /orgs/{org}/properties/schema/{custom_property_name}',
      {
        org: 'acme',
        custom_property_name: 'portal-entity-ref',
        ...portalProperty,
      },
    );
    expect(put.status).toBe(200);
    expectGitHubResponse(
      'PUT',
      '/orgs/{org}/properties/schema/{custom_property_name}',
      200,
      put.data,
    );
    expect(put.data).toEqual({
      property_name: 'portal-entity-ref',
      url: `${t.server.apiBaseUrl}/orgs/acme/properties/schema/portal-entity-ref`,
      source_type: 'organization',
      value_type: 'string',
      required: false,
      default_value: null,
      description: 'The catalog entity the developer portal created it for',
      allowed_values: null,
      values_editable_by: 'org_actors',
    });

    const patched = await admin().request(
      'PATCH /orgs/{org}/properties/schema',
      {
        org: 'acme',
        properties: [
          {
            property_name: 'tier',
            value_type: 'single_select',
            required: true,
            default_value: 'bronze',
            allowed_values: ['gold', 'silver', 'bronze'],
          },
          {
            property_name: 'team',
            value_type: 'string',
            values_editable_by: 'org_and_repo_actors',
          },
        ],
      },
    );
    expectGitHubResponse(
      'PATCH',
      '/orgs/{org}/properties/schema',
      200,
      patched.data,
    );
    expect(patched.data.map((p: any) => p.property_name)).toEqual([
      'tier',
      'team',
    ]);

    const member = t.client(TEST_TOKENS.member);
    const list = await member.request('GET /orgs/{org}/properties/schema', {
      org: 'acme',
    });
    expectGitHubResponse(
      'GET',
      '/orgs/{org}/properties/schema',
      200,
      list.data,
    );
    expect(list.data.map((p: any) => p.property_name)).toEqual([
      'portal-entity-ref',
      'tier',
      'team',
    ]);
    const one = await member.request(
      'GET /orgs/{org}/properties/schema/{custom_property_name}',
      { org: 'acme', custom_property_name: 'tier' },
    );
    expectGitHubResponse(
      'GET',
      '/orgs/{org}/properties/schema/{custom_property_name}',
      200,
      one.data,
    );
    expect(one.data.allowed_values).toEqual(['gold', 'silver', 'bronze']);

    // A member may not define; a token without admin:org may not either.
    const byMember = await failureOf(
      member.request(
        'PUT /orgs/{org}/properties/schema/{custom_property_name}',
        {
          org: 'acme',
          custom_property_name: 'x',
          value_type: 'string',
        },
      ),
    );
    expect(byMember.status).toBe(403);
    const readOnly = await failureOf(
      t
        .client(TEST_TOKENS.readOnly)
        .request('PUT /orgs/{org}/properties/schema/{custom_property_name}', {
          org: 'acme',
          custom_property_name: 'x',
          value_type: 'string',
        }),
    );
    expect(readOnly.status).toBe(403);
    expect(readOnly.headers['x-accepted-oauth-scopes']).toBe('admin:org');
    expect(
      (
        await failureOf(
          t
            .client(TEST_TOKENS.outsider)
            .request('GET /orgs/{org}/properties/schema', { org: 'acme' }),
        )
      ).status,
    ).toBe(404);

    const removed = await admin().request(
      'DELETE /orgs/{org}/properties/schema/{custom_property_name}',
      { org: 'acme', custom_property_name: 'team' },
    );
    expect(removed.status).toBe(204);
    expect(
      (
        await failureOf(
          member.request(
            'GET /orgs/{org}/properties/schema/{custom_property_name}',
            { org: 'acme', custom_property_name: 'team' },
          ),
        )
      ).status,
    ).toBe(404);
  });

  it('refuses definitions GitHub refuses, storing none of them', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /"value_type" wasn't supplied/],
      [{ value_type: 'number' }, /is not one of/],
      [
        { value_type: 'string', allowed_values: ['a'] },
        /Allowed values must be nil if value_type is string/,
      ],
      [{ value_type: 'single_select' }, /Allowed values can't be blank/],
      [
        {
          value_type: 'single_select',
          allowed_values: ['a'],
          default_value: 'b',
        },
        /Invalid value for property 'bad'/,
      ],
      [{ value_type: 'string', required: true }, /Default value is required/],
    ];
    for (const [body, message] of cases) {
      const failure = await failureOf(
        admin().request(
          'PUT /orgs/{org}/properties/schema/{custom_property_name}',
          {
            org: 'acme',
            custom_property_name: 'bad',
            ...body,
          },
        ),
      );
      expect(failure.status).toBe(422);
      expect(failure.data.message).toMatch(message);
    }
    const failure = await failureOf(
      admin().request('PATCH /orgs/{org}/properties/schema', {
        org: 'acme',
        properties: [
          { property_name: 'fine', value_type: 'string' },
          { property_name: 'not fine', value_type: 'string' },
        ],
      }),
    );
    expect(failure.status).toBe(422);
    const { data } = await admin().request(
      'GET /orgs/{org}/properties/schema',
      {
        org: 'acme',
      },
    );
    expect(data.map((p: any) => p.property_name)).not.toContain('fine');
    expect(data.map((p: any) => p.property_name)).not.toContain('bad');
  });

  it('sets values as part of creating a repository, and refuses undefined ones', async () => {
    const created = await admin().repos.createInOrg({
      org: 'acme',
      name: 'marked',
      private: true,
      custom_properties: { 'portal-entity-ref': 'component:default/marked' },
    } as any);
    expect(created.status).toBe(201);
    // Required properties get their default.
    expect((created.data as any).custom_properties).toEqual({
      'portal-entity-ref': 'component:default/marked',
      tier: 'bronze',
    });
    const got = await admin().repos.get({ owner: 'acme', repo: 'marked' });
    expectGitHubResponse('GET', '/repos/{owner}/{repo}', 200, got.data);
    expect((got.data as any).custom_properties).toEqual({
      'portal-entity-ref': 'component:default/marked',
      tier: 'bronze',
    });
    const values = await t
      .client(TEST_TOKENS.member)
      .request('GET /repos/{owner}/{repo}/properties/values', {
        owner: 'acme',
        repo: 'marked',
      });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/properties/values',
      200,
      values.data,
    );
    expect(values.data).toEqual([
      { property_name: 'portal-entity-ref', value: 'component:default/marked' },
      { property_name: 'tier', value: 'bronze' },
    ]);

    const undefinedProperty = await failureOf(
      admin().repos.createInOrg({
        org: 'acme',
        name: 'unmarked',
        custom_properties: { 'no-such-property': 'x' },
      } as any),
    );
    expect(undefinedProperty.status).toBe(422);
    expect(undefinedProperty.data.message).toBe(
      "Unexpected property 'no-such-property'",
    );
    const badValue = await failureOf(
      admin().repos.createInOrg({
        org: 'acme',
        name: 'unmarked',
        custom_properties: { tier: 'platinum' },
      } as any),
    );
    expect(badValue.status).toBe(422);
    expect(t.server.store.repository('acme', 'unmarked')).toBeUndefined();
    expect(
      (await failureOf(admin().repos.get({ owner: 'acme', repo: 'unmarked' })))
        .status,
    ).toBe(404);
  });

  it('changes and unsets values for owners, and for repository admins only where allowed', async () => {
    const octokit = admin();
    await octokit.request(
      'PUT /orgs/{org}/properties/schema/{custom_property_name}',
      {
        org: 'acme',
        custom_property_name: 'team',
        value_type: 'string',
        values_editable_by: 'org_and_repo_actors',
      },
    );
    const patched = await octokit.request(
      'PATCH /repos/{owner}/{repo}/properties/values',
      {
        owner: 'acme',
        repo: 'marked',
        properties: [
          { property_name: 'portal-entity-ref', value: null },
          { property_name: 'tier', value: 'gold' },
          { property_name: 'team', value: 'payments' },
        ],
      },
    );
    expect(patched.status).toBe(204);
    const { data } = await octokit.request(
      'GET /repos/{owner}/{repo}/properties/values',
      { owner: 'acme', repo: 'marked' },
    );
    expect(data).toEqual([
      { property_name: 'tier', value: 'gold' },
      { property_name: 'team', value: 'payments' },
    ]);
    expect(
      (
        await failureOf(
          octokit.request('PATCH /repos/{owner}/{repo}/properties/values', {
            owner: 'acme',
            repo: 'marked',
            properties: [{ property_name: 'nope', value: 'x' }],
          }),
        )
      ).data.message,
    ).toBe("Unexpected property 'nope'");

    // mona administers the repository, but is no owner of acme.
    await octokit.repos.addCollaborator({
      owner: 'acme',
      repo: 'marked',
      username: 'mona',
      permission: 'admin',
    });
    const mona = t.client(TEST_TOKENS.member);
    await mona.request('PATCH /repos/{owner}/{repo}/properties/values', {
      owner: 'acme',
      repo: 'marked',
      properties: [{ property_name: 'team', value: 'data' }],
    });
    const locked = await failureOf(
      mona.request('PATCH /repos/{owner}/{repo}/properties/values', {
        owner: 'acme',
        repo: 'marked',
        properties: [
          { property_name: 'portal-entity-ref', value: 'component:default/x' },
        ],
      }),
    );
    expect(locked.status).toBe(403);
    expect(locked.data.message).toContain("'portal-entity-ref'");
  });
});

describe('custom properties in the state', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'custom-properties-'));
  });
  afterEach(() => fs.rm(stateDir, { recursive: true, force: true }));

  it('keeps definitions and values across a restart, and drops a deleted repository’s values', async () => {
    const first = await startGitHubServer(testGitHubOptions({ stateDir }));
    const before = testOctokit(first.apiBaseUrl, TEST_TOKENS.admin);
    await before.request(
      'PUT /orgs/{org}/properties/schema/{custom_property_name}',
      {
        org: 'acme',
        custom_property_name: 'portal-entity-ref',
        ...portalProperty,
      },
    );
    await before.repos.createInOrg({
      org: 'acme',
      name: 'kept',
      custom_properties: { 'portal-entity-ref': 'component:default/kept' },
    } as any);
    await first.stop();

    const second = await startGitHubServer(testGitHubOptions({ stateDir }));
    try {
      const after = testOctokit(second.apiBaseUrl, TEST_TOKENS.admin);
      const { data } = await after.repos.get({ owner: 'acme', repo: 'kept' });
      expect((data as any).custom_properties).toEqual({
        'portal-entity-ref': 'component:default/kept',
      });
      const schema = await after.request('GET /orgs/{org}/properties/schema', {
        org: 'acme',
      });
      expect(schema.data.map((p: any) => p.property_name)).toEqual([
        'portal-entity-ref',
      ]);
      const id = data.id;
      await after.repos.delete({ owner: 'acme', repo: 'kept' });
      expect(second.store.data.propertyValues?.[String(id)]).toBeUndefined();
    } finally {
      await second.stop();
    }
  });
});
