import { call } from '../client/errors';
import type { DesiredRepository } from '../standard/desiredRepository';
import { actionOf, type RepositoryTarget, type SettingResult } from './types';

/**
 * Adds the marker and the standard's topics; topics someone else added stay.
 */
export async function reconcileTopics(
  target: RepositoryTarget,
  desired: DesiredRepository,
  current: string[],
): Promise<SettingResult> {
  const missing = desired.topics.filter(t => !current.includes(t));
  if (missing.length > 0 && !target.dryRun) {
    await call(
      `Setting the topics of ${target.owner}/${target.repo}`,
      target.host,
      () =>
        target.octokit.rest.repos.replaceAllTopics({
          owner: target.owner,
          repo: target.repo,
          names: [...current, ...missing],
        }),
    );
  }
  return {
    setting: 'topics',
    action: actionOf(missing.length > 0, current.length > 0),
    changes: missing.map(t => `topic: ${t}`),
  };
}
