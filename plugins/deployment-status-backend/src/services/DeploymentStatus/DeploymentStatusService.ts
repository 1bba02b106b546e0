import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  EntityDeploymentStatus,
  EnvironmentStatus,
} from '@internal/plugin-deployment-status-common';
import {
  CATALOG_ANNOTATIONS,
  LABELS,
  namespaceFor,
  type PlatformConfig,
} from '@internal/plugin-platform-common';
import { dashboardUid } from '@internal/plugin-platform-node';
import type { ClusterWatch } from '../ClusterWatch/ClusterWatch';
import type { AlertmanagerAlerts } from '../Alerts/AlertmanagerAlerts';
import type { GitHubStatus } from '../GitHubStatus/GitHubStatus';
import { buildEnvironmentStatus } from './buildEnvironmentStatus';

/**
 * What runs of an entity in every environment, read from the clusters'
 * shared caches only: answering never calls a Kubernetes API. What GitHub
 * knows (deployments, commits behind) and the alerts firing come from their
 * own short-lived caches.
 */
export class DeploymentStatusService {
  constructor(
    private readonly platform: PlatformConfig,
    private readonly watches: Map<string, ClusterWatch>,
    private readonly sources: {
      github?: GitHubStatus;
      alerts?: AlertmanagerAlerts;
      /** Grafana as people reach it, to link the dashboards of wired services. */
      dashboardBaseUrl?: string;
    } = {},
  ) {}

  /** The `backstage.io/kubernetes-id` of an entity, its name by default. */
  static kubernetesIdOf(entity: Entity): string {
    return (
      entity.metadata.annotations?.[LABELS.kubernetesId] ?? entity.metadata.name
    );
  }

  async statusOf(entity: Entity): Promise<EntityDeploymentStatus> {
    const kubernetesId = DeploymentStatusService.kubernetesIdOf(entity);
    // The observability actions wrote this annotation when they built the dashboards.
    const wired =
      this.sources.dashboardBaseUrl !== undefined &&
      !!entity.metadata.annotations?.[
        CATALOG_ANNOTATIONS.grafanaDashboardSelector
      ];
    const environments: EnvironmentStatus[] = this.platform.environments.map(
      environment => {
        const namespace = namespaceFor(environment, kubernetesId);
        const base = {
          name: environment.name,
          title: environment.title,
          cluster: environment.cluster,
          namespace,
          ...(wired && {
            dashboardUrl: `${this.sources.dashboardBaseUrl}/d/${dashboardUid({
              service: kubernetesId,
              environment: environment.name,
            })}`,
          }),
        };
        const watch = this.watches.get(environment.cluster);
        const error = watch
          ? watch.error()
          : `cluster ${environment.cluster} is not configured`;
        if (!watch || error) {
          return { ...base, workloads: [], events: [], error };
        }
        return {
          ...base,
          ...buildEnvironmentStatus(watch.objects(namespace), kubernetesId),
        };
      },
    );
    const [github, alerts] = await Promise.all([
      this.sources.github?.of(
        entity,
        environments.map(environment => ({
          name: environment.name,
          runningCommit: environment.workloads.find(w => w.commit)?.commit,
        })),
      ),
      this.sources.alerts?.of(
        kubernetesId,
        environments.map(environment => environment.name),
      ),
    ]);
    return {
      entityRef: stringifyEntityRef(entity),
      kubernetesId,
      environments: environments.map(environment => {
        const fromGitHub = github?.get(environment.name);
        const firing = alerts?.get(environment.name);
        return {
          ...environment,
          ...(fromGitHub && { github: fromGitHub }),
          ...(firing && { alerts: firing }),
        };
      }),
    };
  }
}
