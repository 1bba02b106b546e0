import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expectGitHubResponse } from './__testUtils__/openApiResponses';
import {
  actionDeps,
  outputOf,
  runAction,
} from './__testUtils__/upstreamActions';
import {
  failedStatus,
  failureOf,
  TEST_TOKENS,
  useTestGitHubServer,
} from '../testUtils';

jest.setTimeout(30_000);

const repo = { owner: 'acme', repo: 'catalog' };

describe('the upstream publish:github:pull-request action against the sandbox', () => {
  let workspacePath: string;
  const t = useTestGitHubServer(async server => {
    const octokit = server.client(TEST_TOKENS.admin);
    await octokit.repos.createInOrg({
      org: 'acme',
      name: repo.repo,
      auto_init: true,
    });
    await octokit.repos.createOrUpdateFileContents({
      ...repo,
      path: 'catalog/obsolete.txt',
      message: 'Add a file to delete',
      content: Buffer.from('bye\n').toString('base64'),
    });
    await octokit.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'acme',
      team_slug: 'platform',
      owner: 'acme',
      repo: repo.repo,
      permission: 'push',
    });
  });
  beforeAll(async () => {
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'pull-request-'));
    await fs.mkdir(path.join(workspacePath, 'services'));
    await fs.writeFile(
      path.join(workspacePath, 'services', 'payments.yaml'),
      'kind: Component\nmetadata:\n  name: payments\n',
    );
    await fs.writeFile(
      path.join(workspacePath, 'run.sh'),
      '#!/bin/sh\necho hi\n',
      {
        mode: 0o755,
      },
    );
  });
  afterAll(() => fs.rm(workspacePath, { recursive: true, force: true }));

  it('commits the workspace on a branch, opens the pull request and requests reviewers', async () => {
    const action = createPublishGithubPullRequestAction(actionDeps(t.server));
    const ctx = await runAction(
      action,
      {
        repoUrl: `${t.server.host}?owner=acme&repo=${repo.repo}`,
        branchName: 'register-payments',
        title: 'Register payments',
        description: 'Adds the payments component.',
        targetPath: 'catalog',
        // Relative to targetPath, as the action joins them.
        filesToDelete: ['obsolete.txt'],
        reviewers: ['mona'],
        teamReviewers: ['platform'],
      },
      { workspacePath },
    );
    expect(outputOf(ctx, 'pullRequestNumber')).toBe(1);
    expect(outputOf(ctx, 'targetBranchName')).toBe('main');
    expect(outputOf(ctx, 'remoteUrl')).toBe(
      `${t.server.url}/acme/catalog/pull/1`,
    );

    const octokit = t.client(TEST_TOKENS.admin);
    const { data: pull } = await octokit.pulls.get({ ...repo, pull_number: 1 });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/pulls/{pull_number}',
      200,
      pull,
    );
    expect(pull).toMatchObject({
      title: 'Register payments',
      body: 'Adds the payments component.',
      state: 'open',
      head: { ref: 'register-payments' },
      base: { ref: 'main' },
      commits: 1,
      changed_files: 3,
      requested_reviewers: [expect.objectContaining({ login: 'mona' })],
      requested_teams: [expect.objectContaining({ slug: 'platform' })],
    });

    // The commit is a real one on the branch: read it back through git data.
    const { data: commit } = await octokit.git.getCommit({
      ...repo,
      commit_sha: pull.head.sha,
    });
    expect(commit.author).toMatchObject({
      name: 'Portal',
      email: 'portal@example.com',
    });
    expect(commit.parents.map(parent => parent.sha)).toEqual([pull.base.sha]);
    const { data: tree } = await octokit.git.getTree({
      ...repo,
      tree_sha: commit.tree.sha,
      recursive: '1',
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/git/trees/{tree_sha}',
      200,
      tree,
    );
    const files = Object.fromEntries(
      tree.tree
        .filter(entry => entry.type === 'blob')
        .map(entry => [entry.path, entry]),
    );
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'catalog/run.sh',
      'catalog/services/payments.yaml',
    ]);
    expect(files['catalog/run.sh'].mode).toBe('100755');
    const { data: blob } = await octokit.git.getBlob({
      ...repo,
      file_sha: files['catalog/services/payments.yaml'].sha!,
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/git/blobs/{file_sha}',
      200,
      blob,
    );
    expect(Buffer.from(blob.content, 'base64').toString()).toContain(
      'name: payments',
    );

    const { data: listed } = await octokit.pulls.list({
      ...repo,
      head: 'acme:register-payments',
    });
    expectGitHubResponse('GET', '/repos/{owner}/{repo}/pulls', 200, listed);
    expect(listed.map(p => p.number)).toEqual([1]);
    const { data: issues } = await octokit.issues.listForRepo(repo);
    expect(issues[0].pull_request).toBeDefined();
  });

  it('updates the open pull request when asked to, and refuses a second one otherwise', async () => {
    const action = createPublishGithubPullRequestAction(actionDeps(t.server));
    const input = {
      repoUrl: `${t.server.host}?owner=acme&repo=${repo.repo}`,
      branchName: 'register-payments',
      title: 'Register payments, again',
      description: 'Second take.',
    };
    await expect(runAction(action, input, { workspacePath })).rejects.toThrow(
      'Pull request creation failed',
    );
    await runAction(action, { ...input, update: true }, { workspacePath });
    const octokit = t.client(TEST_TOKENS.admin);
    const { data } = await octokit.pulls.get({ ...repo, pull_number: 1 });
    expect(data.title).toBe('Register payments, again');
    const closed = await octokit.pulls.update({
      ...repo,
      pull_number: 1,
      state: 'closed',
    });
    expectGitHubResponse(
      'PATCH',
      '/repos/{owner}/{repo}/pulls/{pull_number}',
      200,
      closed.data,
    );
    expect(closed.data.state).toBe('closed');
  });

  it('answers the errors GitHub answers', async () => {
    const octokit = t.client(TEST_TOKENS.admin);
    const noBase = await failureOf(
      octokit.pulls.create({
        ...repo,
        title: 'x',
        head: 'register-payments',
        base: 'nope',
      }),
    );
    expect(noBase.status).toBe(422);
    expect(noBase.data.errors).toEqual([
      { resource: 'PullRequest', code: 'invalid', field: 'base' },
    ]);
    const same = await failureOf(
      octokit.pulls.create({ ...repo, title: 'x', head: 'main', base: 'main' }),
    );
    expect(same.status).toBe(422);
    const stranger = await failureOf(
      octokit.pulls.requestReviewers({
        ...repo,
        pull_number: 1,
        reviewers: ['stranger'],
      }),
    );
    expect(stranger.status).toBe(422);
    expect(
      await failedStatus(
        t
          .client(TEST_TOKENS.outsider)
          .git.createBlob({ ...repo, content: 'x' }),
      ),
    ).toBe(403);
    const badTree = await failureOf(
      octokit.git.createTree({
        ...repo,
        base_tree: 'f'.repeat(40),
        tree: [{ path: 'a', mode: '100644', type: 'blob', content: 'a' }],
      }),
    );
    expect(badTree.status).toBe(422);
    const badParent = await failureOf(
      octokit.git.createCommit({
        ...repo,
        message: 'x',
        tree: (
          await octokit.git.getTree({ ...repo, tree_sha: 'main' })
        ).data.sha,
        parents: ['e'.repeat(40)],
      }),
    );
    expect(badParent.status).toBe(422);
    expect(
      await failedStatus(octokit.pulls.get({ ...repo, pull_number: 42 })),
    ).toBe(404);
  });
});
