import { mockServices } from '@backstage/backend-test-utils';
import type { ConfigReader } from '@backstage/config';
import {
  NAMESPACE_ANNOTATIONS,
  readPlatformConfig,
} from '@internal/plugin-platform-common';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import type { TestSandbox } from '@internal/sandbox/testUtils';
import {
  clustersFor,
  configFor,
  objectApi,
  portalPlatformConfig,
  startTestClusters,
} from '../__testUtils__/testClusters';
import { createEnsureNamespacesAction } from '../actions';
import { reapExpiredPreviews } from './reapExpiredPreviews';

jest.setTimeout(30_000);

const HOUR = 60 * 60 * 1000;

describe('reapExpiredPreviews', () => {
  let sandbox: TestSandbox;
  let config: ConfigReader;
  const start = new Date('2026-12-02T08:00:00.000Z');

  beforeAll(async () => {
    sandbox = await startTestClusters();
    config = configFor(sandbox, await portalPlatformConfig());
  });
  afterAll(() => sandbox.stop());

  const namespace = (name: string) =>
    sandbox.cluster('nonprod-cluster').get('v1', 'Namespace', name);

  /** A preview of `service` through the ensure action, expiring `hours` after start. */
  async function preview(service: string, suffix: string, hours: number) {
    const { error } = await runAction(
      createEnsureNamespacesAction({
        config,
        clusters: clustersFor(config),
        auditor: mockServices.auditor.mock(),
        logger: mockServices.logger.mock(),
        now: () => start,
      }),
      {
        name: service,
        owner: 'group:default/payments-team',
        environments: [`preview-${suffix}`],
        tier: 'small',
        expiresAt: new Date(start.getTime() + hours * HOUR).toISOString(),
      },
    );
    expect(error).toBeUndefined();
  }

  it('deletes the expired preview namespaces the portal manages, and nothing else, auditing each', async () => {
    await preview('cart', 'pr-1', 1);
    await preview('cart', 'pr-2', 5);
    expect(
      namespace('cart-preview-pr-1')?.metadata?.annotations?.[
        NAMESPACE_ANNOTATIONS.expiresAt
      ],
    ).toBe('2026-12-02T09:00:00.000Z');
    // Someone else's namespace with the same annotation, as kubectl would
    // create it: no managed-by label, so never the reaper's.
    await objectApi(sandbox, 'nonprod-cluster').create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'hand-made',
        annotations: {
          [NAMESPACE_ANNOTATIONS.expiresAt]: '2026-12-01T00:00:00Z',
        },
      },
    });

    const auditor = mockServices.auditor.mock();
    const logger = mockServices.logger.mock();
    const reap = (now: Date) =>
      reapExpiredPreviews({
        clusters: clustersFor(config),
        platform: readPlatformConfig(config),
        auditor,
        logger,
        now,
      });

    expect(await reap(new Date(start.getTime() + 0.5 * HOUR))).toEqual([]);

    const reaped = await reap(new Date(start.getTime() + 2 * HOUR));
    expect(reaped).toEqual([
      {
        cluster: 'nonprod-cluster',
        namespace: 'cart-preview-pr-1',
        expiresAt: '2026-12-02T09:00:00.000Z',
        entityRef: 'component:default/cart',
      },
    ]);
    expect(auditor.createEvent).toHaveBeenCalledTimes(1);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'preview-namespace-expire',
      severityLevel: 'high',
      meta: {
        cluster: 'nonprod-cluster',
        namespace: 'cart-preview-pr-1',
        expiresAt: '2026-12-02T09:00:00.000Z',
        entityRef: 'component:default/cart',
        service: 'cart',
      },
    });
    expect(logger.info).toHaveBeenCalledWith(
      'Deleted preview namespace cart-preview-pr-1 on cluster nonprod-cluster of component:default/cart: it expired at 2026-12-02T09:00:00.000Z',
    );
    // Deleted (Terminating, then gone), the others untouched.
    for (let i = 0; i < 100 && namespace('cart-preview-pr-1'); i++) {
      await new Promise(r => setTimeout(r, 50));
    }
    expect(namespace('cart-preview-pr-1')).toBeUndefined();
    expect(namespace('cart-preview-pr-2')).toBeDefined();
    expect(namespace('hand-made')).toBeDefined();

    // The next run after the second one's expiry.
    expect(
      (await reap(new Date(start.getTime() + 6 * HOUR))).map(r => r.namespace),
    ).toEqual(['cart-preview-pr-2']);
    expect(namespace('hand-made')).toBeDefined();
  });

  it('leaves a namespace whose expiry is no time alone, with a warning', async () => {
    await objectApi(sandbox, 'nonprod-cluster').create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'odd-preview-x',
        labels: { 'app.kubernetes.io/managed-by': 'developer-portal' },
        annotations: { [NAMESPACE_ANNOTATIONS.expiresAt]: 'tomorrow' },
      },
    });
    const logger = mockServices.logger.mock();
    const reaped = await reapExpiredPreviews({
      clusters: clustersFor(config),
      platform: readPlatformConfig(config),
      auditor: mockServices.auditor.mock(),
      logger,
      now: new Date('2030-01-01T00:00:00Z'),
    });
    expect(reaped.map(r => r.namespace)).not.toContain('odd-preview-x');
    expect(logger.warn).toHaveBeenCalledWith(
      "Namespace odd-preview-x on cluster nonprod-cluster has developer-portal.acme.example/expires-at 'tomorrow', which is no RFC 3339 time: left alone",
    );
    expect(namespace('odd-preview-x')).toBeDefined();
  });
});
