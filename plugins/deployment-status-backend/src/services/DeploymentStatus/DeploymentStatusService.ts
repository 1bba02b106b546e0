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
import { SingleFlightCache } from '../cache/SingleFlightCache';
import { buildEnvironmentStatus } from './buildEnvironmentStatus';

/**
 * How long an answer is shared by an entity's viewers when none of its
 * objects changes: a change drops it at once, so this only bounds how late
 * a cluster's going down, GitHub or the alerts show.
 */
const ANSWER_TTL_MS = 1000;
/** The most entities' answers kept; the oldest go first. */
const MAX_ANSWERS = 1000;

/**
 * What runs of an entity in every environment, read from the clusters'
 * shared caches only: answering never calls a Kubernetes API. What GitHub
 * knows (deployments, commits behind) and the alerts firing come from their
 * own short-lived caches.
 */
export class DeploymentStatusService {
  /**
   * Answers per entity, shared by everyone viewing it: a signal sends all
   * open pages of a service here at once, and one answer serves them all.
   */
  private readonly answers: SingleFlightCache<EntityDeploymentStatus>;

  constructor(
    private readonly platform: PlatformConfig,
    private readonly watches: Map<string, ClusterWatch>,
    private readonly sources: {
      github?: GitHubStatus;
      alerts?: AlertmanagerAlerts;
      /** Grafana as people reach it, to link the dashboards of wired services. */
      dashboardBaseUrl?: string;
      /** How long an unchanged entity's answer is shared; ANSWER_TTL_MS by default. */
      answerTtlMs?: number;
    } = {},
  ) {
    // An answer missing a part that may come back (a watched cluster,
    // GitHub, the alerts) is not shared past its own callers: the next
    // viewer asks that part again. A cluster not configured stays so.
    this.answers = new SingleFlightCache(
      sources.answerTtlMs ?? ANSWER_TTL_MS,
      MAX_ANSWERS,
      Date.now,
      answer =>
        answer.environments.every(
          e =>
            !(e.error && watches.has(e.cluster)) &&
            !e.github?.error &&
            !e.alerts?.error,
        ),
    );
    for (const watch of watches.values()) {
      watch.onChange(object => {
        const id = watch.kubernetesIdOf(object);
        if (id) this.answers.forget(key => key.startsWith(`${id}\t`));
      });
    }
  }

  /** The `backstage.io/kubernetes-id` of an entity, its name by default. */
  static kubernetesIdOf(entity: Entity): string {
    return (
      entity.metadata.annotations?.[LABELS.kubernetesId] ?? entity.metadata.name
    );
  }

  /** The entity's status everywhere, as its viewers share it. */
  statusOf(entity: Entity): Promise<EntityDeploymentStatus> {
    const kubernetesId = DeploymentStatusService.kubernetesIdOf(entity);
    // The entity's etag changes with it: new annotations are a new answer.
    const key = [
      kubernetesId,
      stringifyEntityRef(entity),
      entity.metadata.etag ?? '',
    ].join('\t');
    return this.answers.get(key, () => this.read(entity));
  }

  private async read(entity: Entity): Promise<EntityDeploymentStatus> {
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
