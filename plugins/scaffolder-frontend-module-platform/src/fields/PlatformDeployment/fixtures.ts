import type {
  PlatformConfigResponse,
  PlatformTier,
  ServiceEnvironments,
} from '@internal/plugin-platform-common';

function tier(
  name: string,
  title: string,
  requests: [string, string],
  limits: [string, string],
  container: [string, string, string, string],
): PlatformTier {
  return {
    name,
    title,
    description: `The ${title} tier.`,
    quota: {
      requests: { cpu: requests[0], memory: requests[1] },
      limits: { cpu: limits[0], memory: limits[1] },
      pods: 10,
      services: 5,
      persistentVolumeClaims: 2,
    },
    limits: {
      defaultRequest: { cpu: container[0], memory: container[1] },
      default: { cpu: container[2], memory: container[3] },
    },
    podSecurity: 'restricted',
  };
}

/** What the platform backend answers for the repository's app-config.yaml. */
export const config: PlatformConfigResponse = {
  environments: [
    {
      name: 'dev',
      title: 'Development',
      cluster: 'nonprod-cluster',
      namespace: '{service}-{environment}',
      tiers: ['small', 'medium', 'gpu'],
      approval: false,
    },
    {
      name: 'staging',
      title: 'Staging',
      cluster: 'nonprod-cluster',
      namespace: '{service}-{environment}',
      tiers: ['small', 'medium', 'large', 'gpu'],
      approval: false,
    },
    {
      name: 'production',
      title: 'Production',
      cluster: 'prod-cluster',
      namespace: '{service}-{environment}',
      tiers: ['small', 'medium', 'large', 'gpu'],
      approval: true,
    },
  ],
  tiers: [
    tier(
      'small',
      'Small',
      ['1', '1Gi'],
      ['2', '2Gi'],
      ['100m', '128Mi', '500m', '256Mi'],
    ),
    tier(
      'medium',
      'Medium',
      ['2', '4Gi'],
      ['4', '8Gi'],
      ['250m', '256Mi', '1', '512Mi'],
    ),
    tier(
      'large',
      'Large',
      ['4', '8Gi'],
      ['8', '16Gi'],
      ['500m', '512Mi', '2', '1Gi'],
    ),
    {
      ...tier(
        'gpu',
        'GPU inference',
        ['4', '16Gi'],
        ['8', '32Gi'],
        ['1', '4Gi', '2', '8Gi'],
      ),
      quota: {
        requests: { cpu: '4', memory: '16Gi' },
        limits: { cpu: '8', memory: '32Gi' },
        pods: 10,
        services: 5,
        persistentVolumeClaims: 5,
        storage: '100Gi',
      },
      gpu: {
        resource: 'nvidia.com/gpu',
        perContainer: 1,
        quota: 2,
        nodeSelector: { 'nvidia.com/gpu.present': 'true' },
        tolerations: [
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ],
      },
    },
  ],
  maxServiceNameLength: 52,
};

/** What the platform backend answers for web, which has dev already. */
export const webEnvironments: ServiceEnvironments = {
  entityRef: 'component:default/web',
  environments: [
    {
      name: 'dev',
      title: 'Development',
      cluster: 'nonprod-cluster',
      namespace: 'web-dev',
      present: true,
      ownedBy: 'component:default/web',
    },
    {
      name: 'staging',
      title: 'Staging',
      cluster: 'nonprod-cluster',
      namespace: 'web-staging',
      present: false,
    },
    {
      name: 'production',
      title: 'Production',
      cluster: 'prod-cluster',
      namespace: 'web-production',
      present: false,
    },
  ],
  previews: [],
};
