import type { Entity } from '@backstage/catalog-model';
import type {
  EntityDeploymentStatus,
  EnvironmentStatus,
  WorkloadStatus,
} from '@internal/plugin-deployment-status-common';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    annotations: {
      'backstage.io/kubernetes-id': 'web',
      'github.com/project-slug': 'acme/web',
      'backstage.io/source-location':
        'url:https://ghe.acme.example/acme/web/tree/main/',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export function workload(
  overrides: Partial<WorkloadStatus> = {},
): WorkloadStatus {
  return {
    kind: 'Deployment',
    name: 'web',
    image: 'acme/web:1.4.0',
    version: '1.4.0',
    replicas: { desired: 2, updated: 2, ready: 2, available: 2 },
    rollout: { state: 'complete' },
    commit: '0123456789abcdef0123456789abcdef01234567',
    deployedAt: minutesAgo(90),
    pods: [],
    ...overrides,
  };
}

export function environment(
  name: string,
  overrides: Partial<EnvironmentStatus> = {},
): EnvironmentStatus {
  return {
    name,
    title: name[0].toLocaleUpperCase('en-US') + name.slice(1),
    cluster: name === 'production' ? 'prod' : 'nonprod',
    namespace: `web-${name}`,
    workloads: [workload()],
    events: [],
    ...overrides,
  };
}

export function status(
  environments: EnvironmentStatus[],
): EntityDeploymentStatus {
  return {
    entityRef: 'component:default/web',
    kubernetesId: 'web',
    environments,
  };
}

export const healthy = status([
  environment('dev'),
  environment('staging'),
  environment('production'),
]);

export const progressing = status([
  environment('dev', {
    workloads: [
      workload({
        version: '1.5.0',
        replicas: { desired: 2, updated: 1, ready: 1, available: 1 },
        rollout: {
          state: 'progressing',
          reason: '1 of 2 updated replicas are available',
        },
        deployedAt: minutesAgo(2),
      }),
    ],
  }),
  environment('staging'),
  environment('production'),
]);

export const failed = status([
  environment('dev'),
  environment('staging', {
    workloads: [
      workload({
        version: '1.5.0',
        replicas: { desired: 2, updated: 1, ready: 1, available: 1 },
        rollout: {
          state: 'failed',
          reason:
            'ImagePullBackOff on web-7f9c-x2k4d: image acme/web:1.5.0 not found',
        },
        pods: [
          {
            name: 'web-7f9c-x2k4d',
            ready: false,
            restarts: 0,
            reason: 'ImagePullBackOff',
            message: 'Back-off pulling image "acme/web:1.5.0"',
          },
        ],
      }),
    ],
    events: [
      {
        object: 'Pod/web-7f9c-x2k4d',
        reason: 'Failed',
        message: 'Failed to pull image "acme/web:1.5.0": not found',
        count: 4,
        lastSeen: minutesAgo(1),
      },
    ],
  }),
  environment('production'),
]);

export const empty = status([
  environment('dev', { workloads: [] }),
  environment('staging', { workloads: [] }),
  environment('production', { workloads: [] }),
]);

export const partialError = status([
  environment('dev'),
  environment('staging'),
  environment('production', {
    workloads: [],
    error: 'connect ECONNREFUSED 10.0.0.1:6443',
  }),
]);

/** Staging runs main's head; production is three commits behind, and GitHub failed for dev. */
export const withGitHub = status([
  environment('dev', {
    github: {
      repository: 'acme/web',
      deployments: [],
      error: 'GitHub answered 502: Bad Gateway',
    },
  }),
  environment('staging', {
    github: {
      repository: 'acme/web',
      repositoryUrl: 'https://ghe.acme.example/acme/web',
      defaultBranch: 'main',
      headCommit: 'f'.repeat(40),
      deployedCommit: 'f'.repeat(40),
      behindBy: 0,
      deployments: [
        {
          id: 12,
          sha: 'f'.repeat(40),
          ref: 'main',
          createdAt: minutesAgo(5),
          state: 'success',
          url: 'https://ghe.acme.example/acme/web/deployments/staging',
        },
      ],
    },
  }),
  environment('production', {
    github: {
      repository: 'acme/web',
      repositoryUrl: 'https://ghe.acme.example/acme/web',
      defaultBranch: 'main',
      headCommit: 'f'.repeat(40),
      deployedCommit: '0123456789abcdef0123456789abcdef01234567',
      behindBy: 3,
      deployments: [
        {
          id: 11,
          sha: '0123456789abcdef0123456789abcdef01234567',
          ref: 'main',
          createdAt: minutesAgo(90),
          state: 'success',
          url: 'https://ci.acme.example/runs/11',
        },
        {
          id: 10,
          sha: 'e'.repeat(40),
          ref: 'main',
          createdAt: minutesAgo(180),
          state: 'failure',
          url: 'https://ci.acme.example/runs/10',
        },
      ],
    },
  }),
]);

/** Alerts fire in production; dev has none; Alertmanager failed for staging. */
export const withAlerts = status([
  environment('dev', { alerts: { firing: [] } }),
  environment('staging', {
    alerts: {
      firing: [],
      error: 'Could not read alerts from Alertmanager: fetch failed',
    },
  }),
  environment('production', {
    alerts: {
      firing: [
        {
          name: 'SloAvailabilityBurn',
          severity: 'page',
          summary:
            'web in production is burning its availability error budget 14.4 times too fast',
          startsAt: minutesAgo(12),
          runbookUrl: 'https://runbooks.acme.example/web',
        },
        {
          name: 'SloLatencyBurn',
          severity: 'ticket',
          summary: 'web in production is burning its latency error budget',
          startsAt: minutesAgo(240),
        },
      ],
    },
  }),
]);
