import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  KubeConfig,
  KubernetesObjectApi,
  ServerConfiguration,
  createConfiguration,
  type ApiConstructor,
  type ApiType,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  DispatchStrategy,
  GoogleServiceAccountStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { ObjectApplier } from '../apply/ObjectApplier';
import { readCatalogClusters } from './readCatalogClusters';
import { readClusterDetails } from './readClusterDetails';

/** How long one call may take when `platform.kubernetes.requestTimeout` is not set. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** How long clusters read from the catalog are used before they are read again. */
const CATALOG_CLUSTERS_MAX_AGE_MS = 60_000;

/** Where the `catalog` cluster locators of the config find their clusters. */
export interface CatalogClusterSource {
  catalog: CatalogService;
  /** The caller's own service credentials are used to read the catalog. */
  auth: AuthService;
}

/**
 * Client configurations for the clusters of the `kubernetes` config, with
 * credentials from the same auth strategies the upstream Kubernetes backend
 * uses for server-side access (service account, AWS, Google service account,
 * Azure), so there is one source of truth for clusters and their access.
 * Credentials are fetched per call, since cloud tokens expire.
 */
export class PlatformClusters {
  private readonly clusters: Map<string, ClusterDetails>;
  private readonly auth: AuthenticationStrategy;
  private readonly requestTimeoutMs: number;

  /**
   * With `catalog`, the clusters of `catalog` cluster locators are read from
   * the catalog (Resource entities of type `kubernetes-cluster`) when a
   * cluster is asked for by a name the config does not have; without it,
   * such locators are skipped with a warning.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; catalog?: CatalogClusterSource },
  ): PlatformClusters {
    const auth = new DispatchStrategy({
      authStrategyMap: {
        serviceAccount: new ServiceAccountStrategy(),
        aws: new AwsIamStrategy({ config }),
        googleServiceAccount: new GoogleServiceAccountStrategy({ config }),
        azure: new AzureIdentityStrategy(options.logger),
        localKubectlProxy: new AnonymousStrategy(),
      },
    });
    const key = 'platform.kubernetes.requestTimeout';
    const requestTimeoutMs = config.has(key)
      ? durationToMilliseconds(readDurationFromConfig(config, { key }))
      : DEFAULT_REQUEST_TIMEOUT_MS;
    const catalogLocators = (
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
    ).filter(locator => locator.getString('type') === 'catalog');
    if (catalogLocators.length && !options.catalog) {
      options.logger.warn(
        'The catalog cluster locator of kubernetes.clusterLocatorMethods is not read here: no catalog service was given',
      );
    }
    return new PlatformClusters(readClusterDetails(config), auth, {
      requestTimeoutMs,
      ...(options.catalog &&
        catalogLocators.length && {
          catalog: {
            read: async () => {
              const credentials =
                await options.catalog!.auth.getOwnServiceCredentials();
              const found: ClusterDetails[] = [];
              for (const locator of catalogLocators) {
                found.push(
                  ...(await readCatalogClusters({
                    catalog: options.catalog!.catalog,
                    credentials,
                    locator,
                    logger: options.logger,
                  })),
                );
              }
              return found;
            },
          },
        }),
    });
  }

  private catalogClusters = new Map<string, ClusterDetails>();
  private catalogReadAt = 0;
  private readonly readCatalog?: () => Promise<ClusterDetails[]>;

  constructor(
    clusters: ClusterDetails[],
    auth: AuthenticationStrategy,
    options: {
      requestTimeoutMs?: number;
      /** Reads the clusters that locators find at run time (the catalog's). */
      catalog?: { read: () => Promise<ClusterDetails[]> };
    } = {},
  ) {
    this.clusters = new Map(clusters.map(cluster => [cluster.name, cluster]));
    this.auth = auth;
    this.requestTimeoutMs =
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.readCatalog = options.catalog?.read;
  }

  /** The names of the clusters: the config's in order, then those last read from the catalog. */
  names(): string[] {
    return [
      ...new Set([...this.clusters.keys(), ...this.catalogClusters.keys()]),
    ];
  }

  /**
   * A cluster's details: the config's, else the catalog's (read again when
   * the name is unknown or what was read is over a minute old); an
   * `InputError` naming the known ones when there is none.
   */
  async resolve(name: string): Promise<ClusterDetails> {
    const configured = this.clusters.get(name);
    if (configured) {
      return configured;
    }
    if (
      this.readCatalog &&
      (!this.catalogClusters.has(name) ||
        Date.now() - this.catalogReadAt > CATALOG_CLUSTERS_MAX_AGE_MS)
    ) {
      const read = await this.readCatalog();
      this.catalogClusters = new Map(read.map(c => [c.name, c]));
      this.catalogReadAt = Date.now();
    }
    return this.details(name);
  }

  /** A cluster's details as known now; an `InputError` naming the known ones when there is none. */
  details(name: string): ClusterDetails {
    const cluster = this.clusters.get(name) ?? this.catalogClusters.get(name);
    if (!cluster) {
      throw new InputError(
        `No cluster '${name}' in kubernetes.clusterLocatorMethods (known: ${
          this.names().join(', ') || 'none'
        })`,
      );
    }
    return cluster;
  }

  private async credentialOf(
    cluster: ClusterDetails,
  ): Promise<KubernetesCredential> {
    // A configured service account token is used as it is, as the upstream
    // strategy does; that strategy loads the client library with import()
    // only to read an in-cluster token, so it is asked for that case only.
    const token = cluster.authMetadata.serviceAccountToken;
    if (
      cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ===
        'serviceAccount' &&
      token
    ) {
      return { type: 'bearer token', token };
    }
    try {
      return await this.auth.getCredential(cluster, {});
    } catch (error) {
      // The strategies' errors (a refused key, a missing credential) do not
      // say which cluster they were for.
      throw new Error(
        `Could not get credentials for cluster ${cluster.name} (auth provider ${
          cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER]
        }): ${(error as Error)?.message || error}`,
        { cause: error },
      );
    }
  }

  /** A client configuration for one cluster, with fresh credentials. */
  async kubeConfig(name: string): Promise<KubeConfig> {
    const cluster = await this.resolve(name);
    const credential = await this.credentialOf(cluster);
    const user = { name: 'portal' };
    if (credential.type === 'bearer token') {
      Object.assign(user, { token: credential.token });
    } else if (credential.type === 'x509 client certificate') {
      Object.assign(user, {
        certData: credential.cert,
        keyData: credential.key,
      });
    }
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify ?? false,
          ...(cluster.caData && { caData: cluster.caData }),
          ...(cluster.caFile && { caFile: cluster.caFile }),
        },
      ],
      users: [user],
      contexts: [{ name: cluster.name, cluster: cluster.name, user: 'portal' }],
      currentContext: cluster.name,
    });
    return kc;
  }

  /**
   * An API client for one cluster, with fresh credentials, whose every call
   * is abandoned after the configured request timeout, answer included. The
   * client library sets no timeout of its own, so a cluster that accepts the
   * connection and never answers would otherwise hold the caller forever; a
   * call that timed out fails like one that failed on the network, and the
   * callers' retries treat it so.
   */
  async apiClient<T extends ApiType>(
    name: string,
    ApiClass: ApiConstructor<T>,
  ): Promise<T> {
    const kubeConfig = await this.kubeConfig(name);
    const timeoutMs = this.requestTimeoutMs;
    return new ApiClass(
      createConfiguration({
        baseServer: new ServerConfiguration((await this.resolve(name)).url, {}),
        authMethods: { default: kubeConfig },
        promiseMiddleware: [
          {
            pre: async (context: RequestContext) => {
              context.setSignal(AbortSignal.timeout(timeoutMs));
              return context;
            },
            post: async (response: ResponseContext) => response,
          },
        ],
      }),
    );
  }

  /** An applier for one cluster (see `apiClient` for its timeout). */
  async applier(name: string): Promise<ObjectApplier> {
    return new ObjectApplier(
      name,
      await this.apiClient(name, KubernetesObjectApi),
      { requestTimeoutMs: this.requestTimeoutMs },
    );
  }
}
