import { ConfigReader } from '@backstage/config';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import {
  LimitRange,
  Namespace,
  ResourceQuota,
  ServiceAccount,
} from 'kubernetes-models/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { portalPlatformConfig } from '../__testUtils__/testClusters';
import { readKubernetesSettings } from '../settings';
import { namespaceObjects } from './namespaceObjects';

const MODELS: Record<string, { validate(): void } & any> = {
  Namespace,
  ResourceQuota,
  LimitRange,
  ServiceAccount,
  NetworkPolicy,
  RoleBinding,
};

describe('namespaceObjects', () => {
  async function objectsFor(tierName: string, kubernetes: object = {}) {
    const platform = readPlatformConfig(
      new ConfigReader({
        platform: await portalPlatformConfig(),
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                { name: 'nonprod-cluster', url: 'https://127.0.0.1:1' },
                { name: 'prod-cluster', url: 'https://127.0.0.1:2' },
              ],
            },
          ],
        },
      }),
    );
    const settings = readKubernetesSettings(
      new ConfigReader({ platform: { kubernetes } }),
    );
    return namespaceObjects(
      {
        service: 'web',
        environment: 'dev',
        namespace: 'web-dev',
        tier: platform.tiers.find(t => t.name === tierName)!,
        owner: { kind: 'group', namespace: 'default', name: 'web-team' },
        entityRef: 'component:default/web',
        taskId: 't-1',
      },
      settings,
    );
  }

  it.each(['small', 'gpu'])(
    'gives objects that the Kubernetes schemas accept (%s)',
    async tier => {
      for (const object of await objectsFor(tier)) {
        const Model = MODELS[object.kind];
        expect(Model).toBeDefined();
        expect(() => new Model(object).validate()).not.toThrow();
      }
    },
  );

  it('binds the configured group names and view groups', async () => {
    const objects = await objectsFor('small', {
      groupSubject: 'acme:{name}',
      viewGroups: ['group:default/sre-team'],
      ciServiceAccount: 'deployer',
    });
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/web-dev',
      'ResourceQuota/tier-quota',
      'LimitRange/tier-limits',
      'RoleBinding/team-edit',
      'RoleBinding/team-view',
      'NetworkPolicy/default-deny-ingress',
      'NetworkPolicy/allow-platform-ingress',
      'ServiceAccount/deployer',
      'RoleBinding/deployer-edit',
    ]);
    expect(objects[3].subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'acme:web-team',
      },
    ]);
    expect(objects[4].subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'acme:sre-team',
      },
    ]);
  });

  it("uses the tier's pod security level", async () => {
    const [namespace] = await objectsFor('small');
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });
});
