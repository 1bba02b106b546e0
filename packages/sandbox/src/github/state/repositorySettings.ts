import type { GitHubStore } from './GitHubStore';
import type { RepositorySettings, StoredRepository } from './model';

/** The settings of a repository, made empty on first use. Call `store.save()` after changes. */
export function settingsOf(
  store: GitHubStore,
  repository: StoredRepository,
): RepositorySettings {
  const key = String(repository.id);
  let settings = store.data.settings[key];
  if (!settings) {
    settings = {
      branch_protection: [],
      rulesets: [],
      environments: [],
      variables: [],
      secrets: [],
      deployments: [],
    };
    store.data.settings[key] = settings;
  }
  return settings;
}

/** Whether a branch of the repository has a protection. */
export function isBranchProtected(
  store: GitHubStore,
  repository: StoredRepository,
  branch: string,
): boolean {
  return Boolean(
    store.data.settings[String(repository.id)]?.branch_protection.some(
      protection => protection.branch === branch,
    ),
  );
}

/** GitHub's timestamps carry no milliseconds. */
export function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
