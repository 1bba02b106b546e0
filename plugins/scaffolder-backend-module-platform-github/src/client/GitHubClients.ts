import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
  type GithubCredentialsProvider,
} from '@backstage/integration';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';

/** What the throttling handlers are told of a request. */
interface RequestOptions {
  method: string;
  url: string;
}

/** Every 4xx: a client error does not get better by asking again. */
const CLIENT_ERRORS = Array.from({ length: 100 }, (_, i) => 400 + i);

/** Octokit with the retry and throttling plugins. */
const PlatformOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof PlatformOctokit>;

/** How patient the clients are; the defaults suit github.com. */
export interface GitHubClientTuning {
  /** Retries of a 5xx or network error, with quadratic backoff. Defaults to 3. */
  retries?: number;
  /** The backoff unit: waits of 1, 4, 9 times it. Defaults to 1000 ms. */
  retryBaseMs?: number;
  /**
   * Least time between two writes of one client, as GitHub asks of
   * integrations that create content. Defaults to 1000 ms.
   */
  writeIntervalMs?: number;
  /** Retries after a secondary rate limit, each after its `retry-after`. Defaults to 3. */
  secondaryRateLimitRetries?: number;
  /** The longest `retry-after` waited for; a longer one fails the step. Defaults to 120 s. */
  maxRetryAfterSeconds?: number;
}

/** A client for one host, and the token it uses (for git pushes). */
export interface HostClient {
  octokit: GitHubClient;
  token: string;
  apiBaseUrl: string;
}

/**
 * Builds Octokit clients from the Backstage GitHub integration of a host:
 * a token or a GitHub App installation token, never anything from a template.
 */
export class GitHubClients {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService } & GitHubClientTuning,
  ): GitHubClients {
    const integrations = ScmIntegrations.fromConfig(config);
    return new GitHubClients(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      options,
    );
  }

  private constructor(
    readonly integrations: ScmIntegrations,
    private readonly credentials: GithubCredentialsProvider,
    private readonly options: { logger: LoggerService } & GitHubClientTuning,
  ) {}

  /** Whether a GitHub integration is configured for the host. */
  hasHost(host: string): boolean {
    return this.integrations.github.byHost(host) !== undefined;
  }

  async forOwner(host: string, owner: string): Promise<HostClient> {
    const integration = this.integrations.github.byHost(host);
    if (!integration) {
      throw new Error(`No GitHub integration for ${host}`);
    }
    const { token } = await this.credentials.getCredentials({
      url: `https://${host}/${encodeURIComponent(owner)}`,
    });
    if (!token) {
      throw new Error(
        `The GitHub integration for ${host} has no token or GitHub App installation for ${owner}`,
      );
    }
    const { apiBaseUrl = 'https://api.github.com' } = integration.config;
    return { octokit: this.client(apiBaseUrl, token), token, apiBaseUrl };
  }

  private client(baseUrl: string, token: string): GitHubClient {
    const { logger } = this.options;
    const retries = this.options.retries ?? 3;
    const secondaryRetries = this.options.secondaryRateLimitRetries ?? 3;
    const maxRetryAfter = this.options.maxRetryAfterSeconds ?? 120;
    return new PlatformOctokit({
      baseUrl,
      auth: token,
      // Octokit would log to the console; its messages never hold the token.
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => logger.warn(message),
        error: (message: string) => logger.error(message),
      },
      retry: {
        retries,
        doNotRetry: CLIENT_ERRORS,
        retryAfterBaseValue: this.options.retryBaseMs ?? 1000,
      } as any,
      throttle: {
        write: new Bottleneck.Group({
          maxConcurrent: 1,
          minTime: this.options.writeIntervalMs ?? 1000,
        }),
        onSecondaryRateLimit: (
          retryAfter: number,
          request: RequestOptions,
          _octokit: unknown,
          retryCount: number,
        ) => {
          const again =
            retryCount < secondaryRetries && retryAfter <= maxRetryAfter;
          logger.warn(
            `GitHub secondary rate limit on ${request.method} ${request.url}; ${
              again ? `retrying after ${retryAfter} s` : 'giving up'
            }`,
          );
          return again;
        },
        // An exhausted primary limit fails the step, saying when it resets.
        onRateLimit: (retryAfter: number, request: RequestOptions) => {
          logger.warn(
            `GitHub rate limit exhausted on ${request.method} ${request.url}; it resets in ${retryAfter} s`,
          );
          return false;
        },
      } as any,
    });
  }
}
