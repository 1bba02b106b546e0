import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  LABELS,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_LABELS,
  PORTAL_NAME,
  type NameAvailability,
} from '@internal/plugin-platform-common';
import { useTestSandbox } from '@internal/sandbox/testUtils';
import { CoreV1Api } from '@kubernetes/client-node';
import request from 'supertest';
import { platformPlugin } from './plugin';

jest.setTimeout(30_000);

const small = {
  name: 'small',
  title: 'Small',
  quota: {
    requests: { cpu: '1', memory: '1Gi' },
    limits: { cpu: '2', memory: '2Gi' },
    pods: 10,
    services: 5,
    persistentVolumeClaims: 2,
  },
  limits: {
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    default: { cpu: '500m', memory: '256Mi' },
  },
};

describe('GET /api/platform/names/:name/availability', () => {
  const sandbox = useTestSandbox({
    clusters: ['nonprod-cluster', 'prod-cluster'],
  });

  async function start(platform: object = {}) {
    const config = sandbox.config();
    const { server } = await startTestBackend({
      features: [
        platformPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            platform: {
              environments: [
                { name: 'dev', cluster: 'nonprod-cluster', tiers: ['small'] },
                {
                  name: 'staging',
                  cluster: 'nonprod-cluster',
                  tiers: ['small'],
                },
                {
                  name: 'production',
                  cluster: 'prod-cluster',
                  tiers: ['small'],
                },
              ],
              tiers: [small],
              github: { organizations: ['acme', 'acme-labs'] },
              ...platform,
            },
          },
        }),
      ],
    });
    return server;
  }

  async function availability(
    server: Awaited<ReturnType<typeof start>>,
    path: string,
  ): Promise<NameAvailability> {
    const response = await request(server).get(`/api/platform/names/${path}`);
    expect(response.status).toBe(200);
    return response.body;
  }

  const core = (cluster: string) =>
    sandbox.cluster(cluster).kubeConfig().makeApiClient(CoreV1Api);

  it('says a new name is free on GitHub and in every environment', async () => {
    const server = await start();
    expect(await availability(server, 'invoice-service/availability')).toEqual({
      name: 'invoice-service',
      valid: true,
      violations: [],
      repository: {
        host: sandbox.github.host,
        owner: 'acme',
        repo: 'invoice-service',
        free: true,
      },
      namespaces: [
        {
          environment: 'dev',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-dev',
          free: true,
        },
        {
          environment: 'staging',
          cluster: 'nonprod-cluster',
          namespace: 'invoice-service-staging',
          free: true,
        },
        {
          environment: 'production',
          cluster: 'prod-cluster',
          namespace: 'invoice-service-production',
          free: true,
        },
      ],
    });
    // Reads only.
    expect(sandbox.writes()).toEqual([]);
  });

  it('says what is taken: the repository, a namespace of the portal with its owner, and one made by hand', async () => {
    await sandbox.github
      .octokit()
      .rest.repos.createInOrg({ org: 'acme', name: 'ledger' });
    await core('nonprod-cluster').createNamespace({
      body: {
        metadata: {
          name: 'ledger-dev',
          labels: {
            [LABELS.managedBy]: PORTAL_NAME,
            [NAMESPACE_LABELS.service]: 'ledger',
            [NAMESPACE_LABELS.environment]: 'dev',
          },
          annotations: {
            [NAMESPACE_ANNOTATIONS.entityRef]: 'component:default/ledger',
          },
        },
      },
    });
    await core('prod-cluster').createNamespace({
      body: { metadata: { name: 'ledger-production' } },
    });
    sandbox.clearRequests();

    const server = await start();
    const answer = await availability(server, 'ledger/availability');
    expect(answer.valid).toBe(true);
    expect(answer.repository).toEqual({
      host: sandbox.github.host,
      owner: 'acme',
      repo: 'ledger',
      free: false,
    });
    expect(answer.namespaces).toEqual([
      {
        environment: 'dev',
        cluster: 'nonprod-cluster',
        namespace: 'ledger-dev',
        free: false,
        ownedBy: 'component:default/ledger',
      },
      {
        environment: 'staging',
        cluster: 'nonprod-cluster',
        namespace: 'ledger-staging',
        free: true,
      },
      {
        environment: 'production',
        cluster: 'prod-cluster',
        namespace: 'ledger-production',
        free: false,
      },
    ]);
    expect(sandbox.writes()).toEqual([]);
  });

  it("takes a renamed repository's old name as free, as GitHub does", async () => {
    const octokit = sandbox.github.octokit();
    await octokit.rest.repos.createInOrg({ org: 'acme', name: 'billing' });
    await octokit.rest.repos.update({
      owner: 'acme',
      repo: 'billing',
      name: 'billing-v1',
    });
    const server = await start();
    const answer = await availability(server, 'billing/availability');
    expect(answer.repository.free).toBe(true);
    const renamed = await availability(server, 'billing-v1/availability');
    expect(renamed.repository.free).toBe(false);
  });

  it('checks the repository in another organisation and host when asked, and refuses others', async () => {
    const server = await start();
    const answer = await availability(
      server,
      `payments/availability?owner=acme-labs&host=${sandbox.github.host}`,
    );
    expect(answer.repository).toMatchObject({
      owner: 'acme-labs',
      repo: 'payments',
      free: true,
    });

    const otherOwner = await request(server).get(
      '/api/platform/names/payments/availability?owner=elsewhere',
    );
    expect(otherOwner.status).toBe(400);
    expect(otherOwner.body.error.message).toBe(
      "owner: 'elsewhere' is not one of platform.github.organizations (acme, acme-labs)",
    );
    const otherHost = await request(server).get(
      '/api/platform/names/payments/availability?host=gitlab.example',
    );
    expect(otherHost.status).toBe(400);
    expect(otherHost.body.error.message).toBe(
      // Backstage's integrations add github.com when it is not configured.
      `host: 'gitlab.example' is not a host of integrations.github (${sandbox.github.host}, github.com)`,
    );
    const twice = await request(server).get(
      '/api/platform/names/payments/availability?owner=acme&owner=acme-labs',
    );
    expect(twice.status).toBe(400);
    // Refused at the edge, by the OpenAPI spec.
    expect(twice.body.error.message).toBe('request/query/owner must be string');
    const empty = await request(server).get(
      '/api/platform/names/payments/availability?host=',
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe(
      "Empty value found for query parameter 'host'",
    );
  });

  it('gives every rule an invalid name breaks, and calls nothing for it', async () => {
    const server = await start();
    const answer = await availability(server, 'kube-Bad_/availability');
    expect(answer.valid).toBe(false);
    // The name itself, and its namespace in each environment, are reserved.
    expect(answer.violations.map(v => [v.field, v.rule])).toEqual([
      ['name', 'dns-label'],
      ['name', 'reserved'],
      ['name', 'reserved'],
      ['name', 'reserved'],
      ['name', 'reserved'],
    ]);
    expect(answer.repository).toMatchObject({
      free: false,
      error: 'not checked: the name breaks the naming rules',
    });
    expect(answer.namespaces.map(n => [n.free, n.error])).toEqual([
      [false, 'not checked: the name breaks the naming rules'],
      [false, 'not checked: the name breaks the naming rules'],
      [false, 'not checked: the name breaks the naming rules'],
    ]);
    const tooLong = await availability(
      server,
      `${'a'.repeat(60)}/availability`,
    );
    expect(tooLong.violations.map(v => v.rule)).toEqual(['max-length']);
    expect(sandbox.clusters.map(c => c.requests.count())).toEqual([0, 0]);
    expect(sandbox.github.requests.count()).toBe(0);
  });

  it('answers the rest when GitHub or a cluster is down', async () => {
    const server = await start();
    sandbox.github.faults.add({ path: '/api/v3/repos/*', reset: 'request' });
    sandbox.cluster('prod-cluster').faults.add({
      path: '/api/v1/namespaces/*',
      status: 503,
    });
    const answer = await availability(server, 'orders/availability');
    expect(answer.repository.free).toBe(false);
    expect(answer.repository.error).toMatch(
      /^Could not read the repository acme\/orders on 127\.0\.0\.1:\d+: GitHub did not answer \(/,
    );
    expect(answer.namespaces).toEqual([
      expect.objectContaining({ namespace: 'orders-dev', free: true }),
      expect.objectContaining({ namespace: 'orders-staging', free: true }),
      {
        environment: 'production',
        cluster: 'prod-cluster',
        namespace: 'orders-production',
        free: false,
        error: expect.stringMatching(
          /^Could not read Namespace orders-production on cluster prod-cluster: HTTP 503/,
        ),
      },
    ]);

    sandbox.github.faults.clear();
    sandbox.github.faults.add({ path: '/api/v3/repos/*', status: 502 });
    const failed = await availability(server, 'shipping/availability');
    expect(failed.repository.error).toMatch(
      /^Could not read the repository acme\/shipping on 127\.0\.0\.1:\d+: GitHub answered 502 \(/,
    );
  });

  it('keeps an answer a few seconds, so a form asking again makes no calls', async () => {
    const server = await start();
    await availability(server, 'catalogue/availability');
    const calls = () =>
      sandbox.github.requests.count() +
      sandbox.clusters.reduce((sum, c) => sum + c.requests.count(), 0);
    const first = calls();
    expect(first).toBe(4);
    await availability(server, 'catalogue/availability');
    expect(calls()).toBe(first);
    // Another organisation is another question.
    await availability(server, 'catalogue/availability?owner=acme-labs');
    expect(calls()).toBe(first + 4);
  });

  it('answers users and services, and refuses anonymous callers', async () => {
    const server = await start();
    await request(server)
      .get('/api/platform/names/web/availability')
      .set('Authorization', mockCredentials.service.header())
      .expect(200);
    const anonymous = await request(server)
      .get('/api/platform/names/web/availability')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('says what is missing when GitHub is not configured', async () => {
    const server = await start({ github: undefined });
    const answer = await availability(server, 'reports/availability');
    expect(answer.repository).toEqual({
      host: sandbox.github.host,
      owner: '',
      repo: 'reports',
      free: false,
      error:
        'no GitHub organisation is configured (platform.github.organizations)',
    });
    expect(answer.namespaces.every(n => n.free)).toBe(true);
  });
});
