import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('Actions variable routes', () => {
  const server = useSettingsServer();

  const repo = { owner: 'acme', repo: 'web' };

  it('keeps repository variables uppercased, paged by 10', async () => {
    const octokit = server.octokit();
    const created = await octokit.rest.actions.createRepoVariable({
      ...repo,
      name: 'region',
      value: 'eu-west-1',
    });
    expect(created.status).toBe(201);
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/actions/variables',
      201,
      created.data,
    );
    for (let i = 0; i < 11; i++) {
      await octokit.rest.actions.createRepoVariable({
        ...repo,
        name: `V${String(i).padStart(2, '0')}`,
        value: String(i),
      });
    }
    const first = await server
      .octokit('reader-token')
      .rest.actions.listRepoVariables(repo);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/actions/variables',
      200,
      first.data,
    );
    expect(first.data.total_count).toBe(12);
    expect(first.data.variables).toHaveLength(10);
    expect(first.headers.link).toMatch(/page=2&|page=2>/);
    const all = await octokit.paginate<{ name: string }>(
      'GET /repos/{owner}/{repo}/actions/variables',
      repo,
    );
    expect(all.map(v => v.name)).toContain('REGION');
    expect(all).toHaveLength(12);

    const got = await octokit.rest.actions.getRepoVariable({
      ...repo,
      name: 'Region',
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/actions/variables/{name}',
      200,
      got.data,
    );
    expect(got.data).toMatchObject({ name: 'REGION', value: 'eu-west-1' });

    await octokit.rest.actions.updateRepoVariable({
      ...repo,
      name: 'REGION',
      value: 'us-east-1',
    });
    expect(
      (await octokit.rest.actions.getRepoVariable({ ...repo, name: 'REGION' }))
        .data.value,
    ).toBe('us-east-1');

    const duplicate = await failureOf(
      octokit.rest.actions.createRepoVariable({
        ...repo,
        name: 'REGION',
        value: 'x',
      }),
    );
    expect(duplicate.status).toBe(409);
    for (const name of ['GITHUB_TOKEN', '1ABC', 'WITH SPACE']) {
      const invalid = await failureOf(
        octokit.rest.actions.createRepoVariable({ ...repo, name, value: 'x' }),
      );
      expect(invalid.status).toBe(422);
    }
    const reader = await failureOf(
      server.octokit('reader-token').rest.actions.createRepoVariable({
        ...repo,
        name: 'X',
        value: 'x',
      }),
    );
    expect(reader.status).toBe(403);

    await octokit.rest.actions.deleteRepoVariable({ ...repo, name: 'REGION' });
    expect(
      (
        await failureOf(
          octokit.rest.actions.getRepoVariable({ ...repo, name: 'REGION' }),
        )
      ).status,
    ).toBe(404);
  });

  it('keeps environment variables, on both paths GitHub serves them', async () => {
    const octokit = server.octokit();
    await octokit.rest.repos.createOrUpdateEnvironment({
      ...repo,
      environment_name: 'staging',
    });
    // Octokit 19 addresses environments by repository id.
    await octokit.rest.actions.createEnvironmentVariable({
      repository_id: server.repository.id,
      environment_name: 'staging',
      name: 'replicas',
      value: '2',
    });
    // Newer clients (upstream's scaffolder actions) use owner and repo.
    const viaOwner = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
      { ...repo, environment_name: 'staging', name: 'REPLICAS' },
    );
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
      200,
      viaOwner.data,
    );
    expect(viaOwner.data).toMatchObject({ name: 'REPLICAS', value: '2' });

    await octokit.request(
      'PATCH /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
      { ...repo, environment_name: 'staging', name: 'REPLICAS', value: '3' },
    );
    const listed = await octokit.rest.actions.listEnvironmentVariables({
      repository_id: server.repository.id,
      environment_name: 'staging',
    });
    expect(listed.data.variables.map(v => [v.name, v.value])).toEqual([
      ['REPLICAS', '3'],
    ]);
    // Repository variables are a separate scope.
    expect(
      (await octokit.rest.actions.listRepoVariables(repo)).data.total_count,
    ).toBe(0);

    const missingEnvironment = await failureOf(
      octokit.rest.actions.createEnvironmentVariable({
        repository_id: server.repository.id,
        environment_name: 'nope',
        name: 'A',
        value: 'b',
      }),
    );
    expect(missingEnvironment.status).toBe(404);

    await octokit.rest.actions.deleteEnvironmentVariable({
      repository_id: server.repository.id,
      environment_name: 'staging',
      name: 'REPLICAS',
    });
    expect(
      (
        await octokit.rest.actions.listEnvironmentVariables({
          repository_id: server.repository.id,
          environment_name: 'staging',
        })
      ).data.total_count,
    ).toBe(0);
  });
});
