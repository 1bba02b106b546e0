import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  EnvironmentGitHub,
  GitHubDeployment,
} from '@internal/plugin-deployment-status-common';
import type {
  GitHubRepositoryRef,
  PlatformGitHub,
} from '@internal/plugin-platform-node';
import { SingleFlightCache } from '../cache/SingleFlightCache';

/** How long GitHub's answers are kept: every viewer of a service shares them. */
const TTL_MS = 30_000;
/** Deployments shown per environment. */
const DEPLOYMENTS_PER_ENVIRONMENT = 3;

interface RepositoryFacts {
  repositoryUrl: string;
  defaultBranch: string;
  headCommit: string;
  deployments: Map<string, GitHubDeployment[]>;
}

const describe = (error: unknown) => {
  const status = (error as { status?: number }).status;
  const message = (error as Error)?.message ?? String(error);
  return status ? `GitHub answered ${status}: ${message}` : message;
};

/**
 * Per environment, what GitHub knows of a service: its latest deployments
 * there, and how far the commit running there is behind the default
 * branch's head. Answers are cached per repository (and per compared
 * commit) for a short while, one call in flight per key, so the number of
 * viewers does not multiply calls to GitHub.
 */
export class GitHubStatus {
  private readonly repositories = new SingleFlightCache<RepositoryFacts>(
    TTL_MS,
  );
  private readonly comparisons = new SingleFlightCache<number>(TTL_MS);

  constructor(
    private readonly github: PlatformGitHub,
    private readonly logger: LoggerService,
  ) {}

  /**
   * For each environment, by name; undefined when the entity has no
   * `github.com/project-slug` or no GitHub integration is configured.
   * Never throws: a GitHub failure is an `error` on each environment.
   */
  async of(
    entity: Entity,
    environments: Array<{ name: string; runningCommit?: string }>,
  ): Promise<Map<string, EnvironmentGitHub> | undefined> {
    const ref = this.github.repositoryOf(entity);
    if (!ref) return undefined;
    const repository = `${ref.owner}/${ref.repo}`;
    const result = new Map<string, EnvironmentGitHub>();
    let facts: RepositoryFacts;
    try {
      facts = await this.repositories.get(`${ref.host}/${repository}`, () =>
        this.read(
          ref,
          environments.map(e => e.name),
        ),
      );
    } catch (error) {
      this.logger.warn(`Could not read ${repository} on GitHub: ${error}`);
      for (const { name } of environments) {
        result.set(name, {
          repository,
          deployments: [],
          error: describe(error),
        });
      }
      return result;
    }
    await Promise.all(
      environments.map(async ({ name, runningCommit }) => {
        const deployments = facts.deployments.get(name) ?? [];
        const deployedCommit =
          runningCommit ?? deployments.find(d => d.state === 'success')?.sha;
        const status: EnvironmentGitHub = {
          repository,
          repositoryUrl: facts.repositoryUrl,
          defaultBranch: facts.defaultBranch,
          headCommit: facts.headCommit,
          ...(deployedCommit && { deployedCommit }),
          deployments,
        };
        if (deployedCommit) {
          try {
            status.behindBy = await this.comparisons.get(
              `${ref.host}/${repository}/${deployedCommit}...${facts.headCommit}`,
              () => this.behindBy(ref, deployedCommit, facts.headCommit),
            );
          } catch (error) {
            status.error = `Could not compare ${deployedCommit.slice(
              0,
              7,
            )} with ${facts.defaultBranch}: ${describe(error)}`;
          }
        }
        result.set(name, status);
      }),
    );
    return result;
  }

  private async read(
    ref: GitHubRepositoryRef,
    environments: string[],
  ): Promise<RepositoryFacts> {
    const octokit = await this.github.octokitFor(ref);
    const repo = { owner: ref.owner, repo: ref.repo };
    const { data: repository } = await octokit.rest.repos.get(repo);
    const defaultBranch = repository.default_branch;
    const { data: branch } = await octokit.rest.repos.getBranch({
      ...repo,
      branch: defaultBranch,
    });
    const deployments = new Map<string, GitHubDeployment[]>();
    await Promise.all(
      environments.map(async environment => {
        const { data: list } = await octokit.rest.repos.listDeployments({
          ...repo,
          environment,
          per_page: DEPLOYMENTS_PER_ENVIRONMENT,
        });
        const environmentPage = `${
          repository.html_url
        }/deployments/${encodeURIComponent(environment)}`;
        deployments.set(
          environment,
          await Promise.all(
            list.map(async deployment => {
              const { data: statuses } =
                await octokit.rest.repos.listDeploymentStatuses({
                  ...repo,
                  deployment_id: deployment.id,
                  per_page: 1,
                });
              const latest = statuses[0];
              const description =
                latest?.description || deployment.description || undefined;
              return {
                id: deployment.id,
                sha: deployment.sha,
                ref: deployment.ref,
                createdAt: deployment.created_at,
                ...(deployment.creator?.login && {
                  creator: deployment.creator.login,
                }),
                state: latest?.state ?? 'pending',
                ...(description && { description }),
                url: latest?.log_url || latest?.target_url || environmentPage,
              };
            }),
          ),
        );
      }),
    );
    return {
      repositoryUrl: repository.html_url,
      defaultBranch,
      headCommit: branch.commit.sha,
      deployments,
    };
  }

  /** Commits of the default branch's head that `deployed` lacks. */
  private async behindBy(
    ref: GitHubRepositoryRef,
    deployed: string,
    head: string,
  ): Promise<number> {
    if (deployed === head) return 0;
    const octokit = await this.github.octokitFor(ref);
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: ref.owner,
      repo: ref.repo,
      basehead: `${deployed}...${head}`,
      per_page: 1,
    });
    return data.ahead_by;
  }
}
