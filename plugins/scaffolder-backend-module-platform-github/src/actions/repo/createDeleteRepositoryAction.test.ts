import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import {
  configFor,
  PERSON_TOKEN,
  PORTAL_TOKEN,
  portalPlatformConfig,
  repoUrl,
  startTestGitHub,
  testClients,
} from '../../__testUtils__/testGitHub';
import {
  capturingLogger,
  runAction,
} from '@internal/plugin-platform-node/testUtils';
import { createDeleteRepositoryAction } from './createDeleteRepositoryAction';

// Real git pushes and many API calls against the sandbox: more than Jest's 5 s default
// on a loaded machine.
jest.setTimeout(30_000);

describe('platform:github:repo:delete', () => {
  let sandbox: TestSandbox;
  let platform: any;
  beforeAll(async () => {
    sandbox = await startTestGitHub();
    platform = await portalPlatformConfig();
  });
  afterAll(() => sandbox.stop());

  function action(
    cleanup?: 'archive' | 'delete',
    auditor = mockServices.auditor.mock(),
  ) {
    const logger = capturingLogger();
    const withCleanup: JsonObject = JSON.parse(JSON.stringify(platform));
    if (cleanup) {
      (withCleanup as any).github.repositoryStandard.cleanup = cleanup;
    }
    const config = configFor(sandbox, withCleanup);
    return createDeleteRepositoryAction({
      config,
      clients: testClients(config, logger),
      auditor,
      logger,
    });
  }

  async function portalRepository(name: string) {
    const octokit = sandbox.github.octokit(PORTAL_TOKEN);
    await octokit.repos.createInOrg({ org: 'acme', name, private: true });
    await octokit.repos.replaceAllTopics({
      owner: 'acme',
      repo: name,
      names: [`portal-component-default-${name}`],
    });
  }

  it('archives a repository the portal created, by default, and only once', async () => {
    await portalRepository('to-archive');
    const first = await runAction(action(), {
      repoUrl: repoUrl(sandbox, 'to-archive'),
    });
    expect(first).toMatchObject({ outputs: { action: 'archived' } });
    expect(sandbox.github.repository('acme', 'to-archive')?.archived).toBe(
      true,
    );
    sandbox.clearRequests();
    const again = await runAction(action(), {
      repoUrl: repoUrl(sandbox, 'to-archive'),
    });
    expect(again.outputs.action).toBe('unchanged');
    expect(sandbox.writes()).toEqual([]);
  });

  it('deletes when the standard says so; a repository already gone is fine', async () => {
    await portalRepository('to-delete');
    sandbox.clearRequests();
    const dry = await runAction(
      action('delete'),
      { repoUrl: repoUrl(sandbox, 'to-delete') },
      { dryRun: true },
    );
    expect(dry.outputs.action).toBe('deleted');
    expect(sandbox.writes()).toEqual([]);
    const auditor = mockServices.auditor.mock();
    const done = await runAction(
      action('delete', auditor),
      { repoUrl: repoUrl(sandbox, 'to-delete') },
      { taskId: 'task-7', user: 'user:default/mona' },
    );
    expect(done.outputs.action).toBe('deleted');
    expect(sandbox.github.repository('acme', 'to-delete')).toBeUndefined();
    expect(auditor.createEvent).toHaveBeenCalledTimes(1);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'github-repo-delete',
      severityLevel: 'high',
      meta: {
        taskId: 'task-7',
        initiator: 'user:default/mona',
        entityRef: 'component:default/to-delete',
        repository: `${sandbox.github.host}/acme/to-delete`,
        mode: 'delete',
      },
    });
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.success).toHaveBeenCalled();
    expect(event.fail).not.toHaveBeenCalled();
    const gone = await runAction(action('delete'), {
      repoUrl: repoUrl(sandbox, 'to-delete'),
    });
    expect(gone.outputs.action).toBe('absent');
  });

  it("deletes when the task asks so, whatever the standard's default", async () => {
    await portalRepository('rolled-back');
    const done = await runAction(action('archive'), {
      repoUrl: repoUrl(sandbox, 'rolled-back'),
      mode: 'delete',
    });
    expect(done.outputs.action).toBe('deleted');
    expect(sandbox.github.repository('acme', 'rolled-back')).toBeUndefined();
  });

  it("archives one marked by its custom property, and refuses another entity's", async () => {
    const octokit = sandbox.github.octokit(PERSON_TOKEN);
    await octokit.request(
      'PUT /orgs/{org}/properties/schema/{custom_property_name}',
      {
        org: 'acme',
        custom_property_name: 'portal-entity-ref',
        value_type: 'string',
      },
    );
    for (const name of ['marked', 'marked-for-another']) {
      await octokit.repos.createInOrg({
        org: 'acme',
        name,
        custom_properties: {
          'portal-entity-ref': `component:default/${
            name === 'marked' ? name : 'someone-else'
          }`,
        },
      } as any);
    }
    const done = await runAction(action(), {
      repoUrl: repoUrl(sandbox, 'marked'),
    });
    expect(done.outputs.action).toBe('archived');
    sandbox.clearRequests();
    const refused = await runAction(action(), {
      repoUrl: repoUrl(sandbox, 'marked-for-another'),
    });
    expect(refused.error?.name).toBe('ConflictError');
    expect(refused.error?.message).toContain(
      `its custom property 'portal-entity-ref' is "component:default/someone-else"`,
    );
    expect(sandbox.writes()).toEqual([]);
  });

  it('refuses a repository the portal did not create', async () => {
    await sandbox.github
      .octokit(PERSON_TOKEN)
      .repos.createInOrg({ org: 'acme', name: 'precious' });
    sandbox.clearRequests();
    const { error } = await runAction(action('delete'), {
      repoUrl: repoUrl(sandbox, 'precious'),
    });
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toContain('acme/precious');
    expect(sandbox.writes()).toEqual([]);
    expect(sandbox.github.repository('acme', 'precious')).toBeDefined();
  });

  it('says in a dry run what archiving would do, and writes nothing', async () => {
    await portalRepository('dry-archive');
    const auditor = mockServices.auditor.mock();
    const dryRun = async () => {
      const logger = capturingLogger();
      const result = await runAction(
        action('archive', auditor),
        { repoUrl: repoUrl(sandbox, 'dry-archive') },
        { dryRun: true, logger },
      );
      return { ...result, log: logger.lines.join('\n') };
    };

    sandbox.clearRequests();
    const planned = await dryRun();
    expect(planned.error).toBeUndefined();
    expect(planned.outputs.action).toBe('archived');
    expect(planned.log).toContain(
      `Dry run: ${sandbox.github.host}/acme/dry-archive: archived`,
    );
    expect(sandbox.writes()).toEqual([]);
    expect(sandbox.github.repository('acme', 'dry-archive')?.archived).toBe(
      false,
    );
    expect(planned.checkpoints).toEqual([]);
    expect(auditor.createEvent).not.toHaveBeenCalled();

    // Once archived, the dry run says there is nothing to do.
    await runAction(action('archive'), {
      repoUrl: repoUrl(sandbox, 'dry-archive'),
    });
    sandbox.clearRequests();
    const again = await dryRun();
    expect(again.outputs.action).toBe('unchanged');
    expect(sandbox.writes()).toEqual([]);

    // And a repository that is not there is absent, in a dry run too.
    const absent = await runAction(
      action('archive'),
      { repoUrl: repoUrl(sandbox, 'never-made') },
      { dryRun: true },
    );
    expect(absent.outputs.action).toBe('absent');
    expect(sandbox.writes()).toEqual([]);
  });

  it('refuses bad input before any call, naming each field', async () => {
    await portalRepository('kept');
    sandbox.clearRequests();
    const valid = repoUrl(sandbox, 'kept');
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { repoUrl: `${sandbox.github.host}?repo=kept` },
        'repoUrl: Invalid repo URL passed to publisher',
      ],
      [
        { repoUrl: `${sandbox.github.host}?owner=-acme&repo=kept` },
        "repoUrl.owner: '-acme' is not a GitHub organisation name",
      ],
      [
        { repoUrl: `${sandbox.github.host}?owner=globex&repo=kept` },
        "repoUrl.owner: 'globex' is not an organisation of platform.github.organizations (acme)",
      ],
      [
        { repoUrl: `${sandbox.github.host}?owner=acme&repo=kept.git` },
        "repoUrl.repo: 'kept.git' is not a repository name GitHub accepts",
      ],
      [{ repoUrl: valid, entityRef: 'group:default/kept' }, 'entityRef: '],
      [
        { repoUrl: valid, entityRef: `component:default/${'x'.repeat(60)}` },
        'entityRef: the marker topic',
      ],
      [
        { repoUrl: valid, mode: 'destroy' },
        'mode: "destroy" is not a clean-up mode (archive or delete)',
      ],
    ];
    // Only what is wrong: no entity ref is made up from an unreadable repoUrl.
    const unknownHost = await runAction(action('delete'), {
      repoUrl: 'unknown.example.com?owner=acme&repo=kept',
    });
    expect(unknownHost.error?.name).toBe('InputError');
    expect(unknownHost.error?.message).toBe(
      'repoUrl: No matching integration configuration for host unknown.example.com, please check your integrations config (expected <host>?owner=<organisation>&repo=<name>, a host of integrations.github)',
    );
    for (const [input, message] of cases) {
      const { error, outputs } = await runAction(action('delete'), input);
      expect(error?.name).toBe('InputError');
      expect(error?.message).toContain(message);
      expect(outputs).toEqual({});
    }
    // Every field at once, in one error.
    const { error } = await runAction(action('delete'), {
      repoUrl: `${sandbox.github.host}?owner=globex&repo=kept`,
      mode: 'destroy',
    });
    expect(error?.message).toBe(
      `mode: "destroy" is not a clean-up mode (archive or delete); repoUrl.owner: 'globex' is not an organisation of platform.github.organizations (acme)`,
    );
    expect(sandbox.github.requests.count()).toBe(0);
    expect(sandbox.github.repository('acme', 'kept')).toBeDefined();
  });
});
