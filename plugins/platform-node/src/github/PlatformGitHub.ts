import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseLocationRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
  type GithubCredentialsProvider,
} from '@backstage/integration';
import { Octokit } from '@octokit/rest';

/** Where an entity's GitHub repository is, from its annotations. */
export interface GitHubRepositoryRef {
  /** The integration host, e.g. `github.com` or a GitHub Enterprise host. */
  host: string;
  owner: string;
  repo: string;
}

/** The annotation holding `<owner>/<repo>`. */
export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';
const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/**
 * Octokit clients for the hosts of the Backstage GitHub integration
 * (`integrations.github`), authenticated as the integration is: with its
 * token or a GitHub App installation token for the repository's owner.
 */
export class PlatformGitHub {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): PlatformGitHub {
    const integrations = ScmIntegrations.fromConfig(config);
    return new PlatformGitHub(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      options.logger,
    );
  }

  private constructor(
    private readonly integrations: ScmIntegrations,
    private readonly credentials: GithubCredentialsProvider,
    private readonly logger: LoggerService,
  ) {}

  /**
   * The repository of an entity's `github.com/project-slug`, on the host of
   * its `backstage.io/source-location` when an integration covers that host,
   * else on the first configured GitHub host; undefined without a slug or
   * without any GitHub integration.
   */
  repositoryOf(entity: {
    metadata: { annotations?: Record<string, string> };
  }): GitHubRepositoryRef | undefined {
    const annotations = entity.metadata.annotations ?? {};
    const [owner, repo, ...rest] = (
      annotations[PROJECT_SLUG_ANNOTATION] ?? ''
    ).split('/');
    if (!owner || !repo || rest.length > 0) return undefined;
    const host =
      this.sourceHost(annotations[SOURCE_LOCATION_ANNOTATION]) ??
      this.integrations.github.list()[0]?.config.host;
    return host ? { host, owner, repo } : undefined;
  }

  /** A client for one repository's host, with the integration's credentials for it. */
  async octokitFor(ref: GitHubRepositoryRef): Promise<Octokit> {
    const integration = this.integrations.github.byHost(ref.host);
    if (!integration) {
      throw new Error(`No GitHub integration for ${ref.host}`);
    }
    const { token } = await this.credentials.getCredentials({
      url: `https://${ref.host}/${encodeURIComponent(
        ref.owner,
      )}/${encodeURIComponent(ref.repo)}`,
    });
    const { logger } = this;
    return new Octokit({
      baseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
      // Anonymous when the integration has no credentials: enough for public repositories.
      ...(token && { auth: token }),
      // Octokit would log to the console; its messages never hold the token.
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => logger.warn(message),
        error: (message: string) => logger.error(message),
      },
    });
  }

  private sourceHost(location: string | undefined): string | undefined {
    if (!location) return undefined;
    try {
      const { type, target } = parseLocationRef(location);
      if (type !== 'url') return undefined;
      const { host } = new URL(target);
      return this.integrations.github.byHost(host) ? host : undefined;
    } catch {
      return undefined;
    }
  }
}
