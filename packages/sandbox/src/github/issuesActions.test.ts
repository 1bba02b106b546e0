import {
  createGithubIssuesCreateAction,
  createGithubIssuesLabelAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { expectGitHubResponse } from './__testUtils__/openApiResponses';
import {
  actionDeps,
  outputOf,
  runAction,
  spyLogger,
} from './__testUtils__/upstreamActions';
import {
  failedStatus,
  failureOf,
  TEST_TOKENS,
  useTestGitHubServer,
} from '../testUtils';

jest.setTimeout(30_000);

const repo = { owner: 'acme', repo: 'tracked' };

describe('the upstream issue actions against the sandbox', () => {
  const t = useTestGitHubServer(async server => {
    await server.client(TEST_TOKENS.admin).repos.createInOrg({
      org: 'acme',
      name: repo.repo,
      auto_init: true,
      private: true,
    });
  });
  const repoUrl = () => `${t.server.host}?owner=acme&repo=${repo.repo}`;

  it('github:issues:create opens an issue with labels and assignees', async () => {
    const action = createGithubIssuesCreateAction(actionDeps(t.server));
    const ctx = await runAction(action, {
      repoUrl: repoUrl(),
      title: 'Set up on-call',
      body: 'Add the service to the rota.',
      assignees: ['mona'],
      labels: ['bug', 'onboarding'],
    });
    expect(outputOf(ctx, 'issueNumber')).toBe(1);
    expect(outputOf(ctx, 'issueUrl')).toBe(
      `${t.server.url}/acme/tracked/issues/1`,
    );

    const octokit = t.client(TEST_TOKENS.admin);
    const { data: issue } = await octokit.issues.get({
      ...repo,
      issue_number: 1,
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/issues/{issue_number}',
      200,
      issue,
    );
    expect(issue).toMatchObject({
      title: 'Set up on-call',
      body: 'Add the service to the rota.',
      state: 'open',
      user: { login: 'octo-admin' },
      assignees: [expect.objectContaining({ login: 'mona' })],
      labels: [
        expect.objectContaining({ name: 'bug', default: true }),
        expect.objectContaining({
          name: 'onboarding',
          color: 'ededed',
          default: false,
        }),
      ],
    });
    const labels = await octokit.paginate('GET /repos/{owner}/{repo}/labels', {
      ...repo,
      per_page: 4,
    });
    expectGitHubResponse('GET', '/repos/{owner}/{repo}/labels', 200, labels);
    expect(labels.map(label => label.name)).toContain('onboarding');
    expect(labels).toHaveLength(10);
  });

  it('github:issues:label adds labels, creating the missing ones', async () => {
    const action = createGithubIssuesLabelAction(actionDeps(t.server));
    await runAction(action, {
      repoUrl: repoUrl(),
      number: 1,
      labels: ['enhancement', 'team:payments'],
    });
    const octokit = t.client(TEST_TOKENS.admin);
    const { data } = await octokit.issues.listLabelsOnIssue({
      ...repo,
      issue_number: 1,
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      200,
      data,
    );
    expect(data.map(label => label.name)).toEqual([
      'bug',
      'onboarding',
      'enhancement',
      'team:payments',
    ]);
    const added = await octokit.issues.addLabels({
      ...repo,
      issue_number: 1,
      labels: ['bug'],
    });
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/issues/{issue_number}/labels',
      200,
      added.data,
    );
    expect(added.data).toHaveLength(4);
  });

  it('lists, filters and closes issues; refuses what GitHub refuses', async () => {
    const octokit = t.client(TEST_TOKENS.admin);
    const member = t.client(TEST_TOKENS.member);
    const created = await member.issues.create({
      ...repo,
      title: 'Docs are missing',
      labels: ['documentation'],
    });
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/issues',
      201,
      created.data,
    );
    // Mona reads the repository only, so her labels are dropped as on GitHub.
    expect(created.data.labels).toEqual([]);
    const list = await octokit.issues.listForRepo({ ...repo, labels: 'bug' });
    expectGitHubResponse('GET', '/repos/{owner}/{repo}/issues', 200, list.data);
    expect(list.data.map(issue => issue.number)).toEqual([1]);
    const closed = await member.issues.update({
      ...repo,
      issue_number: created.data.number,
      state: 'closed',
      state_reason: 'not_planned',
    });
    expectGitHubResponse(
      'PATCH',
      '/repos/{owner}/{repo}/issues/{issue_number}',
      200,
      closed.data,
    );
    expect(closed.data).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect((await octokit.issues.listForRepo(repo)).data).toHaveLength(1);
    expect(
      (await octokit.issues.listForRepo({ ...repo, state: 'all' })).data,
    ).toHaveLength(2);

    expect(
      await failedStatus(
        member.issues.update({ ...repo, issue_number: 1, title: 'mine now' }),
      ),
    ).toBe(403);
    expect(
      await failedStatus(
        member.issues.addLabels({ ...repo, issue_number: 1, labels: ['x'] }),
      ),
    ).toBe(403);
    expect(
      await failedStatus(
        t.client(TEST_TOKENS.outsider).issues.create({ ...repo, title: 'hi' }),
      ),
    ).toBe(404);
    expect(
      await failedStatus(t.client().issues.get({ ...repo, issue_number: 1 })),
    ).toBe(404);
    expect(
      await failedStatus(octokit.issues.get({ ...repo, issue_number: 99 })),
    ).toBe(404);
    const noTitle = await failureOf(
      octokit.issues.create({ ...repo, title: '' }),
    );
    expect(noTitle.status).toBe(422);
    expect(noTitle.data.errors).toEqual([
      { resource: 'Issue', code: 'missing_field', field: 'title' },
    ]);
    const stranger = await failureOf(
      octokit.issues.create({ ...repo, title: 'x', assignees: ['stranger'] }),
    );
    expect(stranger.status).toBe(422);
    await octokit.repos.update({ ...repo, has_issues: false });
    expect(
      await failedStatus(octokit.issues.create({ ...repo, title: 'x' })),
    ).toBe(410);
    await octokit.repos.update({ ...repo, has_issues: true });
  });

  it('the label action swallows a failure, as upstream does, and changes nothing', async () => {
    const action = createGithubIssuesLabelAction(
      actionDeps(t.server, TEST_TOKENS.member),
    );
    const logger = spyLogger();
    await runAction(
      action,
      { repoUrl: repoUrl(), number: 1, labels: ['wontfix'] },
      { logger: logger as never },
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Must have triage access to repository.'),
    );
    const { data } = await t
      .client(TEST_TOKENS.admin)
      .issues.listLabelsOnIssue({ ...repo, issue_number: 1 });
    expect(data.map(label => label.name)).not.toContain('wontfix');
  });
});
