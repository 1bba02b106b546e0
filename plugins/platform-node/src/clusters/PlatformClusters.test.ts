import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  startTestSandbox,
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

  function clustersWith(cluster: Record<string, unknown>) {
    return PlatformClusters.fromConfig(
      new ConfigReader({
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

  it('names the known clusters when asked for another', () => {
    expect(() => clustersWith({}).details('prod')).toThrow(
      "No cluster 'prod' in kubernetes.clusterLocatorMethods (known: nonprod)",
    );
  });
});
