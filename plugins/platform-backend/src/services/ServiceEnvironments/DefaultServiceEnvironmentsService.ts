import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  PREVIEW_ENVIRONMENT_PREFIX,
  namespaceFor,
  type PlatformConfig,
  type PlatformEnvironment,
  type ServiceEnvironment,
  type ServiceEnvironments,
} from '@internal/plugin-platform-common';
import {
  listServicePreviews,
  readServiceNamespace,
  type PlatformClusters,
  type ServiceNamespace,
} from '@internal/plugin-platform-node';
import type {
  ServiceEnvironmentsService,
  ServiceRef,
} from './ServiceEnvironmentsService';

/** A form is waiting: one attempt per cluster, and the plan step checks again. */
const READ = { attempts: 1 };

function describe({
  environment,
  namespace,
  live,
}: ServiceNamespace): ServiceEnvironment {
  return {
    name: environment.name,
    title: environment.title,
    cluster: environment.cluster,
    namespace,
    present: Boolean(live),
    ...(live?.entityRef && { ownedBy: live.entityRef }),
    ...(environment.preview && {
      suffix: environment.name.slice(PREVIEW_ENVIRONMENT_PREFIX.length),
    }),
    ...(live?.expiresAt && { expiresAt: live.expiresAt }),
  };
}

/**
 * Reads where a service has its namespaces off the clusters, with the same
 * reader as the environment-request template's plan step
 * (`readServiceNamespace`), so the form offers what the plan accepts. A
 * cluster that cannot be read gives its environments an `error`, and the
 * rest still answers.
 */
export class DefaultServiceEnvironmentsService
  implements ServiceEnvironmentsService
{
  constructor(
    private readonly options: {
      platform: PlatformConfig;
      clusters: PlatformClusters;
      logger: LoggerService;
    },
  ) {}

  async environmentsOf(service: ServiceRef): Promise<ServiceEnvironments> {
    const { platform } = this.options;
    const [environments, previews] = await Promise.all([
      Promise.all(
        platform.environments.map(environment =>
          this.environment(environment, service.name),
        ),
      ),
      this.previews(service),
    ]);
    return { entityRef: service.entityRef, environments, ...previews };
  }

  private async environment(
    environment: PlatformEnvironment,
    service: string,
  ): Promise<ServiceEnvironment> {
    try {
      return describe(
        await readServiceNamespace(
          this.options.clusters,
          environment,
          service,
          READ,
        ),
      );
    } catch (error) {
      const message = (error as Error).message;
      this.options.logger.warn(message);
      return {
        ...describe({
          environment,
          namespace: namespaceFor(environment, service),
        }),
        error: message,
      };
    }
  }

  private async previews(
    service: ServiceRef,
  ): Promise<Pick<ServiceEnvironments, 'previews' | 'previewsError'>> {
    try {
      const found = await listServicePreviews(
        this.options.clusters,
        this.options.platform,
        service,
        READ,
      );
      return {
        previews: found.filter(p => !p.live?.terminating).map(describe),
      };
    } catch (error) {
      const message = (error as Error).message;
      this.options.logger.warn(message);
      return { previews: [], previewsError: message };
    }
  }
}
