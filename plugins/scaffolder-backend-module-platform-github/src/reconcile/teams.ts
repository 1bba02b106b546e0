import { InputError } from '@backstage/errors';
import { explainGitHubError, statusOf } from '../client/errors';
import type { DesiredRepository } from '../standard/desiredRepository';
import type { RepositoryTarget } from './types';

/** Every team the standard names for a repository: access and reviewers. */
export function teamsOf(desired: DesiredRepository): string[] {
  return [
    ...new Set([
      ...desired.teams.map(t => t.slug),
      ...desired.environments.flatMap(e => e.reviewers),
    ]),
  ];
}

/**
 * The ids of teams of the organisation, by slug, added to `known`; an
 * unknown team is an InputError naming it. Checked before a repository is
 * created, so a wrong team leaves nothing half made.
 */
export async function resolveTeams(
  target: RepositoryTarget,
  slugs: string[],
  known = new Map<string, number>(),
): Promise<Map<string, number>> {
  const { octokit, owner, host } = target;
  for (const slug of slugs) {
    if (known.has(slug)) continue;
    try {
      const { data } = await octokit.rest.teams.getByName({
        org: owner,
        team_slug: slug,
      });
      known.set(slug, data.id);
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new InputError(
          `The team '${slug}' is not a team of the organisation ${owner}: create it on GitHub, or change platform.github.repositoryStandard (ownerTeam.slug maps a catalog group to its team; teams and environments.reviewers name teams).`,
        );
      }
      throw explainGitHubError(
        error,
        `Reading the team ${slug} of ${owner}`,
        host,
      );
    }
  }
  return known;
}
