import { ResponseError } from '@backstage/errors';
import type { PlatformEnvironment, PlatformTier } from '../config/types';

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
    const baseUrl = await this.discoveryApi.getBaseUrl('platform');
    const response = await this.fetchApi.fetch(`${baseUrl}/config`, {
      headers: options?.token
        ? { Authorization: `Bearer ${options.token}` }
        : undefined,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as PlatformConfigResponse;
  }
}
