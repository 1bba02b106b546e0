import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { PlatformEnvironment, PlatformTier } from '../config/types';
import type { NameAvailability } from './availability';
import type { ServiceEnvironments } from './environments';

/** What `GET /api/platform/config` answers: what a template form may offer. */
export interface PlatformConfigResponse {
  /** In promotion order. */
  environments: PlatformEnvironment[];
  tiers: PlatformTier[];
  /** The longest service name whose namespaces fit in every environment. */
  maxServiceNameLength: number;
}

/** The platform backend's API, as the frontend and other plugins call it. */
export interface PlatformApi {
  getConfig(options?: { token?: string }): Promise<PlatformConfigResponse>;
  /**
   * Whether a service name is valid and its repository and namespaces are
   * free. The repository's owner and host default to the portal's first
   * GitHub organisation and integration.
   */
  getNameAvailability(
    name: string,
    options?: { owner?: string; host?: string; token?: string },
  ): Promise<NameAvailability>;
  /**
   * Where a service (a Component the caller may read) has its namespaces:
   * per environment, and its previews. A ref given as text defaults to
   * kind component and namespace default.
   */
  getServiceEnvironments(
    entityRef: string | CompoundEntityRef,
    options?: { token?: string },
  ): Promise<ServiceEnvironments>;
}

/** Finds a plugin's base URL (the shape of Backstage's discovery API). */
export interface PlatformDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/** Calls the platform backend over HTTP. */
export class PlatformClient implements PlatformApi {
  private readonly discoveryApi: PlatformDiscovery;
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: PlatformDiscovery;
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: globalThis.fetch };
  }

  async getConfig(options?: {
    token?: string;
  }): Promise<PlatformConfigResponse> {
    return this.get<PlatformConfigResponse>('/config', options?.token);
  }

  async getNameAvailability(
    name: string,
    options?: { owner?: string; host?: string; token?: string },
  ): Promise<NameAvailability> {
    const query = new URLSearchParams();
    if (options?.owner) query.set('owner', options.owner);
    if (options?.host) query.set('host', options.host);
    const search = query.toString();
    return this.get<NameAvailability>(
      `/names/${encodeURIComponent(name)}/availability${
        search ? `?${search}` : ''
      }`,
      options?.token,
    );
  }

  async getServiceEnvironments(
    entityRef: string | CompoundEntityRef,
    options?: { token?: string },
  ): Promise<ServiceEnvironments> {
    const ref = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    const path = [ref.kind, ref.namespace, ref.name]
      .map(part => encodeURIComponent(part))
      .join('/');
    return this.get<ServiceEnvironments>(
      `/entities/${path}/environments`,
      options?.token,
    );
  }

  private async get<T>(path: string, token: string | undefined): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('platform');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
