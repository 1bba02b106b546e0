import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  startTestGitHubServer,
  TEST_TOKENS,
  type TestGitHubServer,
} from '../testUtils';

// Every test spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('the upstream publish:github action against the sandbox', () => {
  let t: TestGitHubServer;
  let workspacePath: string;
  beforeAll(async () => {
    t = await startTestGitHubServer();
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-github-'));
    await fs.mkdir(path.join(workspacePath, 'src'));
    await fs.writeFile(
      path.join(workspacePath, 'README.md'),
      '# new-service\n',
    );
    await fs.writeFile(
      path.join(workspacePath, 'src', 'index.ts'),
      'export const answer = 42;\n',
    );
  });
  afterAll(async () => {
    await t.stop();
    await fs.rm(workspacePath, { recursive: true, force: true });
  });

  it('creates the repository in the organization, grants the team, pushes and protects the default branch', async () => {
    const { server } = t;
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: server.host,
            apiBaseUrl: server.apiBaseUrl,
            token: TEST_TOKENS.admin,
          },
        ],
      },
      scaffolder: {
        defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
      },
    });
    const action = createPublishGithubAction({
      integrations: ScmIntegrations.fromConfig(config),
      config,
    });
    const ctx = createMockActionContext({
      workspacePath,
      input: {
        repoUrl: `${server.host}?owner=acme&repo=new-service`,
        description: 'Made by the golden path',
        access: 'acme/platform',
        repoVisibility: 'private',
        defaultBranch: 'main',
        topics: ['backstage', 'golden-path'],
        requiredApprovingReviewCount: 2,
        repoVariables: { REGION: 'eu' },
      },
    });

    await action.handler(ctx as Parameters<typeof action.handler>[0]);

    expect(ctx.output).toHaveBeenCalledWith(
      'remoteUrl',
      `${server.url}/acme/new-service.git`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      `${server.url}/acme/new-service/blob/main`,
    );
    const commitHash = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'commitHash',
    )?.[1];

    const octokit = t.client(TEST_TOKENS.admin);
    const repo = { owner: 'acme', repo: 'new-service' };
    const { data } = await octokit.repos.get(repo);
    expect(data).toMatchObject({
      private: true,
      description: 'Made by the golden path',
      topics: ['backstage', 'golden-path'],
      default_branch: 'main',
    });
    const teams = await octokit.repos.listTeams(repo);
    expect(teams.data).toEqual([
      expect.objectContaining({ slug: 'platform', permission: 'admin' }),
    ]);

    const branch = await octokit.repos.getBranch({ ...repo, branch: 'main' });
    expect(branch.data.commit.sha).toBe(commitHash);
    expect(branch.data.protected).toBe(true);
    const protection = await octokit.repos.getBranchProtection({
      ...repo,
      branch: 'main',
    });
    expect(
      protection.data.required_pull_request_reviews
        ?.required_approving_review_count,
    ).toBe(2);

    const file = await octokit.repos.getContent({
      ...repo,
      path: 'src/index.ts',
    });
    expect(
      Buffer.from(
        (file.data as { content: string }).content,
        'base64',
      ).toString(),
    ).toBe('export const answer = 42;\n');
    const variable = await octokit.actions.getRepoVariable({
      ...repo,
      name: 'REGION',
    });
    expect(variable.data.value).toBe('eu');
  });
});
