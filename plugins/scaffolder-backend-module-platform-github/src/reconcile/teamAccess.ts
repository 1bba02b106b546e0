import { InputError } from '@backstage/errors';
import { call, explainGitHubError, statusOf } from '../client/errors';
import type { DesiredRepository } from '../standard/desiredRepository';
import type { RepositoryTarget, SettingResult } from './types';

/**
 * Gives each team of the standard its permission on the repository; teams
 * granted access by someone else are left as they are.
 */
export async function reconcileTeamAccess(
  target: RepositoryTarget,
  desired: DesiredRepository,
  options: { repositoryIsNew: boolean },
): Promise<SettingResult[]> {
  const { octokit, owner, repo, host } = target;
  // A repository created a moment ago has no team yet: nothing to read.
  const current = options.repositoryIsNew
    ? []
    : await call(`Reading the teams of ${owner}/${repo}`, host, () =>
        octokit.paginate(octokit.rest.repos.listTeams, {
          owner,
          repo,
          per_page: 100,
        }),
      );
  const results: SettingResult[] = [];
  for (const team of desired.teams) {
    const found = current.find(t => t.slug.toLowerCase() === team.slug);
    if (found?.permission === team.permission) {
      results.push({
        setting: `team:${team.slug}`,
        action: 'unchanged',
        changes: [],
      });
      continue;
    }
    if (!target.dryRun) {
      try {
        await octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({
          org: owner,
          team_slug: team.slug,
          owner,
          repo,
          permission: team.permission,
        });
      } catch (error) {
        if (statusOf(error) === 404) {
          throw new InputError(
            `The team '${team.slug}' is not a team of the organisation ${owner}: create it on GitHub, or change platform.github.repositoryStandard (ownerTeam.slug maps a catalog group to its team).`,
          );
        }
        throw explainGitHubError(
          error,
          `Giving the team ${team.slug} ${team.permission} on ${owner}/${repo}`,
          host,
        );
      }
    }
    results.push({
      setting: `team:${team.slug}`,
      action: found ? 'updated' : 'created',
      changes: [`permission: ${team.permission}`],
    });
  }
  return results;
}
