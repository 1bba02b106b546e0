import { InputError } from '@backstage/errors';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  formatViolations,
  validateEntityRef,
  type Violation,
} from '@internal/plugin-platform-common';
import type { GitHubClients } from '../../client/GitHubClients';
import { markerTopic } from '../../standard/desiredRepository';
import type { RepositoryStandard } from '../../standard/repositoryStandard';

// GitHub's own rules for logins and repository names.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const REPO = /^[A-Za-z0-9_.-]{1,100}$/;
const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;

export interface RepoRequest {
  host: string;
  owner: string;
  repo: string;
  entity: CompoundEntityRef;
  entityRef: string;
}

/**
 * Checks a repoUrl and entity ref before any call: GitHub's naming rules,
 * a configured GitHub host, an organisation the portal manages, and a
 * marker topic GitHub would take. Throws one InputError naming every field.
 */
export function validateRepoRequest(
  input: { repoUrl: string; entityRef?: string },
  clients: GitHubClients,
  standard: RepositoryStandard,
  violations: Violation[] = [],
): RepoRequest {
  let parsed: { host: string; owner?: string; repo: string } | undefined;
  try {
    parsed = parseRepoUrl(input.repoUrl, clients.integrations);
  } catch (error) {
    violations.push({
      field: 'repoUrl',
      rule: 'repo-url',
      message: `${
        (error as Error).message
      } (expected <host>?owner=<organisation>&repo=<name>, a host of integrations.github)`,
    });
  }
  if (parsed && !clients.hasHost(parsed.host)) {
    violations.push({
      field: 'repoUrl',
      rule: 'github-host',
      message: `'${parsed.host}' is not a host of integrations.github`,
    });
  }
  const owner = parsed?.owner ?? '';
  const repo = parsed?.repo ?? '';
  if (parsed && !LOGIN.test(owner)) {
    violations.push({
      field: 'repoUrl.owner',
      rule: 'github-login',
      message: `'${owner}' is not a GitHub organisation name (letters, digits and single hyphens, at most 39)`,
    });
  } else if (parsed && !standard.organizations.includes(owner.toLowerCase())) {
    violations.push({
      field: 'repoUrl.owner',
      rule: 'github-organisation',
      message: `'${owner}' is not an organisation of platform.github.organizations (${
        standard.organizations.join(', ') || 'none configured'
      })`,
    });
  }
  if (
    parsed &&
    (!REPO.test(repo) ||
      repo === '.' ||
      repo === '..' ||
      repo.toLowerCase().endsWith('.git'))
  ) {
    violations.push({
      field: 'repoUrl.repo',
      rule: 'github-repository-name',
      message: `'${repo}' is not a repository name GitHub accepts (letters, digits, '.', '-' and '_', at most 100, not ending in .git)`,
    });
  }
  // The default entity ref comes from the repository's name: none to check
  // when repoUrl could not be read (its violation says why).
  const entity =
    input.entityRef === undefined && !parsed
      ? undefined
      : validateEntityRef(
          input.entityRef ?? `component:default/${repo}`,
          'component',
          'entityRef',
        );
  if (!entity) {
    // repoUrl's violation is already there.
  } else if ('violation' in entity) {
    violations.push(entity.violation);
  } else if (!TOPIC.test(markerTopic(standard, entity.ref))) {
    violations.push({
      field: 'entityRef',
      rule: 'marker-topic',
      message: `the marker topic '${markerTopic(
        standard,
        entity.ref,
      )}' is not a GitHub topic (lower-case letters, digits and hyphens, at most 50): use a shorter name`,
    });
  }
  if (violations.length > 0 || !parsed || !entity || 'violation' in entity) {
    throw new InputError(formatViolations(violations));
  }
  return {
    host: parsed.host,
    owner,
    repo,
    entity: entity.ref,
    entityRef: entity.full,
  };
}
