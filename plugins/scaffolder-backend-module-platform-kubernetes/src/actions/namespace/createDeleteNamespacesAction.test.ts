import { mockServices } from '@backstage/backend-test-utils';
import type { ConfigReader } from '@backstage/config';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import yaml from 'yaml';
import {
  clustersFor,
  configFor,
  portalPlatformConfig,
  startTestClusters,
} from '../../__testUtils__/testClusters';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import { createDeleteNamespacesAction } from './createDeleteNamespacesAction';
import { examples } from './createDeleteNamespacesAction.examples';
import { createEnsureNamespacesAction } from './createEnsureNamespacesAction';

jest.setTimeout(30_000);

describe('platform:kubernetes:namespace:delete', () => {
  let sandbox: TestSandbox;
  let config: ConfigReader;

  beforeAll(async () => {
    sandbox = await startTestClusters();
    config = configFor(sandbox, await portalPlatformConfig());
  });
  afterAll(() => sandbox.stop());

  const auditor = mockServices.auditor.mock();
  const deps = () => ({
    config,
    clusters: clustersFor(config),
    auditor,
    logger: mockServices.logger.mock(),
  });
  const deleteEvents = () =>
    auditor.createEvent.mock.calls
      .map(([event]) => event)
      .filter(event => event.eventId === 'namespace-delete');

  const run = runAction;

  const ensure = (name: string, taskId = 'task-1') =>
    run(
      createEnsureNamespacesAction(deps()),
      {
        name,
        owner: 'group:default/payments-team',
        environments: ['dev', 'production'],
        tier: 'small',
      },
      { taskId },
    );
  const remove = (input: Record<string, unknown>, options = {}) =>
    run(
      createDeleteNamespacesAction({ ...deps(), pollIntervalMs: 20 }),
      input,
      options,
    );
  const exists = (cluster: string, namespace: string) =>
    Boolean(sandbox.cluster(cluster).get('v1', 'Namespace', namespace));

  it('deletes the portal namespaces of the service and waits until they are gone', async () => {
    expect((await ensure('ledger')).error).toBeUndefined();
    auditor.createEvent.mockClear();
    const { outputs, error, checkpoints } = await remove({ name: 'ledger' });
    expect(error).toBeUndefined();
    expect(checkpoints).toEqual([
      'delete.namespace.nonprod-cluster.ledger-dev',
      'delete.namespace.nonprod-cluster.ledger-staging',
      'delete.namespace.prod-cluster.ledger-production',
    ]);
    // Each environment is recorded, the absent one too.
    expect(deleteEvents()).toEqual(
      ['ledger-dev', 'ledger-staging', 'ledger-production'].map(namespace =>
        expect.objectContaining({
          severityLevel: 'high',
          meta: expect.objectContaining({
            taskId: 'task-1',
            entityRef: 'component:default/ledger',
            namespace,
          }),
        }),
      ),
    );
    expect(
      outputs.environments.map(
        (e: any) => `${e.environment} ${e.namespace} ${e.action}`,
      ),
    ).toEqual([
      'dev ledger-dev deleted',
      'staging ledger-staging absent',
      'production ledger-production deleted',
    ]);
    expect(exists('nonprod-cluster', 'ledger-dev')).toBe(false);
    expect(exists('prod-cluster', 'ledger-production')).toBe(false);
    // Again: nothing left to do.
    const again = await remove({ name: 'ledger', environments: ['dev'] });
    expect(again.outputs.environments[0].action).toBe('absent');
  });

  it('refuses a namespace the portal did not create, and leaves it', async () => {
    await sandbox
      .cluster('nonprod-cluster')
      .kubectl(['create', 'namespace', 'handmade-dev']);
    const { error } = await remove({ name: 'handmade', environments: ['dev'] });
    expect(error?.name).toBe('ConflictError');
    expect(error?.message).toBe(
      'Namespace handmade-dev on cluster nonprod-cluster was not created by the portal (no app.kubernetes.io/managed-by=developer-portal label); delete it by hand if it should go',
    );
    expect(exists('nonprod-cluster', 'handmade-dev')).toBe(true);
  });

  it('refuses a namespace of another entity', async () => {
    expect((await ensure('shared')).error).toBeUndefined();
    const { error } = await remove({
      name: 'shared',
      environments: ['dev'],
      entityRef: 'component:default/someone-else',
    });
    expect(error?.message).toBe(
      'Namespace shared-dev on cluster nonprod-cluster belongs to component:default/shared, not component:default/someone-else',
    );
    expect(exists('nonprod-cluster', 'shared-dev')).toBe(true);
  });

  it('keeps namespaces another task created when cleaning up after this one', async () => {
    expect((await ensure('retry-me', 'first-task')).error).toBeUndefined();
    const { outputs } = await remove(
      { name: 'retry-me', environments: ['dev'], onlyThisTask: true },
      { taskId: 'second-task' },
    );
    expect(outputs.environments[0].action).toBe('kept');
    expect(exists('nonprod-cluster', 'retry-me-dev')).toBe(true);
  });

  it('refuses an unknown environment, naming it, before any call', async () => {
    sandbox.clearRequests();
    const { error } = await remove({
      name: 'invoice-service',
      environments: ['dev', 'qa'],
    });
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /^environments\[1\]: 'qa' is not an environment of this portal \(dev, staging, production/,
    );
    expect(sandbox.writes()).toEqual([]);
  });

  it('fails after its timeout while the namespace stays Terminating, naming it and what remains, and completes when run again', async () => {
    expect((await ensure('stuck')).error).toBeUndefined();
    const core = sandbox
      .cluster('nonprod-cluster')
      .kubeConfig()
      .makeApiClient(CoreV1Api);
    // Something of another controller's, which holds it until it is done.
    await core.createNamespacedConfigMap({
      namespace: 'stuck-dev',
      body: {
        metadata: { name: 'held', finalizers: ['example.com/hold'] },
      },
    });

    const started = Date.now();
    const first = await remove({
      name: 'stuck',
      environments: ['dev'],
      timeoutSeconds: 1,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(first.error?.name).toBe('ServiceUnavailableError');
    expect(first.error?.message).toBe(
      'Namespace stuck-dev on cluster nonprod-cluster is still terminating after 1 s: Some resources are remaining: configmaps. has 1 resource instances; Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances; run again once it can go',
    );
    expect(
      (await core.readNamespace({ name: 'stuck-dev' })).status?.phase,
    ).toBe('Terminating');

    // Still held: a re-run waits again and fails the same way, deleting nothing else.
    const held = await remove({
      name: 'stuck',
      environments: ['dev'],
      timeoutSeconds: 0.2,
    });
    expect(held.error?.message).toMatch(
      /^Namespace stuck-dev on cluster nonprod-cluster is still terminating after 0.2 s: /,
    );

    // Run again, and the other controller finishes while it waits.
    const running = remove({
      name: 'stuck',
      environments: ['dev'],
      timeoutSeconds: 10,
    });
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(exists('nonprod-cluster', 'stuck-dev')).toBe(true);
    await core.patchNamespacedConfigMap(
      {
        name: 'held',
        namespace: 'stuck-dev',
        body: { metadata: { finalizers: null } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const again = await running;
    expect(again.error).toBeUndefined();
    expect(again.outputs.environments).toEqual([
      {
        environment: 'dev',
        cluster: 'nonprod-cluster',
        namespace: 'stuck-dev',
        action: 'deleted',
      },
    ]);
    expect(exists('nonprod-cluster', 'stuck-dev')).toBe(false);
  });

  it('writes nothing in a dry run', async () => {
    expect((await ensure('dry')).error).toBeUndefined();
    sandbox.clearRequests();
    auditor.createEvent.mockClear();
    const { outputs } = await remove({ name: 'dry' }, { dryRun: true });
    expect(outputs.environments.map((e: any) => e.action)).toEqual([
      'deleted',
      'absent',
      'deleted',
    ]);
    expect(sandbox.writes()).toEqual([]);
    expect(deleteEvents()).toEqual([]);
    expect(exists('nonprod-cluster', 'dry-dev')).toBe(true);
  });

  it.each(examples.map(example => [example.description, example]))(
    'runs the example: %s',
    async (_description, example) => {
      expect((await ensure('invoice-service')).error).toBeUndefined();
      for (const step of yaml.parse(example.example).steps) {
        const { error } = await remove(step.input);
        expect(error).toBeUndefined();
      }
      expect(exists('nonprod-cluster', 'invoice-service-dev')).toBe(false);
    },
  );
});
