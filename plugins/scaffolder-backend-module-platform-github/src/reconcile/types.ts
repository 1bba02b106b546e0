import type { GitHubClient } from '../client/GitHubClients';

/** The repository a reconciler works on. */
export interface RepositoryTarget {
  octokit: GitHubClient;
  host: string;
  owner: string;
  repo: string;
  /** Read and compare only; write nothing. */
  dryRun: boolean;
}

/** What was (or in a dry run, would be) done to one setting. */
export interface SettingResult {
  /** e.g. `repository`, `topics`, `team:payments-team`, `ruleset:default-branch`, `environment:production`, `variables:production`. */
  setting: string;
  action: 'created' | 'updated' | 'unchanged';
  /** The fields written, e.g. `allow_rebase_merge: false`. */
  changes: string[];
}

/** What a write did to a setting: created where there was none, else updated. */
export function actionOf(
  changed: boolean,
  existed: boolean,
): SettingResult['action'] {
  if (!changed) return 'unchanged';
  return existed ? 'updated' : 'created';
}

export function show(value: unknown): string {
  return JSON.stringify(value);
}

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Whether two JSON values are equal. Deep-equality helpers also compare
 * prototypes, which differ for bodies parsed in another realm.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
