import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

const PROTECTION = '/repos/{owner}/{repo}/branches/{branch}/protection';

describe('branch protection routes', () => {
  const server = useSettingsServer();

  /** The request upstream `publish:github` sends for the default branch. */
  const upstreamProtection = {
    mediaType: { previews: ['luke-cage-preview'] },
    owner: 'acme',
    repo: 'web',
    branch: 'main',
    required_status_checks: { strict: true, contexts: ['ci/build'] },
    restrictions: null,
    enforce_admins: true,
    required_pull_request_reviews: {
      required_approving_review_count: 2,
      require_code_owner_reviews: true,
      bypass_pull_request_allowances: undefined,
      dismiss_stale_reviews: false,
      require_last_push_approval: false,
    },
    required_conversation_resolution: true,
    required_linear_history: false,
    block_creations: false,
  };

  it('protects a branch as publish:github does, and reads it back', async () => {
    const octokit = server.octokit();
    const put = await octokit.rest.repos.updateBranchProtection(
      upstreamProtection,
    );
    expect(put.status).toBe(200);
    expectGitHubResponse('PUT', PROTECTION, 200, put.data);
    expect(put.data.required_status_checks).toMatchObject({
      strict: true,
      contexts: ['ci/build'],
      checks: [{ context: 'ci/build', app_id: null }],
    });
    expect(put.data.required_pull_request_reviews).toMatchObject({
      required_approving_review_count: 2,
      require_code_owner_reviews: true,
    });
    expect(put.data.enforce_admins?.enabled).toBe(true);
    expect(put.data.restrictions).toBeUndefined();
    expect(put.data.url).toBe(
      `${server.url}/api/v3/repos/acme/web/branches/main/protection`,
    );

    const reader = server.octokit('reader-token');
    const get = await reader.rest.repos.getBranchProtection({
      owner: 'acme',
      repo: 'web',
      branch: 'main',
    });
    expectGitHubResponse('GET', PROTECTION, 200, get.data);
    expect(get.data).toEqual(put.data);
    // The PUT was persisted, with its types.
    const [saved] = Object.values(server.readState().settings);
    expect(saved.branch_protection).toEqual([
      expect.objectContaining({
        branch: 'main',
        required_status_checks: {
          strict: true,
          checks: [{ context: 'ci/build', app_id: null }],
        },
      }),
    ]);
  });

  it('requires signatures and admin enforcement through their own endpoints', async () => {
    const octokit = server.octokit();
    const params = { owner: 'acme', repo: 'web', branch: 'release/1' };
    await octokit.rest.repos.updateBranchProtection({
      ...params,
      required_status_checks: null,
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
    });

    const signatures = await octokit.rest.repos.createCommitSignatureProtection(
      params,
    );
    expectGitHubResponse(
      'POST',
      `${PROTECTION}/required_signatures`,
      200,
      signatures.data,
    );
    expect(signatures.data.enabled).toBe(true);
    expect(
      (await octokit.rest.repos.getCommitSignatureProtection(params)).data
        .enabled,
    ).toBe(true);

    // A later PUT of the other settings keeps the signature requirement.
    await octokit.rest.repos.updateBranchProtection({
      ...params,
      required_status_checks: null,
      enforce_admins: false,
      required_pull_request_reviews: null,
      restrictions: null,
    });
    const protection = await octokit.rest.repos.getBranchProtection(params);
    expect(protection.data.required_signatures?.enabled).toBe(true);
    expect(protection.data.enforce_admins?.enabled).toBe(false);

    const admins = await octokit.rest.repos.setAdminBranchProtection(params);
    expect(admins.data).toEqual({
      url: `${server.url}/api/v3/repos/acme/web/branches/release/1/protection/enforce_admins`,
      enabled: true,
    });
    await octokit.rest.repos.deleteAdminBranchProtection(params);
    await octokit.rest.repos.deleteCommitSignatureProtection(params);
    const after = await octokit.rest.repos.getBranchProtection(params);
    expect(after.data.enforce_admins?.enabled).toBe(false);
    expect(after.data.required_signatures?.enabled).toBe(false);
  });

  it('shows restrictions and allowances as users and teams', async () => {
    const octokit = server.octokit();
    const res = await octokit.rest.repos.updateBranchProtection({
      owner: 'acme',
      repo: 'web',
      branch: 'main',
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: {
        bypass_pull_request_allowances: { users: ['writer'], teams: [] },
      },
      restrictions: { users: ['octocat'], teams: ['platform'] },
    });
    expectGitHubResponse('PUT', PROTECTION, 200, res.data);
    expect(res.data.restrictions?.users.map(u => u.login)).toEqual(['octocat']);
    expect(res.data.restrictions?.teams.map(t => t.slug)).toEqual(['platform']);
    expect(
      res.data.required_pull_request_reviews?.bypass_pull_request_allowances?.users?.map(
        u => u.login,
      ),
    ).toEqual(['writer']);

    const unknown = await failureOf(
      octokit.rest.repos.updateBranchProtection({
        owner: 'acme',
        repo: 'web',
        branch: 'main',
        required_status_checks: null,
        enforce_admins: true,
        required_pull_request_reviews: null,
        restrictions: { users: ['nobody'], teams: [] },
      }),
    );
    expect(unknown.status).toBe(422);
  });

  it('answers GitHub errors for bad bodies, branches and callers', async () => {
    const octokit = server.octokit();
    const params = { owner: 'acme', repo: 'web', branch: 'main' };

    const missing = await failureOf(
      octokit.request(
        'PUT /repos/{owner}/{repo}/branches/{branch}/protection',
        {
          ...params,
          required_status_checks: null,
          enforce_admins: true,
          required_pull_request_reviews: null,
        } as never,
      ),
    );
    expect(missing.status).toBe(422);
    expect(missing.data?.message).toBe(
      'Invalid request.\n\n"restrictions" wasn\'t supplied.',
    );
    expect(missing.data?.errors).toEqual([
      {
        resource: 'ProtectedBranch',
        code: 'missing_field',
        field: 'restrictions',
      },
    ]);

    const noBranch = await failureOf(
      octokit.rest.repos.getBranchProtection({ ...params, branch: 'nope' }),
    );
    expect(noBranch).toMatchObject({
      status: 404,
      data: { message: 'Branch not found' },
    });

    const notProtected = await failureOf(
      octokit.rest.repos.getBranchProtection(params),
    );
    expect(notProtected).toMatchObject({
      status: 404,
      data: { message: 'Branch not protected' },
    });
    expect(
      (await failureOf(octokit.rest.repos.deleteBranchProtection(params)))
        .status,
    ).toBe(404);

    const body = {
      ...params,
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
    };
    const reader = await failureOf(
      server.octokit('reader-token').rest.repos.updateBranchProtection(body),
    );
    expect(reader.status).toBe(403);
    const anonymous = await failureOf(
      server.octokit('wrong-token').rest.repos.updateBranchProtection(body),
    );
    expect(anonymous).toMatchObject({
      status: 401,
      data: { message: 'Bad credentials' },
    });
    const otherRepository = await failureOf(
      octokit.rest.repos.getBranchProtection({ ...params, repo: 'missing' }),
    );
    expect(otherRepository.status).toBe(404);

    await octokit.rest.repos.updateBranchProtection(body);
    await octokit.rest.repos.deleteBranchProtection(params);
    expect(
      (await failureOf(octokit.rest.repos.getBranchProtection(params))).status,
    ).toBe(404);
  });

  it('can be faulted like every sandbox route', async () => {
    server.faults.add({
      method: 'PUT',
      path: '/api/v3/repos/acme/web/branches/main/protection',
      status: 502,
      times: 1,
    });
    const octokit = server.octokit();
    const body = {
      owner: 'acme',
      repo: 'web',
      branch: 'main',
      required_status_checks: null,
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
    };
    expect(
      (await failureOf(octokit.rest.repos.updateBranchProtection(body))).status,
    ).toBe(502);
    expect((await octokit.rest.repos.updateBranchProtection(body)).status).toBe(
      200,
    );
  });
});
