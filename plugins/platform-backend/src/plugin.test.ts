import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { platformPlugin } from './plugin';

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

const config = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'nonprod',
            url: 'https://127.0.0.1:6443',
            authProvider: 'serviceAccount',
          },
        ],
      },
    ],
  },
  platform: {
    environments: [
      { name: 'dev', cluster: 'nonprod', tiers: ['small'] },
      {
        name: 'production',
        title: 'Production',
        cluster: 'nonprod',
        tiers: ['small'],
        approval: true,
      },
    ],
    tiers: [small],
  },
};

function startWith(data: object) {
  return startTestBackend({
    features: [platformPlugin, mockServices.rootConfig.factory({ data })],
  });
}

describe('platform plugin', () => {
  it('serves environments in promotion order and tiers with their quotas', async () => {
    const { server } = await startWith(config);
    const response = await request(server).get('/api/platform/config');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      environments: [
        {
          name: 'dev',
          title: 'dev',
          cluster: 'nonprod',
          namespace: '{service}-{environment}',
          tiers: ['small'],
          approval: false,
        },
        {
          name: 'production',
          title: 'Production',
          cluster: 'nonprod',
          namespace: '{service}-{environment}',
          tiers: ['small'],
          approval: true,
        },
      ],
      tiers: [{ ...small, podSecurity: 'restricted' }],
      maxServiceNameLength: 52,
    });
  });

  it('answers services too, and refuses anonymous callers', async () => {
    const { server } = await startWith(config);
    await request(server)
      .get('/api/platform/config')
      .set('Authorization', mockCredentials.service.header())
      .expect(200);
    const anonymous = await request(server)
      .get('/api/platform/config')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it("serves a service's environments to signed-in callers only", async () => {
    const { server } = await startWith(config);
    const anonymous = await request(server)
      .get('/api/platform/entities/component/default/web/environments')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('fails startup naming the environment whose cluster is unknown', async () => {
    await expect(
      startWith({
        ...config,
        platform: {
          ...config.platform,
          environments: [
            { name: 'dev', cluster: 'elsewhere', tiers: ['small'] },
          ],
        },
      }),
    ).rejects.toThrow(
      "Invalid platform config: platform.environments[0].cluster of environment 'dev' names cluster 'elsewhere', which kubernetes.clusterLocatorMethods does not declare (declared: nonprod)",
    );
  });
});
