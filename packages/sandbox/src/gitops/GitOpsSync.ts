import {
  DEPLOY_FOLDER,
  DEPLOYMENT_ANNOTATIONS,
  DEFAULT_NAMESPACE_PATTERN,
  namespaceFor,
  deployFolder,
} from '@internal/plugin-platform-common';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitPushEvent, GitRepositoryStore } from '../git';
import type { SandboxLogger } from '../logger';
import { checkoutFolder } from './checkoutFolder';
import {
  kubectlApply,
  writeKubeconfig,
  type ClusterAccess,
} from './kubectlApply';
import {
  ManifestError,
  renderManifests,
  type Manifest,
} from './renderManifests';

const ZERO_SHA = '0'.repeat(40);

/** GitHub's deployment status states the sync reports. */
export type DeploymentState =
  | 'queued'
  | 'in_progress'
  | 'success'
  | 'failure'
  | 'error';

/** Where the sync records what it deployed: GitHub deployments of the repository. */
export interface DeploymentRecorder {
  defaultBranch(owner: string, repo: string): Promise<string | undefined>;
  createDeployment(
    owner: string,
    repo: string,
    input: {
      ref: string;
      sha: string;
      environment: string;
      description: string;
    },
  ): Promise<number>;
  setStatus(
    owner: string,
    repo: string,
    deploymentId: number,
    status: { state: DeploymentState; description: string },
  ): Promise<void>;
}

/** An environment the sync deploys to, and its cluster. */
export interface GitOpsEnvironment {
  name: string;
  /** The namespace naming rule (`{service}`, `{environment}`); `{service}-{environment}` when absent. */
  namespace?: string;
  cluster: ClusterAccess & {
    /** Calls back when a namespace is created, so waiting deployments go on. */
    onNamespaceCreated(listener: (namespace: string) => void): () => void;
  };
}

export interface GitOpsSyncOptions {
  repositories: GitRepositoryStore;
  recorder: DeploymentRecorder;
  environments: GitOpsEnvironment[];
  logger?: SandboxLogger;
  /** Clock for the rollout-time annotation. */
  now?: () => Date;
}

interface Target {
  owner: string;
  repo: string;
  environment: GitOpsEnvironment;
}

interface Waiting {
  target: Target;
  namespace: string;
  retry: () => Promise<void>;
}

/**
 * A GitOps agent for the sandbox: a push to a repository's default branch
 * applies `deploy/<environment>/` at that commit to the service's namespace
 * in each environment's cluster, stamps Deployments with the commit and
 * rollout time, and records a GitHub deployment with its status. When the
 * namespace does not exist yet, the deployment waits (`queued`) until it is
 * created, as an agent retrying its sync would.
 */
export class GitOpsSync {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Waiting>();
  private readonly unsubscribes: Array<() => void> = [];
  private workDir?: Promise<string>;
  private readonly kubeconfigs = new Map<string, Promise<string>>();
  private stopped = false;

  constructor(private readonly options: GitOpsSyncOptions) {
    this.unsubscribes.push(
      options.repositories.onPush(event => this.enqueuePush(event)),
    );
    for (const environment of options.environments) {
      this.unsubscribes.push(
        environment.cluster.onNamespaceCreated(namespace =>
          this.resumeWaiting(environment, namespace),
        ),
      );
    }
  }

  /** Resolves when every sync started so far, and any it queued, has finished. */
  async idle(): Promise<void> {
    let pending = [...this.queues.values()];
    while (pending.length) {
      await Promise.all(pending);
      pending = [...this.queues.values()];
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribes.forEach(unsubscribe => unsubscribe());
    await this.idle();
    if (this.workDir) {
      await rm(await this.workDir, { recursive: true, force: true });
    }
  }

  private enqueuePush(event: GitPushEvent) {
    if (this.stopped || event.after === ZERO_SHA) {
      return;
    }
    if (!event.ref.startsWith('refs/heads/')) {
      return;
    }
    for (const environment of this.options.environments) {
      const target = { owner: event.owner, repo: event.repo, environment };
      this.enqueue(target, () => this.syncPush(target, event));
    }
  }

  /** One sync at a time per repository and environment, in push order. */
  private enqueue(target: Target, work: () => Promise<void>) {
    const key = targetKey(target);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work).catch(error => {
      this.options.logger?.error(
        `GitOps sync of ${target.owner}/${target.repo} to ${target.environment.name} failed: ${error}`,
      );
    });
    this.queues.set(key, next);
    next.finally(() => {
      if (this.queues.get(key) === next) {
        this.queues.delete(key);
      }
    });
  }

  private async syncPush(target: Target, event: GitPushEvent) {
    const { owner, repo, environment } = target;
    const branch = event.ref.slice('refs/heads/'.length);
    if (branch !== (await this.options.recorder.defaultBranch(owner, repo))) {
      return;
    }
    const workDir = await this.getWorkDir();
    const checkoutDir = await mkdtemp(join(workDir, 'checkout-'));
    try {
      const folder = deployFolder(environment.name);
      const repoRef = { owner, name: repo, sha: event.after };
      // Overlays refer to manifests beside them (e.g. `../base`), so the whole
      // deploy folder is checked out; only the environment's one is rendered.
      if (
        !(await checkoutFolder(
          this.options.repositories,
          repoRef,
          DEPLOY_FOLDER,
          checkoutDir,
        )) ||
        !(await isDirectory(join(checkoutDir, folder)))
      ) {
        return;
      }
      // A newer push supersedes a deployment still waiting for its namespace.
      this.waiting.delete(targetKey(target));
      const recorder = this.options.recorder;
      const deploymentId = await recorder.createDeployment(owner, repo, {
        ref: branch,
        sha: event.after,
        environment: environment.name,
        description: `GitOps sync of ${folder} at ${event.after.slice(0, 7)}`,
      });
      let manifests: Manifest[];
      try {
        manifests = await renderManifests(join(checkoutDir, folder));
      } catch (error) {
        if (!(error instanceof ManifestError)) {
          throw error;
        }
        await recorder.setStatus(owner, repo, deploymentId, {
          state: 'failure',
          description: truncate(`${folder}: ${error.message}`),
        });
        return;
      }
      const stamped = this.stamp(manifests, event.after);
      const namespace = namespaceFor(
        {
          name: environment.name,
          namespace: environment.namespace ?? DEFAULT_NAMESPACE_PATTERN,
        },
        repo,
      );
      await recorder.setStatus(owner, repo, deploymentId, {
        state: 'in_progress',
        description: `Applying ${stamped.length} objects to ${environment.cluster.name}`,
      });
      await this.apply(target, deploymentId, namespace, stamped);
    } finally {
      await rm(checkoutDir, { recursive: true, force: true });
    }
  }

  private async apply(
    target: Target,
    deploymentId: number,
    namespace: string,
    manifests: Manifest[],
  ) {
    const { owner, repo, environment } = target;
    const recorder = this.options.recorder;
    const result = await kubectlApply({
      kubeconfig: await this.getKubeconfig(environment.cluster),
      namespace,
      manifests,
      workDir: await this.getWorkDir(),
    });
    if (result.outcome === 'applied') {
      this.options.logger?.info(
        `Deployed ${owner}/${repo} to ${environment.name} (${environment.cluster.name}/${namespace})`,
      );
      await recorder.setStatus(owner, repo, deploymentId, {
        state: 'success',
        description: truncate(
          `Applied ${manifests.length} objects to ${environment.cluster.name}/${namespace}`,
        ),
      });
    } else if (result.outcome === 'namespace-missing') {
      await recorder.setStatus(owner, repo, deploymentId, {
        state: 'queued',
        description: truncate(
          `Waiting for namespace ${result.namespace} in ${environment.cluster.name}`,
        ),
      });
      this.waiting.set(targetKey(target), {
        target,
        namespace: result.namespace,
        retry: () => this.apply(target, deploymentId, namespace, manifests),
      });
    } else {
      await recorder.setStatus(owner, repo, deploymentId, {
        state: 'failure',
        description: truncate(result.message),
      });
    }
  }

  private resumeWaiting(environment: GitOpsEnvironment, namespace: string) {
    for (const [key, waiting] of this.waiting) {
      if (
        waiting.target.environment === environment &&
        waiting.namespace === namespace
      ) {
        this.waiting.delete(key);
        this.enqueue(waiting.target, waiting.retry);
      }
    }
  }

  private stamp(manifests: Manifest[], sha: string): Manifest[] {
    const deployedAt = (this.options.now?.() ?? new Date()).toISOString();
    return manifests.map(manifest =>
      manifest.kind === 'Deployment'
        ? {
            ...manifest,
            metadata: {
              ...manifest.metadata,
              annotations: {
                ...manifest.metadata.annotations,
                [DEPLOYMENT_ANNOTATIONS.commitSha]: sha,
                [DEPLOYMENT_ANNOTATIONS.deployedAt]: deployedAt,
              },
            },
          }
        : manifest,
    );
  }

  private getWorkDir(): Promise<string> {
    this.workDir ??= mkdtemp(join(tmpdir(), 'sandbox-gitops-'));
    return this.workDir;
  }

  private getKubeconfig(cluster: ClusterAccess): Promise<string> {
    let kubeconfig = this.kubeconfigs.get(cluster.name);
    if (!kubeconfig) {
      kubeconfig = this.getWorkDir().then(dir => writeKubeconfig(dir, cluster));
      this.kubeconfigs.set(cluster.name, kubeconfig);
    }
    return kubeconfig;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function targetKey({ owner, repo, environment }: Target): string {
  return `${owner}/${repo}@${environment.name}`;
}

// GitHub limits a deployment status description to 140 characters.
function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 140 ? line : `${line.slice(0, 139)}…`;
}
