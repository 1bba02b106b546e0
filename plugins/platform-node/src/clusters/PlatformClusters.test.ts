import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  routeCloudTokensToSandbox,
  startTestSandbox,
  testServiceAccountKey,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import { PlatformClusters } from './PlatformClusters';

describe('PlatformClusters', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      clusters: [
        {
          name: 'nonprod',
          tokens: [{ token: 'portal-token', user: 'developer-portal' }],
        },
      ],
    });
  });
  afterAll(() => sandbox.stop());

  function clustersWith(
    cluster: Record<string, unknown>,
    platform: JsonObject = {},
  ) {
    return PlatformClusters.fromConfig(
      new ConfigReader({
        platform,
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'nonprod',
                  url: sandbox.cluster('nonprod').url,
                  authProvider: 'serviceAccount',
                  ...cluster,
                },
              ],
            },
          ],
        },
      }),
      { logger: mockServices.logger.mock() },
    );
  }

  it('connects with the service account token and CA of the kubernetes config', async () => {
    const clusters = clustersWith({
      serviceAccountToken: 'portal-token',
      caData: Buffer.from(sandbox.cluster('nonprod').caCert!).toString(
        'base64',
      ),
    });
    expect(clusters.names()).toEqual(['nonprod']);
    const api = (await clusters.kubeConfig('nonprod')).makeApiClient(CoreV1Api);
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
  });

  it('refuses a server whose certificate it cannot verify', async () => {
    const clusters = clustersWith({ serviceAccountToken: 'portal-token' });
    const api = (await clusters.kubeConfig('nonprod')).makeApiClient(CoreV1Api);
    await expect(api.listNamespace()).rejects.toThrow(/certificate/);
  });

  it('sends the configured token, which the cluster checks', async () => {
    const clusters = clustersWith({
      serviceAccountToken: 'wrong-token',
      skipTLSVerify: true,
    });
    const api = (await clusters.kubeConfig('nonprod')).makeApiClient(CoreV1Api);
    await expect(api.listNamespace()).rejects.toMatchObject({ code: 401 });
  });

  it('abandons a call the cluster does not answer within the configured time', async () => {
    const clusters = clustersWith(
      { serviceAccountToken: 'portal-token', skipTLSVerify: true },
      { kubernetes: { requestTimeout: '300ms' } },
    );
    const api = await clusters.apiClient('nonprod', CoreV1Api);
    const fault = sandbox.cluster('nonprod').faults.add({
      path: '/api/v1/namespaces',
      latencyMs: 5_000,
      times: 1,
    });
    const started = Date.now();
    await expect(api.listNamespace()).rejects.toMatchObject({
      name: 'AbortError',
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(4_000);
    expect(fault.hits).toBe(1);
    // The next call, answered at once, goes through on the same client.
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
  });

  it('gives an applier the same timeout', async () => {
    const clusters = clustersWith(
      { serviceAccountToken: 'portal-token', skipTLSVerify: true },
      { kubernetes: { requestTimeout: { milliseconds: 200 } } },
    );
    const applier = await clusters.applier('nonprod');
    const fault = sandbox.cluster('nonprod').faults.add({
      path: '/api/v1/namespaces/default',
      latencyMs: 5_000,
    });
    try {
      await expect(
        applier.read({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'default' },
        }),
      ).rejects.toThrow(
        'Could not read Namespace default on cluster nonprod: the cluster did not answer within 0.2 s, on any of the attempts',
      );
      // Tried 4 times in all, as server and network errors are.
      expect(fault.hits).toBe(4);
    } finally {
      fault.remove();
    }
  });

  it('names the known clusters when asked for another', () => {
    expect(() => clustersWith({}).details('prod')).toThrow(
      "No cluster 'prod' in kubernetes.clusterLocatorMethods (known: nonprod)",
    );
  });
});

describe('PlatformClusters with cloud auth providers', () => {
  const ACCESS_KEY_ID = 'AKIASANDBOXPORTAL01';
  const SECRET_ACCESS_KEY = 'sandbox/portal/secret-access-key-0123456789';
  const AWS_ENV = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_REGION',
    'AWS_PROFILE',
  ];
  const AZURE_CLIENT = {
    tenantId: '0b9f1d5c-7a3e-4c2b-9d8e-5f6a7b8c9d01',
    clientId: '3f2a6c1e-8b4d-4e7f-a1c2-d3e4f5a6b7c8',
    clientSecret: 'sandbox~portal~client-secret-0123456789',
  };
  const AZURE_ENV = [
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_CLIENT_CERTIFICATE_PATH',
    'AZURE_USERNAME',
    'AZURE_PASSWORD',
    'AZURE_AUTHORITY_HOST',
  ];
  const savedEnv: Record<string, string | undefined> = {};
  const google = testServiceAccountKey(
    'developer-portal@sandbox-project.iam.gserviceaccount.com',
  );
  let sandbox: TestSandbox;
  let unrouteGoogle: () => void;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      google: {
        serviceAccounts: [
          { email: google.key.client_email, publicKey: google.publicKey },
        ],
      },
      azure: { clients: [AZURE_CLIENT] },
      clusters: [
        {
          name: 'gke-nonprod',
          google: { serviceAccounts: [{ email: google.key.client_email }] },
        },
        {
          name: 'aks-nonprod',
          azure: {
            clients: [
              {
                tenantId: AZURE_CLIENT.tenantId,
                clientId: AZURE_CLIENT.clientId,
                user: 'developer-portal',
              },
            ],
          },
        },
        {
          name: 'eks-nonprod',
          awsIam: {
            clusterId: 'eks-nonprod',
            identities: [
              {
                accessKeyId: ACCESS_KEY_ID,
                secretAccessKey: SECRET_ACCESS_KEY,
                user: 'developer-portal',
              },
            ],
          },
        },
      ],
    });
    for (const key of [...AWS_ENV, ...AZURE_ENV]) {
      savedEnv[key] = process.env[key];
    }
    unrouteGoogle = routeCloudTokensToSandbox(sandbox.google);
  });
  afterAll(async () => {
    unrouteGoogle?.();
    await sandbox.stop();
  });
  beforeEach(() => {
    for (const key of AWS_ENV) delete process.env[key];
    process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_ACCESS_KEY;
    for (const key of AZURE_ENV) delete process.env[key];
    process.env.AZURE_TENANT_ID = AZURE_CLIENT.tenantId;
    process.env.AZURE_CLIENT_ID = AZURE_CLIENT.clientId;
    process.env.AZURE_CLIENT_SECRET = AZURE_CLIENT.clientSecret;
  });
  afterEach(() => {
    for (const key of [...AWS_ENV, ...AZURE_ENV]) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  function clustersOf(
    clusters: Array<Record<string, unknown>>,
    kubernetes: JsonObject = {},
  ) {
    return PlatformClusters.fromConfig(
      new ConfigReader({
        kubernetes: {
          ...kubernetes,
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: clusters.map(cluster => ({
                caData: Buffer.from(
                  sandbox.cluster(cluster.sandboxCluster as string).caCert!,
                ).toString('base64'),
                url: sandbox.cluster(cluster.sandboxCluster as string).url,
                ...Object.fromEntries(
                  Object.entries(cluster).filter(
                    ([key]) => key !== 'sandboxCluster',
                  ),
                ),
              })),
            },
          ],
        },
      }),
      { logger: mockServices.logger.mock() },
    );
  }

  it('reaches an EKS cluster with a token signed with the AWS credentials of the environment', async () => {
    const clusters = clustersOf([
      {
        name: 'eks-nonprod',
        sandboxCluster: 'eks-nonprod',
        authProvider: 'aws',
      },
    ]);
    const token = (await clusters.kubeConfig('eks-nonprod')).getCurrentUser()
      ?.token;
    expect(token).toMatch(/^k8s-aws-v1\./);
    sandbox.clearRequests();
    const api = await clusters.apiClient('eks-nonprod', CoreV1Api);
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
    expect(sandbox.cluster('eks-nonprod').requests.entries.at(-1)?.user).toBe(
      'developer-portal',
    );
  });

  it('signs for the cluster id of authMetadata kubernetes.io/x-k8s-aws-id when the config names the cluster otherwise', async () => {
    const clusters = clustersOf([
      {
        name: 'nonprod',
        sandboxCluster: 'eks-nonprod',
        authProvider: 'aws',
        authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'eks-nonprod' },
      },
    ]);
    const api = (await clusters.kubeConfig('nonprod')).makeApiClient(CoreV1Api);
    await expect(api.listNamespace()).resolves.toBeDefined();
  });

  it('names the cluster when it refuses the AWS credentials', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret-key';
    const clusters = clustersOf([
      {
        name: 'eks-nonprod',
        sandboxCluster: 'eks-nonprod',
        authProvider: 'aws',
      },
    ]);
    const applier = await clusters.applier('eks-nonprod');
    await expect(
      applier.read({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'default' },
      }),
    ).rejects.toThrow(
      'Could not read Namespace default on cluster eks-nonprod: HTTP 401 Unauthorized',
    );
  });

  it('reaches a GKE cluster with the access token of the configured service account key', async () => {
    const clusters = clustersOf(
      [
        {
          name: 'gke-nonprod',
          sandboxCluster: 'gke-nonprod',
          authProvider: 'googleServiceAccount',
        },
        {
          name: 'eks-nonprod',
          sandboxCluster: 'eks-nonprod',
          authProvider: 'aws',
        },
      ],
      { googleServiceAccountCredentials: JSON.stringify(google.key) },
    );
    expect(clusters.names()).toEqual(['gke-nonprod', 'eks-nonprod']);
    sandbox.clearRequests();
    const api = await clusters.apiClient('gke-nonprod', CoreV1Api);
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
    expect(sandbox.cluster('gke-nonprod').requests.entries.at(-1)?.user).toBe(
      google.key.client_email,
    );
    // Both clusters of one config, each with its own provider.
    const eks = (await clusters.kubeConfig('eks-nonprod')).makeApiClient(
      CoreV1Api,
    );
    await expect(eks.listNamespace()).resolves.toBeDefined();
  });

  it('names the cluster when the service account key is refused', async () => {
    const forged = {
      ...google.key,
      private_key: testServiceAccountKey().key.private_key,
    };
    const clusters = clustersOf(
      [
        {
          name: 'gke-nonprod',
          sandboxCluster: 'gke-nonprod',
          authProvider: 'googleServiceAccount',
        },
      ],
      { googleServiceAccountCredentials: JSON.stringify(forged) },
    );
    await expect(clusters.kubeConfig('gke-nonprod')).rejects.toThrow(
      'Could not get credentials for cluster gke-nonprod (auth provider googleServiceAccount): invalid_grant: Invalid JWT Signature.',
    );
  });

  it('reaches an AKS cluster with an Entra ID token for the client of the environment', async () => {
    const clusters = clustersOf([
      {
        name: 'aks-nonprod',
        sandboxCluster: 'aks-nonprod',
        authProvider: 'azure',
      },
    ]);
    sandbox.azure.requests.clear();
    sandbox.clearRequests();
    const api = await clusters.apiClient('aks-nonprod', CoreV1Api);
    const namespaces = await api.listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
    expect(sandbox.cluster('aks-nonprod').requests.entries.at(-1)?.user).toBe(
      'developer-portal',
    );
    expect(sandbox.azure.requests.entries).toMatchObject([
      {
        method: 'POST',
        path: `/${AZURE_CLIENT.tenantId}/oauth2/v2.0/token`,
        status: 200,
      },
    ]);
  });

  it('names the cluster when Entra ID refuses the client secret', async () => {
    process.env.AZURE_CLIENT_SECRET = 'not-the-client-secret';
    const clusters = clustersOf([
      {
        name: 'aks-nonprod',
        sandboxCluster: 'aks-nonprod',
        authProvider: 'azure',
      },
    ]);
    await expect(clusters.kubeConfig('aks-nonprod')).rejects.toThrow(
      /^Could not get credentials for cluster aks-nonprod \(auth provider azure\): .*AADSTS7000215: Invalid client secret provided/s,
    );
  });
});
