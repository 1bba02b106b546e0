import sodium from 'libsodium-wrappers';
import {
  createDeployment,
  createDeploymentStatus,
  createRepositorySettingsState,
  forgetRepository,
} from './index';
import { repositoryRecord } from './__testUtils__/fakeServerCore';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { startSettingsServer } from './__testUtils__/startSettingsServer';

describe('repository settings state', () => {
  it('round-trips through JSON and serves the same settings after a restart', async () => {
    const first = await startSettingsServer();
    const octokit = first.octokit();
    const repo = { owner: 'acme', repo: 'web' };
    await octokit.rest.repos.updateBranchProtection({
      ...repo,
      branch: 'main',
      required_status_checks: { strict: true, contexts: ['ci'] },
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
    });
    await octokit.rest.repos.createRepoRuleset({
      ...repo,
      name: 'r',
      enforcement: 'active',
    });
    await octokit.rest.repos.createOrUpdateEnvironment({
      ...repo,
      environment_name: 'dev',
    });
    await octokit.rest.actions.createRepoVariable({
      ...repo,
      name: 'A',
      value: 'b',
    });
    const key = (await octokit.rest.actions.getRepoPublicKey(repo)).data;
    await sodium.ready;
    await octokit.rest.actions.createOrUpdateRepoSecret({
      ...repo,
      secret_name: 'S',
      key_id: key.key_id,
      encrypted_value: sodium.to_base64(
        sodium.crypto_box_seal(
          sodium.from_string('v'),
          sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL),
        ),
        sodium.base64_variants.ORIGINAL,
      ),
    });
    await octokit.rest.repos.createDeployment({ ...repo, ref: 'main' });
    await first.close();

    const copy = JSON.parse(JSON.stringify(first.state));
    expect(copy).toEqual(first.state);
    const second = await startSettingsServer(copy);
    try {
      const again = second.octokit();
      expect(
        (
          await again.rest.repos.getBranchProtection({
            ...repo,
            branch: 'main',
          })
        ).data.required_status_checks?.contexts,
      ).toEqual(['ci']);
      expect((await again.rest.repos.getRepoRulesets(repo)).data).toHaveLength(
        1,
      );
      expect((await again.rest.actions.getRepoPublicKey(repo)).data).toEqual(
        key,
      );
      expect(
        (await again.rest.actions.listRepoSecrets(repo)).data.total_count,
      ).toBe(1);
      expect(
        (await again.rest.actions.listRepoVariables(repo)).data.total_count,
      ).toBe(1);
      const deployments = (await again.rest.repos.listDeployments(repo)).data;
      expect(deployments).toHaveLength(1);
      // Ids continue after the restored ones.
      const next = await again.rest.repos.createDeployment({
        ...repo,
        ref: 'main',
      });
      expect((next.data as { id: number }).id).toBeGreaterThan(
        deployments[0].id,
      );
    } finally {
      await second.close();
    }
  });

  it('creates deployments and statuses without HTTP, for the GitOps sync', () => {
    const state = createRepositorySettingsState();
    const repository = repositoryRecord(7, 'acme', 'api');
    const actor = {
      creator: { id: 1, login: 'sandbox-sync' },
      baseUrl: 'http://127.0.0.1:1234',
    };
    const deployment = createDeployment(state, repository, {
      ...actor,
      ref: 'main',
      sha: 'c'.repeat(40),
      environment: 'dev',
    });
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/deployments',
      201,
      deployment,
    );
    expect(deployment.url).toBe(
      `http://127.0.0.1:1234/api/v3/repos/acme/api/deployments/${deployment.id}`,
    );
    const status = createDeploymentStatus(state, repository, deployment.id, {
      ...actor,
      state: 'success',
      environment_url: 'http://api.dev.local',
    });
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      201,
      status,
    );
    expect(() =>
      createDeploymentStatus(state, repository, 999, {
        ...actor,
        state: 'success',
      }),
    ).toThrow('Not Found');

    forgetRepository(state, repository.id);
    expect(state.repositories).toEqual({});
  });

  it('has a response check that can fail', () => {
    expect(() =>
      expectGitHubResponse(
        'GET',
        '/repos/{owner}/{repo}/actions/variables',
        200,
        {
          total_count: 1,
          variables: [{ name: 'A' }],
        },
      ),
    ).toThrow(/does not match/);
  });
});
