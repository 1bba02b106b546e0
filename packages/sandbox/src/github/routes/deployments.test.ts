import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

const DEPLOYMENTS = '/repos/{owner}/{repo}/deployments';

describe('deployment routes', () => {
  const server = useSettingsServer();

  const repo = { owner: 'acme', repo: 'web' };

  it('creates deployments from refs, filters and pages them', async () => {
    const writer = server.octokit('writer-token');
    const created = await writer.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'staging',
      payload: { version: '1.2.3' },
      required_contexts: [],
      description: 'first',
    });
    expect(created.status).toBe(201);
    expectGitHubResponse('POST', DEPLOYMENTS, 201, created.data);
    const deployment = created.data as {
      id: number;
      sha: string;
      creator: { login: string } | null;
      production_environment?: boolean;
    };
    expect(deployment.sha).toBe(server.shas.main);
    expect(deployment.creator?.login).toBe('writer');
    expect(deployment.production_environment).toBe(false);

    await writer.rest.repos.createDeployment({ ...repo, ref: 'release/1' });
    await writer.rest.repos.createDeployment({
      ...repo,
      ref: server.shas.main,
      task: 'migrate',
    });

    const listed = await server
      .octokit('reader-token')
      .rest.repos.listDeployments(repo);
    expectGitHubResponse('GET', DEPLOYMENTS, 200, listed.data);
    expect(listed.data.map(d => d.ref)).toEqual([
      server.shas.main,
      'release/1',
      'main',
    ]);
    const production = await writer.rest.repos.listDeployments({
      ...repo,
      environment: 'production',
    });
    expect(production.data.map(d => d.sha)).toEqual([
      server.shas.main,
      server.shas.release,
    ]);
    expect(production.data.every(d => d.production_environment)).toBe(true);
    const byTask = await writer.rest.repos.listDeployments({
      ...repo,
      task: 'migrate',
    });
    expect(byTask.data).toHaveLength(1);
    const paged = await writer.rest.repos.listDeployments({
      ...repo,
      per_page: 2,
      page: 2,
    });
    expect(paged.data.map(d => d.ref)).toEqual(['main']);
    expect(paged.headers.link).toContain('rel="prev"');

    // Deploying creates the environment, as on GitHub.
    const environments = await server
      .octokit()
      .rest.repos.getAllEnvironments(repo);
    expect(environments.data.environments?.map(e => e.name).sort()).toEqual([
      'production',
      'staging',
    ]);

    const got = await writer.rest.repos.getDeployment({
      ...repo,
      deployment_id: deployment.id,
    });
    expectGitHubResponse(
      'GET',
      `${DEPLOYMENTS}/{deployment_id}`,
      200,
      got.data,
    );
    expect(got.data.payload).toEqual({ version: '1.2.3' });
  });

  it('answers 422 for unknown refs, 409 for missing contexts, 403 for readers', async () => {
    const writer = server.octokit('writer-token');
    const unknown = await failureOf(
      writer.rest.repos.createDeployment({ ...repo, ref: 'nope' }),
    );
    expect(unknown).toMatchObject({
      status: 422,
      data: { message: 'No ref found for: nope' },
    });
    const contexts = await failureOf(
      writer.rest.repos.createDeployment({
        ...repo,
        ref: 'main',
        required_contexts: ['ci/build'],
      }),
    );
    expect(contexts.status).toBe(409);
    const reader = await failureOf(
      server
        .octokit('reader-token')
        .rest.repos.createDeployment({ ...repo, ref: 'main' }),
    );
    expect(reader.status).toBe(403);
    expect(
      (
        await failureOf(
          writer.rest.repos.getDeployment({ ...repo, deployment_id: 999 }),
        )
      ).status,
    ).toBe(404);
  });

  it('records statuses and makes earlier successful deployments inactive', async () => {
    const writer = server.octokit('writer-token');
    const deploy = async () =>
      (
        (
          await writer.rest.repos.createDeployment({
            ...repo,
            ref: 'main',
            environment: 'production',
          })
        ).data as { id: number }
      ).id;
    const first = await deploy();
    const status = await writer.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: first,
      state: 'success',
      log_url: 'https://ci.example/run/1',
      environment_url: 'https://web.example',
    });
    expect(status.status).toBe(201);
    expectGitHubResponse(
      'POST',
      `${DEPLOYMENTS}/{deployment_id}/statuses`,
      201,
      status.data,
    );
    expect(status.data).toMatchObject({
      state: 'success',
      log_url: 'https://ci.example/run/1',
      target_url: 'https://ci.example/run/1',
      environment_url: 'https://web.example',
      environment: 'production',
    });

    const second = await deploy();
    await writer.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: second,
      state: 'in_progress',
    });
    let firstStatuses = await writer.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: first,
    });
    expect(firstStatuses.data.map(s => s.state)).toEqual(['success']);

    await writer.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: second,
      state: 'success',
    });
    firstStatuses = await writer.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: first,
    });
    expectGitHubResponse(
      'GET',
      `${DEPLOYMENTS}/{deployment_id}/statuses`,
      200,
      firstStatuses.data,
    );
    expect(firstStatuses.data.map(s => s.state)).toEqual([
      'inactive',
      'success',
    ]);

    const one = await writer.rest.repos
      .getDeploymentStatus({
        ...repo,
        deployment_id: second,
        status_id: status.data.id + 100,
      })
      .catch(e => e as { status: number });
    expect((one as { status: number }).status).toBe(404);
    const latest = await writer.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: second,
    });
    const got = await writer.rest.repos.getDeploymentStatus({
      ...repo,
      deployment_id: second,
      status_id: latest.data[0].id,
    });
    expectGitHubResponse(
      'GET',
      `${DEPLOYMENTS}/{deployment_id}/statuses/{status_id}`,
      200,
      got.data,
    );

    // Without auto_inactive the earlier success stays.
    const third = await deploy();
    await writer.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: third,
      state: 'success',
      auto_inactive: false,
    });
    const secondStatuses = await writer.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: second,
    });
    expect(secondStatuses.data[0].state).toBe('success');

    const badState = await failureOf(
      writer.request(
        'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
        {
          ...repo,
          deployment_id: third,
          state: 'done',
        } as never,
      ),
    );
    expect(badState.status).toBe(422);

    // Only inactive deployments can go, unless one is alone in its environment.
    const active = await failureOf(
      writer.rest.repos.deleteDeployment({ ...repo, deployment_id: second }),
    );
    expect(active.status).toBe(422);
    await writer.rest.repos.deleteDeployment({ ...repo, deployment_id: first });
    expect(
      (
        await failureOf(
          writer.rest.repos.getDeployment({ ...repo, deployment_id: first }),
        )
      ).status,
    ).toBe(404);
  });
});
