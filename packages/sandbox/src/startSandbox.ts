import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  startGitHubServer,
  type GitHubServer,
  type GitHubServerOptions,
} from './github';
import { GitOpsSync, type GitOpsEnvironment } from './gitops';
import {
  startCloudTokenServer,
  type CloudTokenServer,
  type GoogleServiceAccount,
  type AzureClient,
} from './cloudTokens';
import { gitHubDeploymentRecorder } from './gitops/gitHubDeploymentRecorder';
import { loopbackCertificate } from './http/certificate';
import type { TlsCredentials } from './http/listen';
import {
  startKubernetesServer,
  type KubernetesServer,
  type KubernetesServerOptions,
} from './kubernetes';
import {
  startControllers,
  type RolloutOptions,
  type SandboxNode,
} from './kubernetes/controllers';
import type { SandboxLogger } from './logger';
import { seedServices, type SeedService } from './seed/seedServices';

/**
 * One sandbox cluster; `https` serves it with the sandbox's self-signed
 * certificate; `nodes` are its machines, one general node when absent;
 * `google` lets the access tokens of the sandbox's Google token endpoint in
 * as their service account, as a GKE cluster does (rules for those listed);
 * `azure` lets the Entra ID access tokens of the clients listed in, as their
 * user, as an AKS cluster with Entra integration does.
 */
export type SandboxClusterOptions = Omit<
  KubernetesServerOptions,
  'stateDir' | 'logger' | 'tls' | 'google' | 'azure'
> & {
  https?: boolean;
  nodes?: SandboxNode[];
  google?: {
    serviceAccounts: NonNullable<
      KubernetesServerOptions['google']
    >['serviceAccounts'];
  };
  azure?: {
    clients: NonNullable<KubernetesServerOptions['azure']>['clients'];
  };
};

export interface SandboxOptions {
  /** Where state survives a restart; temporary folders, removed on stop, when absent. */
  stateDir?: string;
  /** The GitHub-compatible server; not started when absent. */
  github?: Omit<GitHubServerOptions, 'stateDir' | 'logger'>;
  /**
   * Google's OAuth token endpoint, for the service accounts whose keys sign
   * assertions; not started when absent (see {@link CloudTokenServer}).
   */
  google?: { serviceAccounts: GoogleServiceAccount[] };
  /**
   * Microsoft Entra ID's token endpoint, for these clients, served by the
   * same proxy as Google's; not started when absent.
   */
  azure?: { clients: AzureClient[] };
  /** One Kubernetes-compatible server per cluster, each with simulated rollouts. */
  clusters?: SandboxClusterOptions[];
  /** How pods of the sandbox clusters start, become ready or fail. */
  rollout?: RolloutOptions;
  /**
   * Environments the GitOps sync deploys pushed manifests to, each on one of
   * `clusters`, with its namespace naming rule (`{service}-{environment}` by default).
   */
  environments?: Array<{ name: string; cluster: string; namespace?: string }>;
  /**
   * Example services to put in place at start, as if the golden path had
   * created and deployed them (repository, namespaces, Deployments); each is
   * seeded once, when its repository does not exist yet.
   */
  seed?: SeedService[];
  /** Receives startup messages and errors; silent when absent. */
  logger?: SandboxLogger;
}

export interface Sandbox {
  github?: GitHubServer;
  google?: CloudTokenServer;
  /** Entra ID's token endpoint: the same proxy as `google`, when `azure` was given. */
  azure?: CloudTokenServer;
  clusters: Map<string, KubernetesServer>;
  /** The certificate HTTPS clusters serve, to trust as their CA. */
  certificate?: TlsCredentials;
  /** The GitOps sync, when there are GitHub, clusters and environments. */
  gitops?: GitOpsSync;
  stop(): Promise<void>;
}

/** Starts the servers the options ask for; stops those already started when one fails. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { stateDir, logger } = options;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) {
      await stopOne();
    }
  };
  try {
    const github = options.github
      ? await startGitHubServer({ ...options.github, stateDir, logger })
      : undefined;
    if (github) {
      stops.push(() => github.stop());
      logger?.info(`GitHub-compatible API at ${github.apiBaseUrl}`);
    }

    const tokenProxy =
      options.google || options.azure
        ? await startCloudTokenServer({
            serviceAccounts: options.google?.serviceAccounts ?? [],
            azureClients: options.azure?.clients,
            logger,
          })
        : undefined;
    if (tokenProxy) {
      stops.push(() => tokenProxy.stop());
      logger?.info(
        `Cloud token endpoints (an HTTPS proxy) at ${tokenProxy.url}`,
      );
    }
    const google = options.google ? tokenProxy : undefined;
    const azure = options.azure ? tokenProxy : undefined;

    const certificate = options.clusters?.some(cluster => cluster.https)
      ? await loopbackCertificate(stateDir && join(stateDir, 'tls'))
      : undefined;
    // The sync applies manifests with kubectl, as a GitOps agent does, under its own token.
    const gitopsToken = randomBytes(24).toString('hex');
    const clusters = new Map<string, KubernetesServer>();
    for (const {
      https,
      nodes,
      google: gke,
      azure: aks,
      ...cluster
    } of options.clusters ?? []) {
      if (aks && !azure) {
        throw new Error(
          `Cluster ${cluster.name} takes Entra ID access tokens, but the sandbox serves no Entra ID token endpoint: give azure.clients`,
        );
      }
      if (gke && !google) {
        throw new Error(
          `Cluster ${cluster.name} takes Google access tokens, but the sandbox serves no Google token endpoint: give google.serviceAccounts`,
        );
      }
      const server = await startKubernetesServer({
        ...cluster,
        google: gke && {
          serviceAccounts: gke.serviceAccounts,
          accessToken: token => google!.accessToken(token),
        },
        azure: aks && {
          clients: aks.clients,
          accessToken: token => azure!.azureAccessToken(token),
        },
        tokens: [
          ...(cluster.tokens ?? []),
          { token: gitopsToken, user: 'system:serviceaccount:sandbox:gitops' },
        ],
        tls: https ? certificate : undefined,
        stateDir,
        logger,
      });
      stops.push(() => server.stop());
      const controllers = startControllers(
        server.store,
        { ...options.rollout, nodes },
        logger,
      );
      stops.push(() => controllers.stop());
      clusters.set(cluster.name, server);
      logger?.info(
        `Kubernetes-compatible API for ${cluster.name} at ${server.url}`,
      );
    }

    let gitops: GitOpsSync | undefined;
    if (github && options.environments?.length) {
      const environments: GitOpsEnvironment[] = options.environments.map(
        environment => {
          const server = clusters.get(environment.cluster);
          if (!server) {
            throw new Error(
              `Environment ${environment.name} names cluster ${environment.cluster}, which the sandbox does not serve`,
            );
          }
          return {
            name: environment.name,
            namespace: environment.namespace,
            cluster: {
              name: server.name,
              url: server.url,
              token: gitopsToken,
              caData: server.url.startsWith('https:')
                ? certificate?.cert
                : undefined,
              onNamespaceCreated: listener =>
                server.store.onChange(change => {
                  if (
                    change.type === 'ADDED' &&
                    change.kind.kind === 'Namespace'
                  ) {
                    listener(change.object.metadata.name);
                  }
                }),
            },
          };
        },
      );
      const sync = new GitOpsSync({
        repositories: github.repositories,
        recorder: gitHubDeploymentRecorder(github),
        environments,
        logger,
      });
      gitops = sync;
      stops.push(() => sync.stop());
    }
    if (github && options.seed?.length) {
      const token = options.github?.tokens?.[0]?.token;
      if (!token) {
        throw new Error(
          'Seeding services needs a GitHub token of an organisation owner',
        );
      }
      await seedServices({
        github,
        token,
        clusters,
        environments: options.environments ?? [],
        services: options.seed,
        logger,
      });
    }
    return { github, google, azure, clusters, certificate, gitops, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
