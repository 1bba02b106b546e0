import { call } from '../client/errors';
import { resolveTeams } from './teams';
import type {
  DesiredEnvironment,
  DesiredRepository,
} from '../standard/desiredRepository';
import type { RepositoryTarget, SettingResult } from './types';
import { actionOf, show } from './types';

interface CurrentEnvironment {
  name: string;
  protection_rules?: Array<{
    type: string;
    reviewers?: Array<{
      type?: string;
      reviewer?: { slug?: string; login?: string };
    }>;
  }>;
  deployment_branch_policy?: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null;
}

function reviewersOf(environment: CurrentEnvironment): string[] {
  const rule = environment.protection_rules?.find(
    r => r.type === 'required_reviewers',
  );
  return (rule?.reviewers ?? [])
    .map(r =>
      r.type === 'Team'
        ? r.reviewer?.slug?.toLowerCase()
        : `@${r.reviewer?.login}`,
    )
    .filter((r): r is string => Boolean(r))
    .sort();
}

function differences(
  current: CurrentEnvironment,
  desired: DesiredEnvironment,
): string[] {
  const changes: string[] = [];
  if (show(reviewersOf(current)) !== show([...desired.reviewers].sort())) {
    changes.push(`reviewers: ${show(desired.reviewers)}`);
  }
  const policy = current.deployment_branch_policy;
  const protectedOnly = Boolean(
    policy?.protected_branches && !policy.custom_branch_policies,
  );
  if (
    protectedOnly !== desired.protectedBranchesOnly ||
    (!desired.protectedBranchesOnly && policy)
  ) {
    changes.push(
      `deployment branches: ${
        desired.protectedBranchesOnly ? 'protected' : 'all'
      }`,
    );
  }
  return changes;
}

/**
 * One GitHub environment per deployment environment, with required
 * reviewers and protected branches where the platform asks for approval,
 * and the Actions variables CI deploys with.
 */
export async function reconcileEnvironments(
  target: RepositoryTarget,
  desired: DesiredRepository,
  options: { repositoryIsNew: boolean; teamIds?: Map<string, number> },
): Promise<SettingResult[]> {
  const { octokit, owner, repo, host } = target;
  const current: CurrentEnvironment[] = options.repositoryIsNew
    ? []
    : await call(`Reading the environments of ${owner}/${repo}`, host, () =>
        octokit.paginate(
          octokit.rest.repos.getAllEnvironments,
          { owner, repo, per_page: 100 },
          response => (response.data as any).environments ?? response.data,
        ),
      );

  const known = options.teamIds ?? new Map<string, number>();
  const teamId = async (slug: string) =>
    (await resolveTeams(target, [slug], known)).get(slug)!;

  const results: SettingResult[] = [];
  for (const environment of desired.environments) {
    const found = current.find(e => e.name === environment.name);
    const changes = found
      ? differences(found, environment)
      : [
          `reviewers: ${show(environment.reviewers)}`,
          `deployment branches: ${
            environment.protectedBranchesOnly ? 'protected' : 'all'
          }`,
        ];
    if (changes.length > 0 && !target.dryRun) {
      const reviewers: Array<{ type: 'Team'; id: number }> = [];
      for (const slug of environment.reviewers) {
        reviewers.push({ type: 'Team' as const, id: await teamId(slug) });
      }
      await call(
        `Setting the environment ${environment.name} of ${owner}/${repo}`,
        host,
        () =>
          octokit.rest.repos.createOrUpdateEnvironment({
            owner,
            repo,
            environment_name: environment.name,
            reviewers,
            deployment_branch_policy: environment.protectedBranchesOnly
              ? { protected_branches: true, custom_branch_policies: false }
              : null,
          }),
      );
    }
    results.push({
      setting: `environment:${environment.name}`,
      action: actionOf(!found || changes.length > 0, Boolean(found)),
      changes,
    });
    results.push(
      await reconcileVariables(target, environment, { isNew: !found }),
    );
  }
  return results;
}

async function reconcileVariables(
  target: RepositoryTarget,
  environment: DesiredEnvironment,
  options: { isNew: boolean },
): Promise<SettingResult> {
  const { octokit, owner, repo, host } = target;
  const name = environment.name;
  const current = options.isNew
    ? []
    : await call(
        `Reading the variables of the environment ${name} of ${owner}/${repo}`,
        host,
        () =>
          octokit.paginate(
            octokit.rest.actions.listEnvironmentVariables,
            { owner, repo, environment_name: name, per_page: 30 },
            response => (response.data as any).variables ?? response.data,
          ),
      );
  const changes: string[] = [];
  let created = 0;
  for (const [variable, value] of Object.entries(environment.variables)) {
    const found = (current as Array<{ name: string; value: string }>).find(
      v => v.name.toUpperCase() === variable.toUpperCase(),
    );
    if (found?.value === value) continue;
    changes.push(`${variable}: ${show(value)}`);
    if (target.dryRun) continue;
    if (found) {
      await call(`Updating the variable ${variable} of ${name}`, host, () =>
        octokit.rest.actions.updateEnvironmentVariable({
          owner,
          repo,
          environment_name: name,
          name: variable,
          value,
        }),
      );
    } else {
      created++;
      await call(`Creating the variable ${variable} of ${name}`, host, () =>
        octokit.rest.actions.createEnvironmentVariable({
          owner,
          repo,
          environment_name: name,
          name: variable,
          value,
        }),
      );
    }
  }
  return {
    setting: `variables:${name}`,
    action: actionOf(
      changes.length > 0,
      !(created === changes.length && current.length === 0),
    ),
    changes,
  };
}
