import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

const ENVIRONMENT = '/repos/{owner}/{repo}/environments/{environment_name}';

describe('environment routes', () => {
  const server = useSettingsServer();

  const repo = { owner: 'acme', repo: 'web' };

  it('creates an environment as github:environment:create does', async () => {
    const octokit = server.octokit();
    const created = await octokit.rest.repos.createOrUpdateEnvironment({
      ...repo,
      environment_name: 'production',
      deployment_branch_policy: {
        protected_branches: false,
        custom_branch_policies: true,
      },
      wait_timer: 5,
      prevent_self_review: true,
      reviewers: [
        { type: 'User', id: server.ids.reader },
        { type: 'Team', id: server.ids.platform },
      ],
    });
    expectGitHubResponse('PUT', ENVIRONMENT, 200, created.data);
    expect(created.data.protection_rules?.map(r => r.type)).toEqual([
      'wait_timer',
      'required_reviewers',
      'branch_policy',
    ]);
    const reviewers = created.data.protection_rules?.[1] as {
      reviewers: {
        type: string;
        reviewer: { login?: string; slug?: string };
      }[];
    };
    expect(
      reviewers.reviewers.map(r => r.reviewer.login ?? r.reviewer.slug),
    ).toEqual(['reader', 'platform']);

    for (const name of ['release/*', 'main']) {
      const policy = await octokit.rest.repos.createDeploymentBranchPolicy({
        ...repo,
        environment_name: 'production',
        name,
        type: 'branch',
      });
      expectGitHubResponse(
        'POST',
        `${ENVIRONMENT}/deployment-branch-policies`,
        200,
        policy.data,
      );
    }
    // The same pattern again points at the existing policy (303, followed).
    const again = await octokit.rest.repos.createDeploymentBranchPolicy({
      ...repo,
      environment_name: 'production',
      name: 'main',
    });
    expect(again.data.name).toBe('main');
    const policies = await octokit.rest.repos.listDeploymentBranchPolicies({
      ...repo,
      environment_name: 'production',
    });
    expectGitHubResponse(
      'GET',
      `${ENVIRONMENT}/deployment-branch-policies`,
      200,
      policies.data,
    );
    expect(policies.data.branch_policies.map(p => p.name)).toEqual([
      'release/*',
      'main',
    ]);
    const first = policies.data.branch_policies[0].id!;
    await octokit.rest.repos.updateDeploymentBranchPolicy({
      ...repo,
      environment_name: 'production',
      branch_policy_id: first,
      name: 'release/**',
    });
    await octokit.rest.repos.deleteDeploymentBranchPolicy({
      ...repo,
      environment_name: 'production',
      branch_policy_id: policies.data.branch_policies[1].id!,
    });
    const left = await octokit.rest.repos.getDeploymentBranchPolicy({
      ...repo,
      environment_name: 'production',
      branch_policy_id: first,
    });
    expect(left.data.name).toBe('release/**');

    await octokit.rest.repos.createOrUpdateEnvironment({
      ...repo,
      environment_name: 'staging',
    });
    const listed = await server
      .octokit('reader-token')
      .rest.repos.getAllEnvironments(repo);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/environments',
      200,
      listed.data,
    );
    expect(listed.data.total_count).toBe(2);
    const got = await octokit.rest.repos.getEnvironment({
      ...repo,
      environment_name: 'Production',
    });
    expect(got.data.id).toBe(created.data.id);

    await octokit.rest.repos.deleteAnEnvironment({
      ...repo,
      environment_name: 'production',
    });
    expect(
      (
        await failureOf(
          octokit.rest.repos.getEnvironment({
            ...repo,
            environment_name: 'production',
          }),
        )
      ).status,
    ).toBe(404);
  });

  it('refuses bad settings, branch policies without custom policies and non-admins', async () => {
    const octokit = server.octokit();
    const tooLong = await failureOf(
      octokit.rest.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'dev',
        wait_timer: 50000,
      }),
    );
    expect(tooLong.status).toBe(422);
    const unknownReviewer = await failureOf(
      octokit.rest.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'dev',
        reviewers: [{ type: 'User', id: 999 }],
      }),
    );
    expect(unknownReviewer.status).toBe(422);
    const both = await failureOf(
      octokit.rest.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'dev',
        deployment_branch_policy: {
          protected_branches: true,
          custom_branch_policies: true,
        },
      }),
    );
    expect(both.status).toBe(422);

    await octokit.rest.repos.createOrUpdateEnvironment({
      ...repo,
      environment_name: 'dev',
    });
    const noCustom = await failureOf(
      octokit.rest.repos.createDeploymentBranchPolicy({
        ...repo,
        environment_name: 'dev',
        name: 'main',
      }),
    );
    expect(noCustom.status).toBe(404);
    const writer = await failureOf(
      server.octokit('writer-token').rest.repos.createOrUpdateEnvironment({
        ...repo,
        environment_name: 'dev',
      }),
    );
    expect(writer.status).toBe(403);
    const unauthenticated = await failureOf(
      server.octokit('nobody').rest.repos.getAllEnvironments(repo),
    );
    expect(unauthenticated.status).toBe(401);
  });
});
