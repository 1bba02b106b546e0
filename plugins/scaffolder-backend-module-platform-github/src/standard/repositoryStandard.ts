import type { Config } from '@backstage/config';

export type TeamPermission = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';
export type Visibility = 'private' | 'internal' | 'public';

const PERMISSIONS: readonly string[] = [
  'pull',
  'triage',
  'push',
  'maintain',
  'admin',
];
const VISIBILITIES: readonly string[] = ['private', 'internal', 'public'];

/** `platform.github` as the actions use it; see config.d.ts for each field. */
export interface RepositoryStandard {
  organizations: string[];
  visibility: Visibility;
  defaultBranch: string;
  topics: string[];
  markerTopicPrefix: string;
  markerProperty: string;
  ownerTeam: { slug: string; permission: TeamPermission };
  teams: Array<{ slug: string; permission: TeamPermission }>;
  merge: {
    allowSquash: boolean;
    allowMergeCommit: boolean;
    allowRebase: boolean;
    deleteBranchOnMerge: boolean;
  };
  ruleset: {
    name: string;
    requiredApprovals: number;
    dismissStaleReviews: boolean;
    statusChecksWorkflow: string;
    requiredStatusChecks?: string[];
    blockForcePushes: boolean;
    blockDeletion: boolean;
  };
  environments: {
    reviewers?: string[];
    variables: { cluster: string; namespace: string };
  };
  cleanup: 'archive' | 'delete';
}

function oneOf<T extends string>(
  config: Config | undefined,
  key: string,
  allowed: readonly string[],
  fallback: T,
): T {
  const value = config?.getOptionalString(key) ?? fallback;
  if (!allowed.includes(value)) {
    throw new Error(
      `Invalid config ${key}: '${value}' is not one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

/** Reads the standard once, at start-up; a bad value stops the backend with the key it is at. */
export function readRepositoryStandard(config: Config): RepositoryStandard {
  const github = config.getOptionalConfig('platform.github');
  const standard = github?.getOptionalConfig('repositoryStandard');
  const ownerTeam = standard?.getOptionalConfig('ownerTeam');
  const merge = standard?.getOptionalConfig('merge');
  const ruleset = standard?.getOptionalConfig('ruleset');
  const environments = standard?.getOptionalConfig('environments');
  const variables = environments?.getOptionalConfig('variables');
  const prefix = 'platform.github.repositoryStandard';

  const requiredApprovals =
    ruleset?.getOptionalNumber('requiredApprovals') ?? 1;
  if (
    !Number.isInteger(requiredApprovals) ||
    requiredApprovals < 0 ||
    requiredApprovals > 10
  ) {
    throw new Error(
      `Invalid config ${prefix}.ruleset.requiredApprovals: an integer from 0 to 10 (GitHub's range)`,
    );
  }

  const markerProperty =
    standard?.getOptionalString('markerProperty') ?? 'portal-entity-ref';
  if (!/^[A-Za-z0-9_$#-]{1,75}$/.test(markerProperty)) {
    throw new Error(
      `Invalid config ${prefix}.markerProperty: '${markerProperty}' is not a custom property name GitHub accepts (letters, digits, '_', '-', '$' and '#', at most 75)`,
    );
  }

  return {
    organizations: (github?.getOptionalStringArray('organizations') ?? []).map(
      o => o.toLowerCase(),
    ),
    visibility: oneOf(standard, 'visibility', VISIBILITIES, 'private'),
    defaultBranch: standard?.getOptionalString('defaultBranch') ?? 'main',
    topics: standard?.getOptionalStringArray('topics') ?? [],
    markerTopicPrefix:
      standard?.getOptionalString('markerTopicPrefix') ?? 'portal-',
    markerProperty,
    ownerTeam: {
      slug: ownerTeam?.getOptionalString('slug') ?? '{name}',
      permission: oneOf(ownerTeam, 'permission', PERMISSIONS, 'maintain'),
    },
    teams: (standard?.getOptionalConfigArray('teams') ?? []).map(team => ({
      slug: team.getString('slug'),
      permission: oneOf<TeamPermission>(
        team,
        'permission',
        PERMISSIONS,
        'pull',
      ),
    })),
    merge: {
      allowSquash: merge?.getOptionalBoolean('allowSquash') ?? true,
      allowMergeCommit: merge?.getOptionalBoolean('allowMergeCommit') ?? false,
      allowRebase: merge?.getOptionalBoolean('allowRebase') ?? false,
      deleteBranchOnMerge:
        merge?.getOptionalBoolean('deleteBranchOnMerge') ?? true,
    },
    ruleset: {
      name: ruleset?.getOptionalString('name') ?? 'default-branch',
      requiredApprovals,
      dismissStaleReviews:
        ruleset?.getOptionalBoolean('dismissStaleReviews') ?? true,
      statusChecksWorkflow:
        ruleset?.getOptionalString('statusChecksWorkflow') ??
        '.github/workflows/ci.yaml',
      requiredStatusChecks: ruleset?.getOptionalStringArray(
        'requiredStatusChecks',
      ),
      blockForcePushes: ruleset?.getOptionalBoolean('blockForcePushes') ?? true,
      blockDeletion: ruleset?.getOptionalBoolean('blockDeletion') ?? true,
    },
    environments: {
      reviewers: environments?.getOptionalStringArray('reviewers'),
      variables: {
        cluster: variables?.getOptionalString('cluster') ?? 'KUBE_CLUSTER',
        namespace:
          variables?.getOptionalString('namespace') ?? 'KUBE_NAMESPACE',
      },
    },
    cleanup: oneOf(standard, 'cleanup', ['archive', 'delete'], 'archive'),
  };
}
