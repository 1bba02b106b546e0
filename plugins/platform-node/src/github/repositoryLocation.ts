import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';

/** Where a new service's repository goes: `<host>?owner=<owner>&repo=<repo>`, as the scaffolder's GitHub actions take it. */
export interface RepositoryLocation {
  host: string;
  owner: string;
  repo: string;
  /** The same as the `repoUrl` the scaffolder's actions take. */
  repoUrl: string;
}

/**
 * The portal's repository location for a new service: the first GitHub
 * integration's host and the first of `platform.github.organizations`, so a
 * developer does not choose where the organisation keeps its code. A
 * `repoUrl` given instead (an API caller's) must name a GitHub integration's
 * host and one of those organisations. Bad or missing config or input is an
 * `InputError` naming the key or field.
 */
export function repositoryLocation(
  config: Config,
  name: string,
  repoUrl?: string,
): RepositoryLocation {
  const hosts = ScmIntegrations.fromConfig(config)
    .github.list()
    .map(integration => integration.config.host);
  const organizations =
    config.getOptionalStringArray('platform.github.organizations') ?? [];
  let host = hosts[0];
  let owner = organizations[0];
  let repo = name;
  if (repoUrl) {
    const [given, query = ''] = repoUrl.split('?');
    const params = new URLSearchParams(query);
    host = given;
    owner = params.get('owner') ?? '';
    repo = params.get('repo') ?? '';
    if (!hosts.includes(host)) {
      throw new InputError(
        `repoUrl: '${host}' is not a host of integrations.github (${
          hosts.join(', ') || 'none configured'
        })`,
      );
    }
    if (!organizations.includes(owner)) {
      throw new InputError(
        `repoUrl: owner '${owner}' is not one of platform.github.organizations (${
          organizations.join(', ') || 'none configured'
        })`,
      );
    }
    if (!repo) {
      throw new InputError('repoUrl: names no repository (repo=)');
    }
  }
  if (!host) {
    throw new InputError(
      'integrations.github: no GitHub host is configured for new repositories',
    );
  }
  if (!owner) {
    throw new InputError(
      'platform.github.organizations: no organisation is configured for new repositories',
    );
  }
  return {
    host,
    owner,
    repo,
    repoUrl: `${host}?owner=${encodeURIComponent(
      owner,
    )}&repo=${encodeURIComponent(repo)}`,
  };
}
