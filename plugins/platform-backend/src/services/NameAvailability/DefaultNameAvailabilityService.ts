import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import {
  namespaceFor,
  validateServiceName,
  type NameAvailability,
  type NamespaceAvailability,
  type PlatformConfig,
  type PlatformEnvironment,
  type RepositoryAvailability,
} from '@internal/plugin-platform-common';
import {
  PlatformClusters,
  PlatformGitHub,
  readServiceNamespace,
} from '@internal/plugin-platform-node';
import type {
  NameAvailabilityService,
  RepositoryLocation,
} from './NameAvailabilityService';

/** How long an answer is reused: a form asks again on every pause in typing. */
export const AVAILABILITY_CACHE_MS = 5_000;

/** How long GitHub may take to answer; a form is waiting. */
const GITHUB_TIMEOUT_MS = 10_000;

const NOT_CHECKED = 'not checked: the name breaks the naming rules';

/**
 * Answers whether a service name is free, reading only: the repository
 * `<owner>/<name>` on a GitHub integration host, and the name's namespace in
 * every environment on its cluster. A part that cannot be checked (GitHub or
 * a cluster down) carries an `error`, and the rest still answers. Answers
 * are kept a few seconds per name and repository location, and concurrent
 * questions about the same name share one set of calls.
 */
export class DefaultNameAvailabilityService implements NameAvailabilityService {
  private readonly cache = new Map<
    string,
    { expires: number; answer: Promise<NameAvailability> }
  >();

  static fromConfig(
    config: Config,
    options: {
      platform: PlatformConfig;
      logger: LoggerService;
      /** The clusters to ask; from the `kubernetes` config alone by default. */
      clusters?: PlatformClusters;
    },
  ): DefaultNameAvailabilityService {
    return new DefaultNameAvailabilityService({
      platform: options.platform,
      organizations:
        config.getOptionalStringArray('platform.github.organizations') ?? [],
      githubHosts: ScmIntegrations.fromConfig(config)
        .github.list()
        .map(integration => integration.config.host),
      github: PlatformGitHub.fromConfig(config, options),
      clusters:
        options.clusters ??
        PlatformClusters.fromConfig(config, { logger: options.logger }),
      logger: options.logger,
    });
  }

  constructor(
    private readonly options: {
      platform: PlatformConfig;
      /** `platform.github.organizations`: the owners a repository may have. */
      organizations: string[];
      /** The hosts of `integrations.github`, the first being the default. */
      githubHosts: string[];
      github: PlatformGitHub;
      clusters: PlatformClusters;
      logger: LoggerService;
      cacheMs?: number;
      now?: () => number;
    },
  ) {}

  async check(
    name: string,
    location: RepositoryLocation = {},
  ): Promise<NameAvailability> {
    const host = this.hostOf(location.host);
    const owner = this.ownerOf(location.owner);
    const now = (this.options.now ?? Date.now)();
    for (const [key, entry] of this.cache) {
      if (entry.expires <= now) this.cache.delete(key);
    }
    const key = JSON.stringify([host, owner, name]);
    const cached = this.cache.get(key);
    if (cached) return cached.answer;
    const answer = this.answer(name, host, owner);
    this.cache.set(key, {
      expires: now + (this.options.cacheMs ?? AVAILABILITY_CACHE_MS),
      answer,
    });
    return answer;
  }

  private hostOf(host: string | undefined): string | undefined {
    const { githubHosts } = this.options;
    if (host === undefined) return githubHosts[0];
    if (!githubHosts.includes(host)) {
      throw new InputError(
        `host: '${host}' is not a host of integrations.github (${
          githubHosts.join(', ') || 'none configured'
        })`,
      );
    }
    return host;
  }

  private ownerOf(owner: string | undefined): string | undefined {
    const { organizations } = this.options;
    if (owner === undefined) return organizations[0];
    if (!organizations.includes(owner)) {
      throw new InputError(
        `owner: '${owner}' is not one of platform.github.organizations (${
          organizations.join(', ') || 'none configured'
        })`,
      );
    }
    return owner;
  }

  private async answer(
    name: string,
    host: string | undefined,
    owner: string | undefined,
  ): Promise<NameAvailability> {
    const { platform } = this.options;
    const violations = validateServiceName(name, platform);
    const valid = violations.length === 0;
    const [repository, ...namespaces] = await Promise.all([
      this.repository(name, host, owner, valid),
      ...platform.environments.map(environment =>
        this.namespace(name, environment, valid),
      ),
    ]);
    return {
      name,
      valid,
      violations,
      repository: repository as RepositoryAvailability,
      namespaces: namespaces as NamespaceAvailability[],
    };
  }

  private async repository(
    repo: string,
    host: string | undefined,
    owner: string | undefined,
    valid: boolean,
  ): Promise<RepositoryAvailability> {
    const answer = { host: host ?? '', owner: owner ?? '', repo, free: false };
    if (!host) {
      return {
        ...answer,
        error: 'no GitHub host is configured (integrations.github)',
      };
    }
    if (!owner) {
      return {
        ...answer,
        error:
          'no GitHub organisation is configured (platform.github.organizations)',
      };
    }
    if (!valid) return { ...answer, error: NOT_CHECKED };
    try {
      const octokit = await this.options.github.octokitFor({
        host,
        owner,
        repo,
      });
      const { data } = await octokit.rest.repos.get({
        owner,
        repo,
        request: { signal: AbortSignal.timeout(GITHUB_TIMEOUT_MS) },
      });
      // A renamed repository's old name redirects to it, and GitHub lets a
      // new repository take that name.
      const same =
        data.full_name.toLowerCase() === `${owner}/${repo}`.toLowerCase();
      return { ...answer, free: !same };
    } catch (error) {
      const { status, response, message } = error as {
        status?: number;
        response?: unknown;
        message?: string;
      };
      if (status === 404) return { ...answer, free: true };
      // Octokit reports a call that got no answer as a 500 without a response.
      const explained =
        typeof status === 'number' && response
          ? `Could not read the repository ${owner}/${repo} on ${host}: GitHub answered ${status} (${message})`
          : `Could not read the repository ${owner}/${repo} on ${host}: GitHub did not answer (${message})`;
      this.options.logger.warn(explained);
      return { ...answer, error: explained };
    }
  }

  private async namespace(
    service: string,
    environment: PlatformEnvironment,
    valid: boolean,
  ): Promise<NamespaceAvailability> {
    const { cluster } = environment;
    const namespace = namespaceFor(environment, service);
    const answer = {
      environment: environment.name,
      cluster,
      namespace,
      free: false,
    };
    if (!valid) return { ...answer, error: NOT_CHECKED };
    try {
      // One attempt: a form is waiting for the answer.
      const { live } = await readServiceNamespace(
        this.options.clusters,
        environment,
        service,
        { attempts: 1 },
      );
      if (!live) return { ...answer, free: true };
      // Made by the portal: say for which entity, so the developer can find it.
      return { ...answer, ...(live.entityRef && { ownedBy: live.entityRef }) };
    } catch (error) {
      const explained = error as Error;
      this.options.logger.warn(explained.message);
      return { ...answer, error: explained.message };
    }
  }
}
