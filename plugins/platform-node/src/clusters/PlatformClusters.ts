import type { LoggerService } from '@backstage/backend-plugin-api';
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
import { readClusterDetails } from './readClusterDetails';

/** How long one call may take when `platform.kubernetes.requestTimeout` is not set. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

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

  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
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
    return new PlatformClusters(readClusterDetails(config), auth, {
      requestTimeoutMs,
    });
  }

  constructor(
    clusters: ClusterDetails[],
    auth: AuthenticationStrategy,
    options: { requestTimeoutMs?: number } = {},
  ) {
    this.clusters = new Map(clusters.map(cluster => [cluster.name, cluster]));
    this.auth = auth;
    this.requestTimeoutMs =
      options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  }

  /** The names of the clusters, in config order. */
  names(): string[] {
    return [...this.clusters.keys()];
  }

  /** A cluster's details; an `InputError` naming the known ones when there is none. */
  details(name: string): ClusterDetails {
    const cluster = this.clusters.get(name);
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
    return this.auth.getCredential(cluster, {});
  }

  /** A client configuration for one cluster, with fresh credentials. */
  async kubeConfig(name: string): Promise<KubeConfig> {
    const cluster = this.details(name);
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
        baseServer: new ServerConfiguration(this.details(name).url, {}),
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
