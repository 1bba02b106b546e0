import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  startTestSandbox,
  waitFor,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import request from 'supertest';
import {
  portalPlatformConfig,
  validatedApp,
} from './__testUtils__/validatedApp';
import { ClusterWatch } from './services/ClusterWatch/ClusterWatch';
import { DeploymentStatusService } from './services/DeploymentStatus/DeploymentStatusService';

jest.setTimeout(60_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/web-team' },
};

const URL = '/entities/component/default/web';

/**
 * The router with response validation on: an answer that strays from
 * src/schema/openapi.yaml is a 500, so every test here also checks the spec.
 */
describe('router', () => {
  let sandbox: TestSandbox;
  let watch: ClusterWatch;
  let status: DeploymentStatusService;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      clusters: ['nonprod-cluster', 'prod-cluster'],
    });
    const platform = await portalPlatformConfig();
    const logger = mockServices.logger.mock();
    watch = new ClusterWatch(
      'nonprod-cluster',
      sandbox.cluster('nonprod-cluster').kubeConfig(),
      logger,
    );
    await watch.start();
    // prod-cluster is left unwatched, so production answers with an error.
    status = new DeploymentStatusService(
      platform,
      new Map([['nonprod-cluster', watch]]),
    );
    await sandbox.cluster('nonprod-cluster').kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'web-dev' },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: {
              name: 'web',
              namespace: 'web-dev',
              labels: { 'backstage.io/kubernetes-id': 'web' },
            },
            spec: {
              replicas: 1,
              selector: { matchLabels: { app: 'web' } },
              template: {
                metadata: {
                  labels: { app: 'web', 'backstage.io/kubernetes-id': 'web' },
                },
                spec: { containers: [{ name: 'app', image: 'acme/web:1' }] },
              },
            },
          },
        ],
      }),
    });
    await waitFor(
      () => watch.objects('web-dev').pods.some(p => p.status?.phase),
      10_000,
    );
  });
  afterAll(async () => {
    await watch.stop();
    await sandbox.stop();
  });

  const app = (
    options: {
      deny?: boolean;
      status?: { statusOf(e: Entity): unknown };
      onCatalogLookup?: (entityRef: string) => void;
      accessTtlMs?: number;
    } = {},
  ) =>
    validatedApp({
      status: options.status ?? status,
      entities: [entity],
      deny: options.deny,
      onCatalogLookup: options.onCatalogLookup,
      accessTtlMs: options.accessTtlMs,
    });

  it('answers the status as the spec describes it', async () => {
    const response = await request(await app()).get(URL);
    expect(response.status).toBe(200);
    const [dev, , production] = response.body.environments;
    expect(dev).toMatchObject({
      name: 'dev',
      namespace: 'web-dev',
      workloads: [{ kind: 'Deployment', name: 'web', image: 'acme/web:1' }],
    });
    expect(production.error).toBe('cluster prod-cluster is not configured');
  });

  it('answers 401, 403 and 404 with the error body of the spec', async () => {
    const anonymous = await request(await app())
      .get(URL)
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.name).toBe('AuthenticationError');

    const forbidden = await request(await app({ deny: true })).get(URL);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        'Not allowed to read the deployment status of component:default/web',
    });

    const missing = await request(await app()).get(
      '/entities/component/default/nobody',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'No entity component:default/nobody',
    );
  });

  it('refuses to send an answer the spec does not describe', async () => {
    const drifted = {
      statusOf: async (e: Entity) => ({
        ...(await status.statusOf(e)),
        unexpected: true,
      }),
    };
    const response = await request(await app({ status: drifted })).get(URL);
    expect(response.status).toBe(500);
    expect(response.body.error.message).toMatch(
      /response must NOT have additional properties/,
    );
  });

  it("keeps a caller's access for a while, per caller, and never a refusal", async () => {
    const lookups: string[] = [];
    const onCatalogLookup = (ref: string) => lookups.push(ref);
    const granted = await app({ onCatalogLookup });
    const asUser = (user: string) =>
      request(granted)
        .get(URL)
        .set('Authorization', mockCredentials.user.header(user));
    // A page refetching on signals: one lookup for its user.
    for (let i = 0; i < 3; i++) {
      expect((await asUser('user:default/ana')).status).toBe(200);
    }
    expect(lookups).toEqual(['component:default/web']);
    // Another user's access is their own.
    expect((await asUser('user:default/ben')).status).toBe(200);
    expect(lookups).toHaveLength(2);

    // Refused callers are asked again every time.
    lookups.length = 0;
    const refused = await app({ deny: true, onCatalogLookup });
    for (let i = 0; i < 2; i++) {
      expect((await request(refused).get(URL)).status).toBe(403);
    }
    expect(lookups).toHaveLength(2);

    // Once the access expires, the next request looks the entity up again.
    lookups.length = 0;
    const expiring = await app({ onCatalogLookup, accessTtlMs: 50 });
    expect((await request(expiring).get(URL)).status).toBe(200);
    await new Promise(resolve => setTimeout(resolve, 100));
    expect((await request(expiring).get(URL)).status).toBe(200);
    expect(lookups).toHaveLength(2);
  });
});
