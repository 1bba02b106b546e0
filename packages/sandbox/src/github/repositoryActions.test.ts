import {
  createGithubBranchProtectionAction,
  createGithubEnvironmentAction,
  createGithubRepoCreateAction,
  createGithubRepoPushAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { actionDeps, runAction } from './__testUtils__/upstreamActions';
import { TEST_TOKENS, useTestGitHubServer } from '../testUtils';

// The push spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('the upstream step-by-step repository actions against the sandbox', () => {
  const t = useTestGitHubServer();
  let workspacePath: string;
  beforeAll(async () => {
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'repo-actions-'));
    await fs.writeFile(path.join(workspacePath, 'README.md'), '# stepwise\n');
  });
  afterAll(async () => {
    await fs.rm(workspacePath, { recursive: true, force: true });
  });

  it('github:repo:create, repo:push, branch-protection:create and environment:create build a repository', async () => {
    const deps = actionDeps(t.server);
    const repoUrl = `${t.server.host}?owner=acme&repo=stepwise`;

    await runAction(createGithubRepoCreateAction(deps), {
      repoUrl,
      description: 'Built one action at a time',
      repoVisibility: 'private',
      topics: ['nodejs', 'golden-path'],
    });
    await runAction(
      createGithubRepoPushAction(deps),
      { repoUrl, defaultBranch: 'main', protectDefaultBranch: false },
      { workspacePath },
    );
    await runAction(createGithubBranchProtectionAction(deps), {
      repoUrl,
      branch: 'main',
      enforceAdmins: true,
      requiredApprovingReviewCount: 2,
    });
    await runAction(
      createGithubEnvironmentAction({
        integrations: deps.integrations,
        catalog: catalogServiceMock(),
      }),
      {
        repoUrl,
        name: 'production',
        waitTimer: 5,
        environmentVariables: { REGION: 'eu-west-1' },
        secrets: { API_KEY: 'not-a-real-key' },
      },
    );

    const octokit = t.client(TEST_TOKENS.admin);
    const repo = { owner: 'acme', repo: 'stepwise' };
    const { data: repository } = await octokit.repos.get(repo);
    expect(repository).toMatchObject({
      private: true,
      description: 'Built one action at a time',
      default_branch: 'main',
      topics: ['nodejs', 'golden-path'],
    });
    const { data: readme } = await octokit.repos.getContent({
      ...repo,
      path: 'README.md',
    });
    expect(
      Buffer.from((readme as { content: string }).content, 'base64').toString(),
    ).toBe('# stepwise\n');
    const { data: protection } = await octokit.repos.getBranchProtection({
      ...repo,
      branch: 'main',
    });
    expect(protection.enforce_admins?.enabled).toBe(true);
    expect(
      protection.required_pull_request_reviews?.required_approving_review_count,
    ).toBe(2);
    const { data: environment } = await octokit.repos.getEnvironment({
      ...repo,
      environment_name: 'production',
    });
    expect(environment.protection_rules).toContainEqual(
      expect.objectContaining({ type: 'wait_timer', wait_timer: 5 }),
    );
    const { data: variables } = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/variables',
      { ...repo, environment_name: 'production' },
    );
    expect(variables.variables).toEqual([
      expect.objectContaining({ name: 'REGION', value: 'eu-west-1' }),
    ]);
    const { data: secrets } = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets',
      { ...repo, environment_name: 'production' },
    );
    expect(secrets.secrets.map((s: { name: string }) => s.name)).toEqual([
      'API_KEY',
    ]);
    expect(JSON.stringify(secrets)).not.toContain('not-a-real-key');
  });
});
