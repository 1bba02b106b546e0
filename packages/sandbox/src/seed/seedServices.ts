import { Octokit } from '@octokit/rest';
import {
  DEPLOYMENT_ANNOTATIONS,
  LABELS,
  NAMESPACE_ANNOTATIONS,
  NAMESPACE_LABELS,
  PORTAL_NAME,
  namespaceFor,
} from '@internal/plugin-platform-common';
import type { GitHubServer } from '../github';
import type { KubernetesServer } from '../kubernetes';
import type { SandboxLogger } from '../logger';

/** An example service already running when the sandbox starts. */
export interface SeedService {
  /** The service, its `backstage.io/kubernetes-id` and namespace prefix. */
  name: string;
  /** `owner/repo` of its repository, made with one commit per release. */
  repository: string;
  /** The owning group's name, for the namespace's team label. */
  team: string;
  /** The system, for `app.kubernetes.io/part-of`. */
  system?: string;
  /** Versions, oldest first; each is a commit of the repository. */
  releases: string[];
  /**
   * Releases whose image was never pushed: pods of them fail to pull. The
   * image names follow the sandbox kubelet's failing-image convention.
   */
  unpublished?: string[];
  /** Environment name to the release running there; environments left out run nothing. */
  environments: Record<string, string>;
  /** Replicas in every environment; 1 by default. */
  replicas?: number;
}

export interface SeedEnvironment {
  name: string;
  cluster: string;
  /** The namespace naming rule. */
  namespace?: string;
}

function imageOf(service: SeedService, version: string): string {
  return service.unpublished?.includes(version)
    ? `registry.acme.example/${service.name}/does-not-exist:${version}`
    : `registry.acme.example/${service.name}:${version}`;
}

/**
 * Puts example services in the sandbox as if the golden path had created
 * and deployed them: a repository with a commit per release, and per
 * environment a namespace and a Deployment stamped with the commit of the
 * release running there, plus the GitHub deployment recording it. A service
 * whose repository exists already is left as it is, so state kept across
 * restarts is not seeded twice.
 */
export async function seedServices(options: {
  github: GitHubServer;
  token: string;
  clusters: Map<string, KubernetesServer>;
  environments: SeedEnvironment[];
  services: SeedService[];
  logger?: SandboxLogger;
  now?: () => Date;
}): Promise<void> {
  const { github, clusters, environments, logger } = options;
  const now = options.now ?? (() => new Date());
  const octokit = new Octokit({
    baseUrl: github.apiBaseUrl,
    auth: options.token,
  });
  for (const service of options.services) {
    const [owner, repo] = service.repository.split('/');
    const exists = await octokit.repos
      .get({ owner, repo })
      .then(() => true)
      .catch(error => {
        if (error.status === 404) return false;
        throw error;
      });
    if (exists) continue;

    await octokit.repos.createInOrg({ org: owner, name: repo, private: true });
    const commits = new Map<string, string>();
    let sha: string | undefined;
    for (const version of service.releases) {
      const { data } = await octokit.repos.createOrUpdateFileContents({
        owner,
        repo,
        path: 'VERSION',
        message: `Release ${version}`,
        content: Buffer.from(`${version}\n`).toString('base64'),
        ...(sha && { sha }),
      });
      sha = data.content!.sha;
      commits.set(version, data.commit.sha!);
    }

    for (const environment of environments) {
      const version = service.environments[environment.name];
      const server = clusters.get(environment.cluster);
      if (!version || !server) continue;
      const commit = commits.get(version);
      if (!commit) {
        throw new Error(
          `sandbox.seed: ${service.name} runs ${version} in ${environment.name}, which is not one of its releases`,
        );
      }
      const namespace = namespaceFor(
        {
          name: environment.name,
          namespace: environment.namespace ?? '{service}-{environment}',
        },
        service.name,
      );
      const deployedAt = now().toISOString();
      server.store.create(
        { group: '', version: 'v1', resource: 'namespaces' },
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: namespace,
            labels: {
              [LABELS.managedBy]: PORTAL_NAME,
              [NAMESPACE_LABELS.team]: service.team,
              [NAMESPACE_LABELS.service]: service.name,
              [NAMESPACE_LABELS.environment]: environment.name,
            },
            annotations: {
              [NAMESPACE_ANNOTATIONS.entityRef]: `component:default/${service.name}`,
            },
          },
        },
      );
      const labels = {
        [LABELS.name]: service.name,
        [LABELS.kubernetesId]: service.name,
        [LABELS.version]: version,
        ...(service.system && { [LABELS.partOf]: service.system }),
      };
      server.store.create(
        { group: 'apps', version: 'v1', resource: 'deployments', namespace },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {
            name: service.name,
            labels,
            annotations: {
              [DEPLOYMENT_ANNOTATIONS.commitSha]: commit,
              [DEPLOYMENT_ANNOTATIONS.deployedAt]: deployedAt,
            },
          },
          spec: {
            replicas: service.replicas ?? 1,
            selector: { matchLabels: { [LABELS.name]: service.name } },
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  {
                    name: service.name,
                    image: imageOf(service, version),
                    ports: [{ name: 'http', containerPort: 8080 }],
                  },
                ],
              },
            },
          },
        },
      );
      const deployment = github.deployments.create(owner, repo, {
        creator: PORTAL_NAME,
        ref: 'main',
        sha: commit,
        environment: environment.name,
        description: `Release ${version}`,
      });
      github.deployments.addStatus(owner, repo, deployment, {
        creator: PORTAL_NAME,
        state: 'success',
        description: `Release ${version} applied to ${namespace}`,
      });
    }
    logger?.info(
      `Seeded ${service.name}: ${Object.entries(service.environments)
        .map(([environment, version]) => `${environment} ${version}`)
        .join(', ')}`,
    );
  }
}
