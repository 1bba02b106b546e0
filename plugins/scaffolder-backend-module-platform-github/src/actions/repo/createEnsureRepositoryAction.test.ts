import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import {
  secondaryRateLimitFault,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import {
  configFor,
  PERSON_TOKEN,
  PORTAL_TOKEN,
  portalPlatformConfig,
  renderedWorkspace,
  NO_WORKFLOW_TOKEN,
  PUBLIC_ONLY_TOKEN,
  REPO_ONLY_TOKEN,
  repoUrl,
  startTestGitHub,
  testClients,
} from '../../__testUtils__/testGitHub';
import {
  capturingLogger,
  runAction,
} from '@internal/plugin-platform-node/testUtils';
import { createEnsureRepositoryAction } from './createEnsureRepositoryAction';

// Real git pushes and many API calls against the sandbox: more than Jest's 5 s default
// on a loaded machine.
jest.setTimeout(30_000);

/** API requests (not git's), as GitHub counts them against its limits. */
const isApi = (entry: { path: string }) => entry.path.startsWith('/api/v3/');

describe('platform:github:repo:ensure', () => {
  let sandbox: TestSandbox;
  let platform: JsonObject;
  beforeAll(async () => {
    sandbox = await startTestGitHub();
    platform = await portalPlatformConfig();
  });
  afterAll(() => sandbox.stop());
  afterEach(() => sandbox.clearFaults());

  function setup(options: { token?: string } = {}) {
    const logger = capturingLogger();
    const config = configFor(sandbox, platform, options);
    const auditor = mockServices.auditor.mock();
    const action = createEnsureRepositoryAction({
      config,
      clients: testClients(config, logger),
      auditor,
      logger,
    });
    return { action, logger, auditor };
  }

  async function ensure(
    repo: string,
    options: {
      dryRun?: boolean;
      token?: string;
      taskId?: string;
      user?: string;
      input?: Record<string, unknown>;
    } = {},
  ) {
    const { action, logger, auditor } = setup(options);
    const result = await runAction(
      action,
      {
        repoUrl: repoUrl(sandbox, repo),
        owner: 'group:default/payments-team',
        description: `The ${repo}`,
        environments: ['dev', 'staging', 'production'],
        ...options.input,
      },
      {
        dryRun: options.dryRun,
        taskId: options.taskId,
        user: options.user,
        workspacePath: await renderedWorkspace(repo),
        logger,
      },
    );
    return { ...result, logger, auditor };
  }

  const person = () => sandbox.github.octokit(PERSON_TOKEN);

  it('creates the repository from the workspace with the whole standard, in at most 25 calls', async () => {
    const plan = await ensure('invoice-service', { dryRun: true });
    expect(plan.error).toBeUndefined();
    sandbox.clearRequests();
    const { outputs, error, checkpoints, auditor } = await ensure(
      'invoice-service',
      { user: 'user:default/mona' },
    );
    expect(error).toBeUndefined();
    // Every setting of a new repository is created, as the dry run planned
    // it, also those that came with the create call.
    expect(outputs.settings.slice(0, 2)).toEqual([
      {
        setting: 'repository',
        action: 'created',
        changes: [
          'visibility: "private"',
          'allow_squash_merge: true',
          'allow_merge_commit: false',
          'allow_rebase_merge: false',
          'delete_branch_on_merge: true',
          'description: "The invoice-service"',
          'default_branch: "main"',
        ],
      },
      {
        setting: 'property:portal-entity-ref',
        action: 'created',
        changes: [
          'defined in acme: string',
          'value: "component:default/invoice-service"',
        ],
      },
    ]);
    expect(outputs.settings).toEqual(plan.outputs.settings);
    expect(plan.auditor.createEvent).not.toHaveBeenCalled();
    expect(auditor.createEvent).toHaveBeenCalledTimes(1);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'github-repo-ensure',
      severityLevel: 'medium',
      meta: {
        taskId: 'task-1',
        initiator: 'user:default/mona',
        entityRef: 'component:default/invoice-service',
        repository: `${sandbox.github.host}/acme/invoice-service`,
      },
    });
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        created: true,
        commitHash: outputs.commitHash,
        settings: outputs.settings.map(
          (s: any) => `created ${s.setting}: ${s.changes.join(', ')}`,
        ),
      },
    });
    expect(event.fail).not.toHaveBeenCalled();
    const { requests } = sandbox.github;
    const calls = requests.filter(isApi);
    expect(calls.length).toBeLessThanOrEqual(25);

    const web = `${sandbox.github.server.url}/acme/invoice-service`;
    expect(outputs).toMatchObject({
      repoUrl: web,
      remoteUrl: `${web}.git`,
      repoContentsUrl: `${web}/blob/main`,
      defaultBranch: 'main',
      created: true,
    });
    expect(outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(checkpoints).toEqual(
      [
        'define.property',
        'create.repo',
        'push.repo',
        'apply.settings',
        'apply.marker',
        'apply.topics',
        'apply.teams',
        'apply.ruleset',
        'apply.environments',
      ].map(k =>
        k === 'define.property'
          ? `${k}.${sandbox.github.host}/acme/portal-entity-ref`
          : `${k}.${sandbox.github.host}/acme/invoice-service`,
      ),
    );
    // The marker came with the creation itself: no call in between.
    const create = calls.findIndex(
      r => r.method === 'POST' && r.path === '/api/v3/orgs/acme/repos',
    );
    expect(calls[create].status).toBe(201);
    expect(
      calls.some(
        r => r.method === 'PATCH' && r.path.endsWith('/properties/values'),
      ),
    ).toBe(false);
    const { data: values } = await person().request(
      'GET /repos/{owner}/{repo}/properties/values',
      { owner: 'acme', repo: 'invoice-service' },
    );
    expect(values).toEqual([
      {
        property_name: 'portal-entity-ref',
        value: 'component:default/invoice-service',
      },
    ]);

    const stored = sandbox.github.repository('acme', 'invoice-service')!;
    expect(stored).toMatchObject({
      visibility: 'private',
      default_branch: 'main',
      allow_squash_merge: true,
      allow_merge_commit: false,
      allow_rebase_merge: false,
      delete_branch_on_merge: true,
    });
    expect(stored.topics).toEqual([
      'portal-component-default-invoice-service',
      'golden-path',
    ]);
    expect(
      await sandbox.github.file('acme', 'invoice-service', 'README.md'),
    ).toBe('# invoice-service\n');
    expect(
      await sandbox.github.commits('acme', 'invoice-service'),
    ).toHaveLength(1);

    const octokit = person();
    const { data: teams } = await octokit.repos.listTeams({
      owner: 'acme',
      repo: 'invoice-service',
    });
    expect(Object.fromEntries(teams.map(t => [t.slug, t.permission]))).toEqual({
      'payments-team': 'maintain',
      'platform-team': 'admin',
    });

    const { data: rulesets } = await octokit.repos.getRepoRulesets({
      owner: 'acme',
      repo: 'invoice-service',
    });
    expect(rulesets.map(r => r.name)).toEqual(['default-branch']);
    const { data: ruleset } = await octokit.repos.getRepoRuleset({
      owner: 'acme',
      repo: 'invoice-service',
      ruleset_id: rulesets[0].id,
    });
    expect(ruleset.conditions).toEqual({
      ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] },
    });
    expect(ruleset.rules?.map(r => r.type)).toEqual([
      'pull_request',
      'required_status_checks',
      'non_fast_forward',
      'deletion',
    ]);
    // Named after the job of the skeleton's CI workflow.
    expect(
      (ruleset.rules?.[1] as any).parameters.required_status_checks,
    ).toEqual([{ context: 'build' }]);

    const { data: environments } = await octokit.repos.getAllEnvironments({
      owner: 'acme',
      repo: 'invoice-service',
    });
    expect(environments.environments?.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'production',
    ]);
    const production = environments.environments!.find(
      e => e.name === 'production',
    )!;
    expect(production.deployment_branch_policy).toEqual({
      protected_branches: true,
      custom_branch_policies: false,
    });
    expect(
      (production.protection_rules as any[])
        .find(r => r.type === 'required_reviewers')
        .reviewers.map((r: any) => r.reviewer.slug),
    ).toEqual(['platform-team']);
    // The test client's Octokit predates these routes' current paths.
    const { data: variables } = await octokit.request(
      'GET /repos/{owner}/{repo}/environments/{environment_name}/variables',
      {
        owner: 'acme',
        repo: 'invoice-service',
        environment_name: 'production',
      },
    );
    expect(
      Object.fromEntries(
        variables.variables.map((v: any) => [v.name, v.value]),
      ),
    ).toEqual({
      KUBE_CLUSTER: 'prod-cluster',
      KUBE_NAMESPACE: 'invoice-service-production',
    });
  });

  it('changes nothing on a second task: no write, at most 15 reads, still one commit', async () => {
    sandbox.clearRequests();
    const { outputs, error, auditor } = await ensure('invoice-service', {
      taskId: 'task-2',
    });
    expect(error).toBeUndefined();
    expect(
      outputs.settings.filter((s: any) => s.action !== 'unchanged'),
    ).toEqual([]);
    expect(sandbox.writes()).toEqual([]);
    expect(sandbox.github.requests.filter(isApi).length).toBeLessThanOrEqual(
      15,
    );
    expect(outputs.created).toBe(false);
    expect(outputs.commitHash).toBeUndefined();
    expect(outputs.settings.every((s: any) => s.action === 'unchanged')).toBe(
      true,
    );
    expect(
      await sandbox.github.commits('acme', 'invoice-service'),
    ).toHaveLength(1);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'github-repo-ensure',
        meta: expect.objectContaining({
          taskId: 'task-2',
          entityRef: 'component:default/invoice-service',
        }),
      }),
    );
  });

  it('converges with an empty description, as a template renders a missing one', async () => {
    await ensure('quiet-service', { input: { description: '' } });
    sandbox.clearRequests();
    const { error } = await ensure('quiet-service', {
      input: { description: '' },
      taskId: 'task-2',
    });
    expect(error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
  });

  it('puts drifted settings back, and only those', async () => {
    const octokit = person();
    const owner = 'acme';
    const repo = 'invoice-service';
    await octokit.repos.update({ owner, repo, allow_merge_commit: true });
    await octokit.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: 'payments-team',
      owner,
      repo,
      permission: 'push',
    });
    await octokit.request(
      'PATCH /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}',
      {
        owner,
        repo,
        environment_name: 'dev',
        name: 'KUBE_NAMESPACE',
        value: 'somewhere-else',
      },
    );
    await octokit.repos.createOrUpdateEnvironment({
      owner,
      repo,
      environment_name: 'production',
      reviewers: null,
      deployment_branch_policy: null,
    });
    const { data: rulesets } = await octokit.repos.getRepoRulesets({
      owner,
      repo,
    });
    await octokit.repos.updateRepoRuleset({
      owner,
      repo,
      ruleset_id: rulesets[0].id,
      rules: [{ type: 'deletion' }],
    });

    sandbox.clearRequests();
    const { outputs, error, auditor } = await ensure(repo, {
      taskId: 'task-3',
    });
    expect(error).toBeUndefined();
    const changed = Object.fromEntries(
      outputs.settings
        .filter((s: any) => s.action !== 'unchanged')
        .map((s: any) => [s.setting, s.changes]),
    );
    expect(changed).toEqual({
      repository: ['allow_merge_commit: false'],
      'team:payments-team': ['permission: maintain'],
      'ruleset:default-branch': [
        'rule: pull_request',
        'rule: required_status_checks',
        'rule: non_fast_forward',
      ],
      'environment:production': [
        'reviewers: ["platform-team"]',
        'deployment branches: protected',
      ],
      'variables:dev': ['KUBE_NAMESPACE: "invoice-service-dev"'],
    });
    expect(sandbox.writes().map(w => `${w.method} ${w.path}`)).toEqual([
      `PATCH /api/v3/repos/acme/invoice-service`,
      `PUT /api/v3/orgs/acme/teams/payments-team/repos/acme/invoice-service`,
      `PUT /api/v3/repos/acme/invoice-service/rulesets/${rulesets[0].id}`,
      `PATCH /api/v3/repos/acme/invoice-service/environments/dev/variables/KUBE_NAMESPACE`,
      `PUT /api/v3/repos/acme/invoice-service/environments/production`,
    ]);
    expect(sandbox.github.repository(owner, repo)?.allow_merge_commit).toBe(
      false,
    );
    // The audit names what was put back, and only that.
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        created: false,
        commitHash: null,
        settings: [
          'updated repository: allow_merge_commit: false',
          'updated team:payments-team: permission: maintain',
          'updated ruleset:default-branch: rule: pull_request, rule: required_status_checks, rule: non_fast_forward',
          'updated variables:dev: KUBE_NAMESPACE: "invoice-service-dev"',
          'updated environment:production: reviewers: ["platform-team"], deployment branches: protected',
        ],
      },
    });

    sandbox.clearRequests();
    await ensure(repo, { taskId: 'task-4' });
    expect(sandbox.writes()).toEqual([]);
  });

  it('puts back the visibility, the topics and a default branch switched to another branch', async () => {
    const owner = 'acme';
    const repo = 'drift-service';
    expect((await ensure(repo)).error).toBeUndefined();
    const octokit = person();
    await octokit.repos.update({ owner, repo, visibility: 'public' });
    await octokit.repos.replaceAllTopics({
      owner,
      repo,
      names: ['hand-made'],
    });
    const { data: main } = await octokit.repos.getBranch({
      owner,
      repo,
      branch: 'main',
    });
    await octokit.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/develop',
      sha: main.commit.sha,
    });
    await octokit.repos.update({ owner, repo, default_branch: 'develop' });

    sandbox.clearRequests();
    const { outputs, error } = await ensure(repo, { taskId: 'task-2' });
    expect(error).toBeUndefined();
    const changed = outputs.settings.filter(
      (s: any) => s.action !== 'unchanged',
    );
    expect(changed).toEqual([
      {
        setting: 'repository',
        action: 'updated',
        changes: ['visibility: "private"', 'default_branch: "main"'],
      },
      {
        setting: 'topics',
        action: 'updated',
        changes: [
          'topic: portal-component-default-drift-service',
          'topic: golden-path',
        ],
      },
    ]);
    expect(sandbox.writes().map(w => `${w.method} ${w.path}`)).toEqual([
      `PATCH /api/v3/repos/acme/drift-service`,
      `PUT /api/v3/repos/acme/drift-service/topics`,
    ]);
    const { data: after } = await octokit.repos.get({ owner, repo });
    expect(after.visibility).toBe('private');
    expect(after.default_branch).toBe('main');
    // What others added stays.
    expect(after.topics).toEqual([
      'hand-made',
      'portal-component-default-drift-service',
      'golden-path',
    ]);
    expect(await sandbox.github.commits(owner, repo)).toHaveLength(1);

    sandbox.clearRequests();
    expect((await ensure(repo, { taskId: 'task-3' })).error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
  });

  it('renames a renamed default branch back, without pushing again', async () => {
    const owner = 'acme';
    const repo = 'renamed-service';
    const first = await ensure(repo);
    expect(first.error).toBeUndefined();
    await person().repos.renameBranch({
      owner,
      repo,
      branch: 'main',
      new_name: 'trunk',
    });

    sandbox.clearRequests();
    const { outputs, error } = await ensure(repo, { taskId: 'task-2' });
    expect(error).toBeUndefined();
    expect(outputs.commitHash).toBeUndefined();
    expect(
      outputs.settings.filter((s: any) => s.action !== 'unchanged'),
    ).toEqual([
      {
        setting: 'repository',
        action: 'updated',
        changes: ['default_branch: "main" (renamed from "trunk")'],
      },
    ]);
    expect(sandbox.writes().map(w => `${w.method} ${w.path}`)).toEqual([
      `POST /api/v3/repos/acme/renamed-service/branches/trunk/rename`,
    ]);
    const { data: after } = await person().repos.get({ owner, repo });
    expect(after.default_branch).toBe('main');
    const { data: branches } = await person().repos.listBranches({
      owner,
      repo,
    });
    expect(branches.map(b => b.name)).toEqual(['main']);
    const commits = await sandbox.github.commits(owner, repo);
    expect(commits.map(c => c.sha)).toEqual([first.outputs.commitHash]);

    sandbox.clearRequests();
    expect((await ensure(repo, { taskId: 'task-3' })).error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
  });

  it('adopts an empty repository the portal created earlier: pushes once and applies the standard', async () => {
    // A task that created and marked the repository, then stopped before its push.
    await sandbox.github.octokit(PORTAL_TOKEN).repos.createInOrg({
      org: 'acme',
      name: 'ledger',
      private: true,
    });
    await sandbox.github.octokit(PORTAL_TOKEN).repos.replaceAllTopics({
      owner: 'acme',
      repo: 'ledger',
      names: ['portal-component-default-ledger'],
    });
    const { outputs, error } = await ensure('ledger');
    expect(error).toBeUndefined();
    expect(outputs.created).toBe(false);
    expect(outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(await sandbox.github.commits('acme', 'ledger')).toHaveLength(1);
    expect(sandbox.github.repository('acme', 'ledger')?.topics).toEqual([
      'portal-component-default-ledger',
      'golden-path',
    ]);
    // Made before the property was used: it gets it now.
    expect(
      outputs.settings.find(
        (s: any) => s.setting === 'property:portal-entity-ref',
      ),
    ).toEqual({
      setting: 'property:portal-entity-ref',
      action: 'created',
      changes: ['value: "component:default/ledger"'],
    });
    const { data: ledger } = await person().repos.get({
      owner: 'acme',
      repo: 'ledger',
    });
    expect((ledger as any).custom_properties).toEqual({
      'portal-entity-ref': 'component:default/ledger',
    });
  });

  it('adopts the repository another task with the same request created a moment ago', async () => {
    const octokit = sandbox.github.octokit(PORTAL_TOKEN);
    await octokit.repos.createInOrg({
      org: 'acme',
      name: 'raced',
      private: true,
    });
    await octokit.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'raced',
      names: ['portal-component-default-raced'],
    });
    // Not there yet when this task looks, there when it creates.
    sandbox.github.faults.add({
      method: 'GET',
      path: '/api/v3/repos/acme/raced',
      status: 404,
      times: 1,
    });
    const { outputs, error } = await ensure('raced');
    expect(error).toBeUndefined();
    expect(outputs.created).toBe(false);
    expect(await sandbox.github.commits('acme', 'raced')).toHaveLength(1);
    const { data: rulesets } = await octokit.repos.getRepoRulesets({
      owner: 'acme',
      repo: 'raced',
    });
    expect(rulesets).toHaveLength(1);
  });

  it('adopts on the retry a repository whose create answer was lost: the marker came with it', async () => {
    sandbox.github.faults.add({
      method: 'POST',
      path: '/api/v3/orgs/acme/repos',
      reset: 'response',
      times: 1,
    });
    sandbox.clearRequests();
    const { outputs, error } = await ensure('unanswered-service');
    expect(error).toBeUndefined();
    const creates = sandbox.github.requests.filter(
      r => r.method === 'POST' && r.path === '/api/v3/orgs/acme/repos',
    );
    expect(creates).toHaveLength(2);
    expect(creates[1].status).toBe(422);
    expect(outputs.created).toBe(false);
    expect(outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(
      await sandbox.github.commits('acme', 'unanswered-service'),
    ).toHaveLength(1);
  });

  it('converges on a re-run after failing right after the repository was created', async () => {
    // Every attempt's answer is lost: the repository is made, the task fails.
    sandbox.github.faults.add({
      method: 'POST',
      path: '/api/v3/orgs/acme/repos',
      reset: 'response',
    });
    const failed = await ensure('interrupted-service');
    expect(failed.error).toBeDefined();
    const event = await failed.auditor.createEvent.mock.results[0].value;
    expect(event.fail).toHaveBeenCalledWith({ error: failed.error });
    expect(event.success).not.toHaveBeenCalled();
    expect(
      sandbox.github.repository('acme', 'interrupted-service'),
    ).toBeDefined();
    sandbox.clearFaults();

    const again = await ensure('interrupted-service', { taskId: 'task-2' });
    expect(again.error).toBeUndefined();
    expect(again.outputs.created).toBe(false);
    expect(again.outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    const { data: repositories } = await person().repos.listForOrg({
      org: 'acme',
      per_page: 100,
    });
    expect(
      repositories.filter(r => r.name.startsWith('interrupted-service')),
    ).toHaveLength(1);
    expect(
      await sandbox.github.commits('acme', 'interrupted-service'),
    ).toHaveLength(1);
    sandbox.clearRequests();
    await ensure('interrupted-service', { taskId: 'task-3' });
    expect(sandbox.writes()).toEqual([]);
  });

  it('refuses a repository the portal did not create, naming it, and changes nothing', async () => {
    await person().repos.createInOrg({
      org: 'acme',
      name: 'handmade',
      auto_init: true,
    });
    sandbox.clearRequests();
    const { error } = await ensure('handmade');
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain(
      `The repository acme/handmade on ${sandbox.github.host} was not created by the portal for component:default/handmade`,
    );
    expect(error?.message).toContain(
      "set its custom property 'portal-entity-ref' to 'component:default/handmade'",
    );
    expect(sandbox.writes()).toEqual([]);
    expect(await sandbox.github.commits('acme', 'handmade')).toHaveLength(1);
  });

  it('refuses a repository the portal created for another entity', async () => {
    const { error } = await ensure('invoice-service', {
      input: { entityRef: 'component:default/other-service' },
    });
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain(
      `its custom property 'portal-entity-ref' is "component:default/invoice-service", the marker of another entity`,
    );
  });

  it('refuses a name taken by a repository the integration cannot see', async () => {
    await person().repos.createInOrg({
      org: 'acme',
      name: 'hidden-service',
      private: true,
    });
    // GitHub answers 404 for a repository the caller may not see, as for one
    // that does not exist; the sandbox lets owners see every repository, so
    // a fault stands in for that answer.
    sandbox.github.faults.add({
      method: 'GET',
      path: '/api/v3/repos/acme/hidden-service',
      status: 404,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      },
    });
    sandbox.clearRequests();
    const { error, outputs } = await ensure('hidden-service');
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toBe(
      `The name acme/hidden-service is taken on ${sandbox.github.host} by a repository the integration cannot see. Choose another name for the service.`,
    );
    expect(outputs.created).toBeUndefined();
    // Only the create GitHub refused; nothing was pushed or changed.
    expect(
      sandbox.writes().map(w => `${w.method} ${w.path} ${w.status}`),
    ).toEqual(['POST /api/v3/orgs/acme/repos 422']);
  });

  it('writes nothing in a dry run, and says what it would create', async () => {
    sandbox.clearRequests();
    const fresh = await ensure('dry-service', { dryRun: true });
    expect(fresh.error).toBeUndefined();
    expect(sandbox.writes()).toEqual([]);
    expect(fresh.outputs.created).toBe(true);
    expect(fresh.outputs.settings.map((s: any) => s.setting)).toEqual([
      'repository',
      'property:portal-entity-ref',
      'topics',
      'team:payments-team',
      'team:platform-team',
      'ruleset:default-branch',
      'environment:dev',
      'variables:dev',
      'environment:staging',
      'variables:staging',
      'environment:production',
      'variables:production',
    ]);
    expect(sandbox.github.repository('acme', 'dry-service')).toBeUndefined();

    await person().repos.update({
      owner: 'acme',
      repo: 'invoice-service',
      allow_rebase_merge: true,
    });
    sandbox.clearRequests();
    const drifted = await ensure('invoice-service', { dryRun: true });
    expect(drifted.error).toBeUndefined();
    expect(
      drifted.outputs.settings.find((s: any) => s.setting === 'repository'),
    ).toEqual({
      setting: 'repository',
      action: 'updated',
      changes: ['allow_rebase_merge: false'],
    });
    expect(sandbox.writes()).toEqual([]);
  });

  it('retries 5xx at most 3 times: twice failing, then created once', async () => {
    sandbox.github.faults.add({
      method: 'POST',
      path: '/api/v3/orgs/acme/repos',
      status: 502,
      times: 2,
    });
    sandbox.clearRequests();
    const { error } = await ensure('retried-service');
    expect(error).toBeUndefined();
    expect(
      sandbox.github.requests
        .filter(
          r => r.method === 'POST' && r.path === '/api/v3/orgs/acme/repos',
        )
        .map(r => r.status),
    ).toEqual([502, 502, 201]);
  });

  it('gives up after 3 retries of a 5xx, and never retries a 4xx', async () => {
    sandbox.github.faults.add({
      method: 'POST',
      path: '/api/v3/orgs/acme/repos',
      status: 503,
    });
    sandbox.clearRequests();
    const failed = await ensure('unlucky-service');
    expect(failed.error?.name).toBe('ServiceUnavailableError');
    expect(failed.error?.message).toContain(
      'Creating acme/unlucky-service failed',
    );
    expect(
      sandbox.github.requests.count({
        method: 'POST',
        path: '/api/v3/orgs/acme/repos',
      }),
    ).toBe(4);
    sandbox.clearFaults();

    sandbox.github.faults.add({
      method: 'POST',
      path: '/api/v3/orgs/acme/repos',
      status: 422,
    });
    sandbox.clearRequests();
    await ensure('unlucky-service');
    expect(
      sandbox.github.requests.count({
        method: 'POST',
        path: '/api/v3/orgs/acme/repos',
      }),
    ).toBe(1);
  });

  it('retries a reset connection at most 3 times with backoff, then names the host', async () => {
    const path = '/api/v3/repos/acme/flaky-network';
    sandbox.github.faults.add({
      method: 'GET',
      path,
      reset: 'request',
      times: 2,
    });
    sandbox.clearRequests();
    const { error } = await ensure('flaky-network');
    expect(error).toBeUndefined();
    const reads = sandbox.github.requests.filter(
      r => r.method === 'GET' && r.path === path,
    );
    // Two resets, then the answer; the test clients' backoff unit is 50 ms (waits of 50, 200 ms).
    expect(reads.slice(0, 3).map(r => r.status)).toEqual([
      undefined,
      undefined,
      404,
    ]);
    const waits = [1, 2].map(
      i => Date.parse(reads[i].time) - Date.parse(reads[i - 1].time),
    );
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[1]).toBeGreaterThanOrEqual(200);

    sandbox.github.faults.add({
      method: 'GET',
      path: '/api/v3/repos/acme/unreachable',
      reset: 'request',
    });
    sandbox.clearRequests();
    const failed = await ensure('unreachable');
    expect(failed.error?.name).toBe('ServiceUnavailableError');
    expect(failed.error?.message).toContain(
      `Reading acme/unreachable failed: could not reach GitHub at ${sandbox.github.host}`,
    );
    expect(
      sandbox.github.requests.count({
        method: 'GET',
        path: '/api/v3/repos/acme/unreachable',
      }),
    ).toBe(4);
    expect(sandbox.writes()).toEqual([]);
  });

  it("honours a secondary rate limit's retry-after", async () => {
    sandbox.github.faults.add(
      secondaryRateLimitFault({
        method: 'PUT',
        path: '/api/v3/repos/acme/patient-service/topics',
        times: 1,
        retryAfterSeconds: 1,
      }),
    );
    sandbox.clearRequests();
    const { error } = await ensure('patient-service');
    expect(error).toBeUndefined();
    const topics = sandbox.github.requests.filter(
      r =>
        r.method === 'PUT' &&
        r.path === '/api/v3/repos/acme/patient-service/topics',
    );
    expect(topics.map(r => r.status)).toEqual([403, 200]);
    expect(
      Date.parse(topics[1].time) - Date.parse(topics[0].time),
    ).toBeGreaterThanOrEqual(1000);
  });

  it('names the permission a token lacks, as a NotAllowedError', async () => {
    const { error } = await ensure('scoped-service', {
      token: PUBLIC_ONLY_TOKEN,
    });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      `Publishing to ${sandbox.github.host}/acme/scoped-service needs the \`repo\` and \`workflow\` scopes, which GitHub requires to create a private repository and to create .github/workflows/ci.yaml; the token of the integration for ${sandbox.github.host} has public_repo, read:org. Give the token these scopes (a GitHub App: the Administration and Workflows permissions, read and write), then run the task again. Nothing was created.`,
    );
  });

  it('names the workflow scope a token lacks before creating anything, and publishes once it has it', async () => {
    sandbox.clearRequests();
    const { error } = await ensure('workflow-service', {
      token: NO_WORKFLOW_TOKEN,
    });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(
      `Publishing to ${sandbox.github.host}/acme/workflow-service needs the \`workflow\` scope, which GitHub requires to create .github/workflows/ci.yaml; the token of the integration for ${sandbox.github.host} has repo, admin:org. Give the token that scope (a GitHub App: the Administration and Workflows permissions, read and write), then run the task again. Nothing was created.`,
    );
    // Refused from the scopes GitHub told with the first answer: no write, no push.
    expect(sandbox.writes()).toEqual([]);

    const again = await ensure('workflow-service', { taskId: 'task-2' });
    expect(again.error).toBeUndefined();
    expect(again.outputs.created).toBe(true);
    expect(
      await sandbox.github.commits('acme', 'workflow-service'),
    ).toHaveLength(1);
  });

  it('names the workflow scope a token lacks before pushing into a repository it adopts, and pushes once the token has it', async () => {
    // An empty repository the portal created earlier: its scopes were never checked for this push.
    const octokit = sandbox.github.octokit(PORTAL_TOKEN);
    await octokit.repos.createInOrg({
      org: 'acme',
      name: 'unpushed',
      private: true,
    });
    await octokit.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'unpushed',
      names: ['portal-component-default-unpushed'],
    });
    const id = `${sandbox.github.host}/acme/unpushed`;
    const expected = `Pushing the initial commit to ${id} needs the \`workflow\` scope, which GitHub requires to create .github/workflows/ci.yaml; the token of the integration for ${sandbox.github.host} has repo, admin:org. Give the token that scope (a GitHub App: the Workflows permission, read and write), then run the task again. ${id} is kept, empty; a run with that scope pushes to it.`;

    const plan = await ensure('unpushed', {
      token: NO_WORKFLOW_TOKEN,
      dryRun: true,
    });
    expect(plan.error?.name).toBe('NotAllowedError');
    expect(plan.error?.message).toBe(expected);

    sandbox.clearRequests();
    const started = Date.now();
    const { error } = await ensure('unpushed', { token: NO_WORKFLOW_TOKEN });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toBe(expected);
    // Told by the scopes GitHub sent with the first answer: no push, which
    // GitHub would refuse and git would retry for a minute; no write.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(
      sandbox.github.requests.filter(r => r.path.endsWith('/git-receive-pack')),
    ).toEqual([]);
    expect(sandbox.writes()).toEqual([]);
    await expect(
      person().repos.getBranch({
        owner: 'acme',
        repo: 'unpushed',
        branch: 'main',
      }),
    ).rejects.toMatchObject({ status: 404 });

    const again = await ensure('unpushed', { taskId: 'task-2' });
    expect(again.error).toBeUndefined();
    expect(again.outputs.created).toBe(false);
    expect(again.outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
    expect(await sandbox.github.commits('acme', 'unpushed')).toHaveLength(1);
    const { data: repos } = await person().repos.listForOrg({ org: 'acme' });
    expect(repos.filter(r => r.name === 'unpushed')).toHaveLength(1);
  });

  it('says when an exhausted rate limit resets', async () => {
    const limited = await startTestGitHub({ rateLimitPerHour: 3 });
    try {
      const logger = capturingLogger();
      const config = configFor(limited, platform);
      const action = createEnsureRepositoryAction({
        config,
        clients: testClients(config, logger),
        auditor: mockServices.auditor.mock(),
        logger,
      });
      const { error } = await runAction(
        action,
        {
          repoUrl: repoUrl(limited, 'busy-service'),
          owner: 'group:default/payments-team',
        },
        { workspacePath: await renderedWorkspace('busy-service'), logger },
      );
      expect(error?.name).toBe('ServiceUnavailableError');
      expect(error?.message).toMatch(
        /rate limit of the integration for .* is exhausted; it resets at \d{4}-\d\d-\d\dT/,
      );
    } finally {
      await limited.stop();
    }
  });

  it('names an unknown team before creating anything, also in a dry run', async () => {
    sandbox.clearRequests();
    for (const dryRun of [true, false]) {
      const { error } = await ensure('orphan-service', {
        input: { owner: 'group:default/no-such-team' },
        dryRun,
      });
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(
        "The team 'no-such-team' is not a team of the organisation acme",
      );
    }
    expect(sandbox.writes()).toEqual([]);
    expect(sandbox.github.repository('acme', 'orphan-service')).toBeUndefined();
  });

  it('never puts the token in the task log or its errors', async () => {
    const created = await ensure('secret-service');
    const refused = await ensure('secret-service2', {
      token: PUBLIC_ONLY_TOKEN,
    });
    const log = [...created.logger.lines, ...refused.logger.lines].join('\n');
    expect(created.logger.lines.length).toBeGreaterThan(0);
    expect(log).not.toContain(PORTAL_TOKEN);
    expect(log).not.toContain(PUBLIC_ONLY_TOKEN);
    expect(String(refused.error?.message)).not.toContain(PUBLIC_ONLY_TOKEN);
    expect(JSON.stringify(refused.error)).not.toContain(PUBLIC_ONLY_TOKEN);
  });

  it('refuses bad input before any call, naming each field', async () => {
    sandbox.clearRequests();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ repoUrl: 'unknown.example.com?owner=acme&repo=x' }, 'repoUrl:'],
      [
        { repoUrl: `${sandbox.github.host}?owner=-acme&repo=x` },
        'repoUrl.owner:',
      ],
      [
        { repoUrl: `${sandbox.github.host}?owner=globex&repo=x` },
        "repoUrl.owner: 'globex' is not an organisation",
      ],
      [
        { repoUrl: `${sandbox.github.host}?owner=acme&repo=bad name` },
        'repoUrl.repo:',
      ],
      [{ owner: 'user:default/mona' }, 'owner:'],
      [
        { environments: ['qa'] },
        "environments[0]: 'qa' is not an environment of this portal (dev, staging, production)",
      ],
      [{ entityRef: `component:default/${'x'.repeat(60)}` }, 'entityRef:'],
    ];
    for (const [input, message] of cases) {
      const { error } = await ensure('valid-name', { input });
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(message);
    }
    expect(sandbox.github.requests.count()).toBe(0);
  });

  // Last: removing the definition takes every repository's value with it.
  it('says what to define when the integration may not define the marker property, and creates nothing', async () => {
    const property = { org: 'acme', custom_property_name: 'portal-entity-ref' };
    await person().request(
      'PUT /orgs/{org}/properties/schema/{custom_property_name}',
      { ...property, value_type: 'string' },
    );
    await person().request(
      'DELETE /orgs/{org}/properties/schema/{custom_property_name}',
      property,
    );
    sandbox.clearRequests();
    const { error } = await ensure('unmarkable-service', {
      token: REPO_ONLY_TOKEN,
    });
    expect(error?.name).toBe('NotAllowedError');
    expect(error?.message).toContain(
      "Define it in the organisation's settings (Custom properties: a text property named 'portal-entity-ref'",
    );
    expect(error?.message).toContain('admin:org');
    expect(
      sandbox.github.requests.count({
        method: 'POST',
        path: '/api/v3/orgs/acme/repos',
      }),
    ).toBe(0);
    expect(
      sandbox.github.repository('acme', 'unmarkable-service'),
    ).toBeUndefined();

    // An integration with owner rights defines it itself.
    const { error: none, outputs } = await ensure('unmarkable-service');
    expect(none).toBeUndefined();
    expect(outputs.created).toBe(true);
    const { data: schema } = await person().request(
      'GET /orgs/{org}/properties/schema/{custom_property_name}',
      { org: 'acme', custom_property_name: 'portal-entity-ref' },
    );
    expect(schema).toMatchObject({
      value_type: 'string',
      required: false,
      values_editable_by: 'org_actors',
    });
  });
});
