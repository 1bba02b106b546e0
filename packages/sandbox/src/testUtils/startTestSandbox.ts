import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '@backstage/config';
import type { GitHubServerOptions } from '../github';
import type { RequestLogEntry } from '../http/requestLog';
import type {
  AnonymousAccess,
  AwsIamAuthentication,
  KubernetesToken,
} from '../kubernetes';
import type { RolloutOptions, SandboxNode } from '../kubernetes/controllers';
import type {
  AzureClient,
  CloudTokenServer,
  GoogleServiceAccount,
} from '../cloudTokens';
import {
  startSandbox,
  type Sandbox,
  type SandboxClusterOptions,
} from '../startSandbox';
import {
  sandboxBackstageConfig,
  type TestSandboxEnvironment,
} from './backstageConfig';
import { TEST_ROLLOUT, testGitHubOptions } from './defaults';
import {
  testSandboxCluster,
  type TestSandboxCluster,
} from './testSandboxCluster';
import { testSandboxGitHub, type TestSandboxGitHub } from './testSandboxGitHub';

/** A cluster of a test sandbox, with tokens besides its admin token. */
export interface TestSandboxClusterOptions {
  name: string;
  /** More bearer tokens, e.g. one limited by `rules` to test a refusal. */
  tokens?: KubernetesToken[];
  /** Its machines, e.g. a GPU node; one general node, `sandbox-node-1`, when absent. */
  nodes?: SandboxNode[];
  /**
   * Lets requests without a token in with these rules, as a cluster reached
   * through `kubectl proxy` (the `localKubectlProxy` auth provider) does.
   */
  anonymous?: AnonymousAccess;
  /**
   * Lets EKS tokens signed for `clusterId` by one of `identities` (access key
   * id, secret key, the user it maps to) in, as an EKS cluster does: what
   * the `aws` auth provider sends.
   */
  awsIam?: AwsIamAuthentication;
  /**
   * Lets the access tokens of the sandbox's Google token endpoint in as
   * their service account, as a GKE cluster does; `rules` for those listed,
   * nothing for others. Needs {@link TestSandboxOptions.google}.
   */
  google?: SandboxClusterOptions['google'];
  /**
   * Lets the Entra ID access tokens of the clients listed (tenant and client
   * id) in as their `user`, as an AKS cluster with Entra integration does;
   * others are unauthorized. Needs {@link TestSandboxOptions.azure}.
   */
  azure?: SandboxClusterOptions['azure'];
}

/** What a test sandbox serves; every field is optional. */
export interface TestSandboxOptions {
  /**
   * The GitHub server; `false` starts none. Fields given replace those of
   * the standard test GitHub ({@link testGitHubOptions}: organization
   * `acme`, team `platform`, the tokens of {@link TEST_TOKENS}). The first
   * token is the one clients and the config fragment use.
   */
  github?:
    | Pick<
        Partial<GitHubServerOptions>,
        'tokens' | 'users' | 'organizations' | 'rateLimitPerHour'
      >
    | false;
  /**
   * Clusters by name (none by default), each over HTTPS on a free loopback
   * port with a cluster-admin token `sandbox-<name>-token` and simulated
   * rollouts.
   */
  clusters?: Array<string | TestSandboxClusterOptions>;
  /**
   * `platform.environments` for the config fragment; the GitOps sync also
   * deploys pushes to them, as in `yarn start`.
   */
  environments?: TestSandboxEnvironment[];
  /**
   * Google's token endpoint for these service accounts (see
   * {@link testServiceAccountKey}); route the test's Google requests to it
   * with {@link routeCloudTokensToSandbox}.
   */
  google?: { serviceAccounts: GoogleServiceAccount[] };
  /**
   * Microsoft Entra ID's token endpoint for these clients, served by the
   * same proxy as Google's; route the test's requests to it with
   * {@link routeCloudTokensToSandbox}.
   */
  azure?: { clients: AzureClient[] };
  /** How pods roll out; fast by default ({@link TEST_ROLLOUT}). */
  rollout?: RolloutOptions;
}

/** A request of {@link TestSandbox.writes}, with the server that received it. */
export type TestSandboxRequest = RequestLogEntry & {
  /** `github` or a cluster's name. */
  server: string;
};

/** A sandbox started for tests: GitHub and clusters, clients, config and request logs. */
export interface TestSandbox {
  /** The GitHub server and its helpers; throws when started with `github: false`. */
  readonly github: TestSandboxGitHub;
  /** Google's token endpoint; throws when started without `google`. */
  readonly google: CloudTokenServer;
  /** Entra ID's token endpoint (the same proxy); throws when started without `azure`. */
  readonly azure: CloudTokenServer;
  /** Every cluster, in the order given. */
  readonly clusters: TestSandboxCluster[];
  /** One cluster by name; throws when there is no such cluster. */
  cluster(name: string): TestSandboxCluster;
  /**
   * The config a plugin under test needs to reach the sandbox (see
   * {@link sandboxBackstageConfig}), with the GitHub token given or the
   * default one.
   */
  config(options?: { githubToken?: string }): JsonObject;
  /** Requests that could have changed state, on every server, oldest first per server. */
  writes(): TestSandboxRequest[];
  /** Empties every server's request log, e.g. once a test's set-up is done. */
  clearRequests(): void;
  /** Lifts every fault of every server. */
  clearFaults(): void;
  /** The servers as `startSandbox` returns them, with the GitOps sync. */
  readonly sandbox: Sandbox;
  /** Stops every server and removes their temporary folders. */
  stop(): Promise<void>;
}

const adminToken = (cluster: string) => `sandbox-${cluster}-token`;

/**
 * Starts GitHub and clusters on free loopback ports, as a plugin test needs
 * them. Stop it when done, or use {@link useTestSandbox} in a describe block.
 *
 * @example
 * ```ts
 * const sandbox = await startTestSandbox({ clusters: ['nonprod', 'prod'] });
 * const octokit = sandbox.github.octokit();
 * const core = sandbox.cluster('nonprod').kubeConfig().makeApiClient(CoreV1Api);
 * ```
 */
export async function startTestSandbox(
  options: TestSandboxOptions = {},
): Promise<TestSandbox> {
  const clusterOptions = (options.clusters ?? []).map(cluster =>
    typeof cluster === 'string' ? { name: cluster } : cluster,
  );
  const environments = options.environments ?? [];
  const githubOptions =
    options.github === false ? undefined : testGitHubOptions(options.github);
  const sandbox = await startSandbox({
    github: githubOptions,
    clusters: clusterOptions.map(cluster => ({
      name: cluster.name,
      https: true,
      tokens: [
        { token: adminToken(cluster.name), user: 'sandbox-admin' },
        ...(cluster.tokens ?? []),
      ],
      nodes: cluster.nodes,
      anonymous: cluster.anonymous,
      awsIam: cluster.awsIam,
      google: cluster.google,
      azure: cluster.azure,
    })),
    google: options.google,
    azure: options.azure,
    environments: environments.map(({ name, cluster }) => ({ name, cluster })),
    rollout: { ...TEST_ROLLOUT, ...options.rollout },
  });

  const workDir = await mkdtemp(join(tmpdir(), 'sandbox-test-git-'));
  const github =
    sandbox.github &&
    testSandboxGitHub(
      sandbox.github,
      githubOptions?.tokens?.[0]?.token ?? '',
      workDir,
    );
  const clusters = clusterOptions.map(({ name }) =>
    testSandboxCluster(
      sandbox.clusters.get(name)!,
      adminToken(name),
      sandbox.certificate?.cert,
    ),
  );
  const servers = () => [
    ...(github ? [{ name: 'github', log: github.requests }] : []),
    ...clusters.map(cluster => ({ name: cluster.name, log: cluster.requests })),
  ];

  return {
    get github() {
      if (!github) {
        throw new Error('This test sandbox was started without GitHub');
      }
      return github;
    },
    get google() {
      if (!sandbox.google) {
        throw new Error('This test sandbox was started without google');
      }
      return sandbox.google;
    },
    get azure() {
      if (!sandbox.azure) {
        throw new Error('This test sandbox was started without azure');
      }
      return sandbox.azure;
    },
    clusters,
    cluster(name) {
      const found = clusters.find(cluster => cluster.name === name);
      if (!found) {
        throw new Error(
          `This test sandbox has no cluster ${name}; it has ${
            clusters.map(cluster => cluster.name).join(', ') || 'none'
          }`,
        );
      }
      return found;
    },
    config: ({ githubToken } = {}) =>
      sandboxBackstageConfig({ github, githubToken, clusters, environments }),
    writes: () =>
      servers().flatMap(({ name, log }) =>
        log.writes().map(entry => ({ ...entry, server: name })),
      ),
    clearRequests: () => servers().forEach(({ log }) => log.clear()),
    clearFaults: () => {
      github?.faults.clear();
      clusters.forEach(cluster => cluster.faults.clear());
    },
    sandbox,
    async stop() {
      await Promise.all(clusters.map(cluster => cluster.close()));
      await sandbox.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
