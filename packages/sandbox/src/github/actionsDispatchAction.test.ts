import { createGithubActionsDispatchAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { expectGitHubResponse } from './__testUtils__/openApiResponses';
import { actionDeps, runAction } from './__testUtils__/upstreamActions';
import {
  failedStatus,
  failureOf,
  TEST_TOKENS,
  useTestGitHubServer,
} from '../testUtils';

jest.setTimeout(30_000);

const repo = { owner: 'acme', repo: 'deployable' };

const DEPLOY_WORKFLOW = `name: Deploy
on:
  workflow_dispatch:
    inputs:
      environment:
        required: true
      dry-run:
        required: false
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: echo deploying
`;

describe('the upstream github:actions:dispatch action against the sandbox', () => {
  const t = useTestGitHubServer(async server => {
    const octokit = server.client(TEST_TOKENS.admin);
    await octokit.repos.createInOrg({
      org: 'acme',
      name: repo.repo,
      auto_init: true,
    });
    const write = (path: string, content: string) =>
      octokit.repos.createOrUpdateFileContents({
        ...repo,
        path,
        message: `Add ${path}`,
        content: Buffer.from(content).toString('base64'),
      });
    await write('.github/workflows/deploy.yaml', DEPLOY_WORKFLOW);
    await write('.github/workflows/ci.yml', 'name: CI\non: [push]\njobs: {}\n');
  });
  const repoUrl = () => `${t.server.host}?owner=acme&repo=${repo.repo}`;

  it('lists the workflows of the default branch', async () => {
    const { data } = await t
      .client(TEST_TOKENS.member)
      .actions.listRepoWorkflows(repo);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/actions/workflows',
      200,
      data,
    );
    expect(data.total_count).toBe(2);
    expect(data.workflows.map(w => [w.name, w.path])).toEqual([
      ['CI', '.github/workflows/ci.yml'],
      ['Deploy', '.github/workflows/deploy.yaml'],
    ]);
  });

  it('dispatches a workflow by file name on a branch', async () => {
    const action = createGithubActionsDispatchAction(actionDeps(t.server));
    await runAction(action, {
      repoUrl: repoUrl(),
      workflowId: 'deploy.yaml',
      branchOrTagName: 'main',
      workflowInputs: { environment: 'staging' },
    });
    const octokit = t.client(TEST_TOKENS.admin);
    const { data } = await octokit.actions.listRepoWorkflows(repo);
    const deploy = data.workflows.find(w => w.name === 'Deploy')!;
    // By id too, and with the run details GitHub can return.
    const response = await octokit.request(
      'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      {
        ...repo,
        workflow_id: deploy.id,
        ref: 'main',
        inputs: { environment: 'production' },
        return_run_details: true,
      },
    );
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      workflow_run_id: expect.any(Number),
    });
  });

  it('answers 404, 422 and 403 as GitHub does', async () => {
    const action = createGithubActionsDispatchAction(actionDeps(t.server));
    await expect(
      runAction(action, {
        repoUrl: repoUrl(),
        workflowId: 'missing.yaml',
        branchOrTagName: 'main',
      }),
    ).rejects.toMatchObject({ status: 404 });
    const octokit = t.client(TEST_TOKENS.admin);
    const dispatch = (
      workflow_id: string,
      ref: string,
      inputs?: Record<string, string>,
    ) =>
      failureOf(
        octokit.actions.createWorkflowDispatch({
          ...repo,
          workflow_id,
          ref,
          inputs,
        }),
      );
    const noRef = await dispatch('deploy.yaml', 'nope', { environment: 'x' });
    expect(noRef).toMatchObject({
      status: 422,
      data: { message: 'No ref found for: nope' },
    });
    const noTrigger = await dispatch('ci.yml', 'main');
    expect(noTrigger.data.message).toBe(
      "Workflow does not have 'workflow_dispatch' trigger",
    );
    expect((await dispatch('deploy.yaml', 'main')).data.message).toBe(
      "Required input 'environment' not provided",
    );
    expect(
      (
        await dispatch('deploy.yaml', 'main', {
          environment: 'x',
          colour: 'red',
        })
      ).data.message,
    ).toBe('Unexpected inputs provided: ["colour"]');
    expect(
      await failedStatus(
        t.client(TEST_TOKENS.member).actions.createWorkflowDispatch({
          ...repo,
          workflow_id: 'deploy.yaml',
          ref: 'main',
          inputs: { environment: 'x' },
        }),
      ),
    ).toBe(403);
  });
});
