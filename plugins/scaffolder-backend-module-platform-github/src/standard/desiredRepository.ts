import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  namespaceFor,
  type PlatformEnvironment,
} from '@internal/plugin-platform-common';
import type {
  RepositoryStandard,
  TeamPermission,
  Visibility,
} from './repositoryStandard';

/** One GitHub environment as the standard wants it. */
export interface DesiredEnvironment {
  name: string;
  /** Team slugs whose approval a deployment needs; none unless the environment asks for approval. */
  reviewers: string[];
  /** Deployments from protected branches only. */
  protectedBranchesOnly: boolean;
  /** Actions variables by name. */
  variables: Record<string, string>;
}

/** Everything the standard says about one service's repository. */
export interface DesiredRepository {
  owner: string;
  repo: string;
  description?: string;
  visibility: Visibility;
  defaultBranch: string;
  /** The marker first, then the standard's topics. */
  topics: string[];
  marker: string;
  /** The custom property set when the repository is created: its name and the entity ref. */
  markerProperty: { name: string; value: string };
  teams: Array<{ slug: string; permission: TeamPermission }>;
  merge: RepositoryStandard['merge'];
  ruleset: { name: string; body: RulesetBody };
  environments: DesiredEnvironment[];
}

export interface RulesetBody {
  name: string;
  target: 'branch';
  enforcement: 'active';
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  rules: Array<{ type: string; parameters?: Record<string, unknown> }>;
}

/** The custom property value marking a repository the portal created for an entity. */
export function markerPropertyOf(
  standard: RepositoryStandard,
  entity: CompoundEntityRef,
): { name: string; value: string } {
  return { name: standard.markerProperty, value: stringifyEntityRef(entity) };
}

/** The topic marking a repository the portal created for an entity (the visible second marker). */
export function markerTopic(
  standard: RepositoryStandard,
  entity: CompoundEntityRef,
): string {
  return `${standard.markerTopicPrefix}${entity.kind}-${entity.namespace}-${entity.name}`.toLowerCase();
}

/** The team slug of a catalog group. */
export function teamSlugOf(
  standard: RepositoryStandard,
  group: CompoundEntityRef,
): string {
  return standard.ownerTeam.slug
    .replace(/\{name\}/g, group.name)
    .replace(/\{namespace\}/g, group.namespace)
    .toLowerCase();
}

export function desiredRepository(options: {
  standard: RepositoryStandard;
  owner: string;
  repo: string;
  service: string;
  ownerGroup: CompoundEntityRef;
  entity: CompoundEntityRef;
  description?: string;
  visibility?: Visibility;
  environments: PlatformEnvironment[];
  statusChecks: string[];
}): DesiredRepository {
  const { standard } = options;
  const ownerTeam = teamSlugOf(standard, options.ownerGroup);
  const marker = markerTopic(standard, options.entity);
  const teams = new Map<string, TeamPermission>([
    [ownerTeam, standard.ownerTeam.permission],
  ]);
  for (const team of standard.teams) {
    teams.set(team.slug.toLowerCase(), team.permission);
  }

  const rules: RulesetBody['rules'] = [
    {
      type: 'pull_request',
      parameters: {
        required_approving_review_count: standard.ruleset.requiredApprovals,
        dismiss_stale_reviews_on_push: standard.ruleset.dismissStaleReviews,
        require_code_owner_review: false,
        require_last_push_approval: false,
        required_review_thread_resolution: false,
      },
    },
  ];
  if (options.statusChecks.length > 0) {
    rules.push({
      type: 'required_status_checks',
      parameters: {
        strict_required_status_checks_policy: false,
        required_status_checks: options.statusChecks.map(context => ({
          context,
        })),
      },
    });
  }
  if (standard.ruleset.blockForcePushes)
    rules.push({ type: 'non_fast_forward' });
  if (standard.ruleset.blockDeletion) rules.push({ type: 'deletion' });

  return {
    owner: options.owner,
    repo: options.repo,
    description: options.description,
    visibility: options.visibility ?? standard.visibility,
    defaultBranch: standard.defaultBranch,
    marker,
    markerProperty: markerPropertyOf(standard, options.entity),
    topics: [
      marker,
      ...standard.topics.map(t => t.toLowerCase()).filter(t => t !== marker),
    ],
    teams: [...teams].map(([slug, permission]) => ({ slug, permission })),
    merge: standard.merge,
    ruleset: {
      name: standard.ruleset.name,
      body: {
        name: standard.ruleset.name,
        target: 'branch',
        enforcement: 'active',
        conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
        rules,
      },
    },
    environments: options.environments.map(environment => ({
      name: environment.name,
      reviewers: environment.approval
        ? (standard.environments.reviewers ?? [ownerTeam]).map(s =>
            s.toLowerCase(),
          )
        : [],
      protectedBranchesOnly: environment.approval,
      variables: {
        [standard.environments.variables.cluster]: environment.cluster,
        [standard.environments.variables.namespace]: namespaceFor(
          environment,
          options.service,
        ),
      },
    })),
  };
}
