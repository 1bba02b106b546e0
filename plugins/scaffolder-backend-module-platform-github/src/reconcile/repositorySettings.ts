import { call } from '../client/errors';
import type { DesiredRepository } from '../standard/desiredRepository';
import type { RepositoryTarget, SettingResult } from './types';
import { show } from './types';

/** The fields of a repository the standard sets, as GitHub's API names them. */
export function repositoryFields(
  desired: DesiredRepository,
): Record<string, unknown> {
  return {
    visibility: desired.visibility,
    allow_squash_merge: desired.merge.allowSquash,
    allow_merge_commit: desired.merge.allowMergeCommit,
    allow_rebase_merge: desired.merge.allowRebase,
    delete_branch_on_merge: desired.merge.deleteBranchOnMerge,
    // A template renders a missing description as ''; GitHub stores none as null.
    ...(desired.description && {
      description: desired.description,
    }),
  };
}

/**
 * Puts the repository's own settings (visibility, merge settings, default
 * branch once it exists) back to the standard, patching only what differs.
 * A default branch renamed (`renameDefaultBranchFrom`) is renamed back, as
 * GitHub renames one: its protection and open pull requests follow. A
 * repository created by this run got them from its create call and its
 * first push: they are reported as created, as the dry run plans them.
 */
export async function reconcileRepositorySettings(
  target: RepositoryTarget,
  desired: DesiredRepository,
  current: Record<string, unknown>,
  options: {
    defaultBranchExists: boolean;
    repositoryIsNew: boolean;
    renameDefaultBranchFrom?: string;
  },
): Promise<SettingResult> {
  const wanted: Record<string, unknown> = repositoryFields(desired);
  const renameFrom = options.renameDefaultBranchFrom;
  if (options.defaultBranchExists || renameFrom) {
    wanted.default_branch = desired.defaultBranch;
  }
  const patch: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(wanted)) {
    if ((current[field] ?? null) !== value) patch[field] = value;
  }
  const changes = Object.entries(options.repositoryIsNew ? wanted : patch).map(
    ([f, v]) =>
      f === 'default_branch' && renameFrom
        ? `${f}: ${show(v)} (renamed from ${show(renameFrom)})`
        : `${f}: ${show(v)}`,
  );
  if (renameFrom) {
    delete patch.default_branch;
    if (!target.dryRun) {
      await call(
        `Renaming the branch ${renameFrom} of ${target.owner}/${target.repo} back to ${desired.defaultBranch}`,
        target.host,
        () =>
          target.octokit.rest.repos.renameBranch({
            owner: target.owner,
            repo: target.repo,
            branch: renameFrom,
            new_name: desired.defaultBranch,
          }),
      );
    }
  }
  if (Object.keys(patch).length > 0 && !target.dryRun) {
    await call(
      `Updating the settings of ${target.owner}/${target.repo}`,
      target.host,
      () =>
        target.octokit.rest.repos.update({
          owner: target.owner,
          repo: target.repo,
          ...(patch as any),
        }),
    );
  }
  if (options.repositoryIsNew) {
    return { setting: 'repository', action: 'created', changes };
  }
  return {
    setting: 'repository',
    action: changes.length ? 'updated' : 'unchanged',
    changes,
  };
}
