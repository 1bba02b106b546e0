import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { PlatformConfigError, readPlatformConfig } from './readPlatformConfig';
import { loadPortalConfig } from '../testUtils';

const clusters = {
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        { name: 'nonprod', url: 'https://127.0.0.1:1' },
        { name: 'prod', url: 'https://127.0.0.1:2' },
      ],
    },
  ],
};

const small = {
  name: 'small',
  quota: {
    requests: { cpu: '1', memory: '1Gi' },
    limits: { cpu: 2, memory: '2Gi' },
    pods: 10,
    services: 5,
    persistentVolumeClaims: 2,
  },
  limits: {
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    default: { cpu: '500m', memory: '256Mi' },
  },
};

function platformWith(platform: JsonObject, kubernetes: JsonObject = clusters) {
  return new ConfigReader({ kubernetes, platform });
}

const valid = {
  environments: [
    { name: 'dev', cluster: 'nonprod', tiers: ['small'] },
    {
      name: 'production',
      cluster: 'prod',
      tiers: ['small'],
      approval: true,
      namespace: 'svc-{service}',
    },
  ],
  tiers: [small],
};

/** The problems of a config that must be refused. */
function problemsOf(config: ConfigReader): string[] {
  try {
    readPlatformConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformConfigError);
    return (error as PlatformConfigError).problems;
  }
  throw new Error('Expected the config to be refused');
}

describe('readPlatformConfig', () => {
  it('reads environments in order, with defaults', () => {
    const platform = readPlatformConfig(platformWith(valid));
    expect(platform.environments).toEqual([
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
        title: 'production',
        cluster: 'prod',
        namespace: 'svc-{service}',
        tiers: ['small'],
        approval: true,
      },
    ]);
    expect(platform.tiers[0]).toMatchObject({
      name: 'small',
      title: 'small',
      podSecurity: 'restricted',
      quota: { limits: { cpu: '2', memory: '2Gi' }, pods: 10 },
    });
    expect(platform.teamLimits).toEqual({ default: {}, teams: {} });
  });

  it('reads an empty config as no environments and no tiers', () => {
    expect(readPlatformConfig(new ConfigReader({}))).toEqual({
      environments: [],
      tiers: [],
      teamLimits: { default: {}, teams: {} },
    });
  });

  it('reads GPU fields and team caps', () => {
    const platform = readPlatformConfig(
      platformWith({
        ...valid,
        tiers: [
          {
            ...small,
            gpu: {
              perContainer: 1,
              quota: 2,
              nodeSelector: [{ key: 'nvidia.com/gpu.present', value: 'true' }],
              tolerations: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
            },
          },
        ],
        teamLimits: {
          default: { namespaces: 30, cpu: '40', memory: '80Gi' },
          teams: [{ group: 'data-team', namespaces: 60 }],
        },
      }),
    );
    expect(platform.tiers[0].gpu).toEqual({
      resource: 'nvidia.com/gpu',
      perContainer: 1,
      quota: 2,
      nodeSelector: { 'nvidia.com/gpu.present': 'true' },
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    expect(platform.teamLimits).toEqual({
      default: { namespaces: 30, cpu: '40', memory: '80Gi' },
      teams: { 'group:default/data-team': { namespaces: 60 } },
    });
  });

  it('names the environment whose cluster is unknown', () => {
    expect(
      problemsOf(
        platformWith({
          ...valid,
          environments: [
            { name: 'dev', cluster: 'elsewhere', tiers: ['small'] },
          ],
        }),
      ),
    ).toEqual([
      "platform.environments[0].cluster of environment 'dev' names cluster 'elsewhere', which kubernetes.clusterLocatorMethods does not declare (declared: nonprod, prod)",
    ]);
  });

  it('cannot check clusters a locator finds at run time', () => {
    const platform = readPlatformConfig(
      platformWith(
        {
          ...valid,
          environments: [
            { name: 'dev', cluster: 'from-catalog', tiers: ['small'] },
          ],
        },
        {
          clusterLocatorMethods: [
            ...clusters.clusterLocatorMethods,
            { type: 'catalog' },
          ],
        },
      ),
    );
    expect(platform.environments[0].cluster).toBe('from-catalog');
  });

  it('refuses every fault at once, each naming its key', () => {
    const problems = problemsOf(
      platformWith({
        environments: [
          { name: 'dev', cluster: 'nonprod', tiers: ['small', 'huge'] },
          { name: 'dev', cluster: 'nonprod', tiers: ['small'] },
          { name: 'Prod', cluster: 'prod', tiers: [], namespace: '{team}-x' },
        ],
        tiers: [
          {
            ...small,
            quota: { ...small.quota, requests: { cpu: 'lots', memory: '1Gi' } },
          },
          { ...small, name: 'unused', podSecurity: 'lax' },
        ],
      }),
    );
    expect(problems).toEqual([
      "platform.tiers[0].quota.requests.cpu must be a Kubernetes quantity such as 500m, 2 or 1Gi, got 'lots'",
      "platform.tiers[1].podSecurity must be one of restricted, baseline, privileged, got 'lax'",
      "platform.environments[0].tiers[1] names tier 'huge', which platform.tiers does not define",
      "platform.environments[1].name repeats environment 'dev'",
      "platform.environments[2].name must be a DNS-1123 label (lowercase letters, digits and '-'), got 'Prod'",
      "platform.environments[2].namespace must contain {service}, so each service gets a namespace of its own, got '{team}-x'",
      'platform.environments[2].tiers must name at least one tier',
      "platform.tiers[1] defines tier 'unused', which no environment of platform.environments allows",
    ]);
  });

  it('refuses limits that the API server or the quota would refuse', () => {
    expect(
      problemsOf(
        platformWith({
          ...valid,
          tiers: [
            {
              ...small,
              limits: {
                defaultRequest: { cpu: '1', memory: '128Mi' },
                default: { cpu: '500m', memory: '4Gi' },
                max: { cpu: '2', memory: '1Gi' },
              },
            },
          ],
        }),
      ),
    ).toEqual([
      'platform.tiers[0].limits.defaultRequest.cpu must not exceed limits.default.cpu (500m)',
      'platform.tiers[0].limits.default.memory must not exceed limits.max.memory (1Gi)',
      'platform.tiers[0].limits.default.memory must fit in quota.limits.memory (2Gi), or no pod could start',
    ]);
  });

  it('refuses a naming rule that gives names Kubernetes refuses', () => {
    expect(
      problemsOf(
        platformWith({
          ...valid,
          environments: [
            {
              name: 'dev',
              cluster: 'nonprod',
              tiers: ['small'],
              namespace: '{service}_{environment}',
            },
          ],
        }),
      ),
    ).toEqual([
      "platform.environments[0].namespace must give DNS-1123 labels of at most 63 characters, but gives 'a_dev' for a service named 'a'",
    ]);
  });

  it('refuses team caps that are not numbers or quantities, and unknown groups', () => {
    expect(
      problemsOf(
        platformWith({
          ...valid,
          teamLimits: {
            default: { namespaces: 2.5, memory: 'plenty' },
            teams: [{ group: 'user:default/alex', namespaces: 1 }],
          },
        }),
      ),
    ).toEqual([
      "platform.teamLimits.teams[0].group must be a group entity ref, got 'user:default/alex'",
      'platform.teamLimits.default.namespaces must be a whole number of at least 0, got 2.5',
      "platform.teamLimits.default.memory must be a Kubernetes quantity such as 500m, 2 or 1Gi, got 'plenty'",
    ]);
  });

  it('reads previews, with a default time-to-live and reap interval', () => {
    expect(
      readPlatformConfig(
        platformWith({
          ...valid,
          previews: { cluster: 'nonprod', tier: 'small', maxTtlHours: 12 },
        }),
      ).previews,
    ).toEqual({
      cluster: 'nonprod',
      tier: 'small',
      defaultTtlHours: 12,
      maxTtlHours: 12,
      reapIntervalMinutes: 5,
    });
    expect(readPlatformConfig(platformWith(valid)).previews).toBeUndefined();
  });

  it('refuses previews on an unknown cluster or tier, or with a default time-to-live over the maximum, naming each key', () => {
    expect(
      problemsOf(
        platformWith({
          ...valid,
          previews: {
            cluster: 'elsewhere',
            tier: 'huge',
            maxTtlHours: 0,
            defaultTtlHours: 48,
            reapIntervalMinutes: 0.5,
          },
        }),
      ),
    ).toEqual([
      "platform.previews.cluster names cluster 'elsewhere', which kubernetes.clusterLocatorMethods does not declare (declared: nonprod, prod)",
      "platform.previews.tier names tier 'huge', which platform.tiers does not define",
      'platform.previews.maxTtlHours must be a whole number of at least 1, got 0',
      'platform.previews.defaultTtlHours must not exceed maxTtlHours (0), got 48',
      'platform.previews.reapIntervalMinutes must be a whole number of at least 1, got 0.5',
    ]);
  });

  it("reads the portal's own app-config.yaml", async () => {
    const platform = readPlatformConfig(await loadPortalConfig());
    expect(platform.environments.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'production',
    ]);
    expect(platform.tiers.map(t => t.name)).toEqual([
      'small',
      'medium',
      'large',
      'gpu',
    ]);
    expect(platform.tiers.find(t => t.name === 'gpu')?.gpu).toBeDefined();
    expect(platform.previews).toEqual({
      cluster: 'nonprod-cluster',
      tier: 'small',
      defaultTtlHours: 24,
      maxTtlHours: 168,
      reapIntervalMinutes: 5,
    });
  });
});
