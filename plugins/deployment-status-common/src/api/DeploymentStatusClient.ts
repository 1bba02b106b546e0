import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { EntityDeploymentStatus } from '../types';

/** The deployment status backend's API, as the frontend and other plugins call it. */
export interface DeploymentStatusApi {
  /** What runs of an entity, per environment in promotion order. */
  getEntityStatus(
    entityRef: CompoundEntityRef | string,
    options?: { token?: string },
  ): Promise<EntityDeploymentStatus>;
}

/** Finds a plugin's base URL (the shape of Backstage's discovery API). */
export interface DeploymentStatusDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** Calls the deployment status backend over HTTP. */
export class DeploymentStatusClient implements DeploymentStatusApi {
  private readonly discoveryApi: DeploymentStatusDiscovery;
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: DeploymentStatusDiscovery;
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }

  async getEntityStatus(
    entityRef: CompoundEntityRef | string,
    options?: { token?: string },
  ): Promise<EntityDeploymentStatus> {
    // A string ref without kind or namespace is not guessed at: the backend
    // answers for exactly one entity.
    const { kind, namespace, name } =
      typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    const baseUrl = await this.discoveryApi.getBaseUrl('deployment-status');
    const response = await this.fetchApi.fetch(`${baseUrl}/entities/${path}`, {
      headers: options?.token
        ? { Authorization: `Bearer ${options.token}` }
        : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as EntityDeploymentStatus;
  }
}
