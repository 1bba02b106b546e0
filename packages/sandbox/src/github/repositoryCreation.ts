import type { Request } from 'express';
import { callerOf, hasScope } from './auth';
import type { GitHubContext } from './context';
import {
  applyPropertyValues,
  initialPropertyValues,
  type PropertyChanges,
} from './customProperties';
import { invalidField } from './errors';
import {
  bodyOf,
  optionalBoolean,
  optionalNullableString,
  optionalObject,
  optionalString,
  type Body,
} from './input';
import { requireAvailableName } from './repositoryNames';
import type { RepositoryExtras, StoredRepository } from './state/model';
import { nodeId } from './nodeIds';
import { loginKey } from './state/GitHubStore';
import { GitHubError } from './types';

const DEFAULT_BRANCH = 'main';

/** Names being created right now per server, so two requests cannot both take one. */
const pendingByStore = new WeakMap<object, Set<string>>();

function visibilityOf(body: Body, isOrganization: boolean) {
  const visibility = optionalString(body, 'visibility');
  if (visibility !== undefined) {
    if (
      visibility !== 'public' &&
      visibility !== 'private' &&
      (visibility !== 'internal' || !isOrganization)
    ) {
      throw invalidField(
        'visibility',
        `For 'visibility', "${visibility}" is not a valid value.`,
      );
    }
    return visibility;
  }
  return optionalBoolean(body, 'private') ? 'private' : 'public';
}

/** The stored extras, with GitHub's defaults for what the body leaves out. */
export function extrasFrom(
  body: Body,
  current?: RepositoryExtras,
): RepositoryExtras {
  const bool = (field: keyof RepositoryExtras, fallback: boolean) =>
    optionalBoolean(body, field) ?? (current?.[field] as boolean) ?? fallback;
  const text = (field: keyof RepositoryExtras, fallback: string) =>
    optionalString(body, field) ?? (current?.[field] as string) ?? fallback;
  return {
    allow_update_branch: bool('allow_update_branch', false),
    allow_forking: bool('allow_forking', true),
    is_template: bool('is_template', false),
    has_discussions: bool('has_discussions', false),
    web_commit_signoff_required: bool('web_commit_signoff_required', false),
    use_squash_pr_title_as_default: bool(
      'use_squash_pr_title_as_default',
      false,
    ),
    squash_merge_commit_title: text(
      'squash_merge_commit_title',
      'COMMIT_OR_PR_TITLE',
    ),
    squash_merge_commit_message: text(
      'squash_merge_commit_message',
      'COMMIT_MESSAGES',
    ),
    merge_commit_title: text('merge_commit_title', 'MERGE_MESSAGE'),
    merge_commit_message: text('merge_commit_message', 'PR_TITLE'),
  };
}

/**
 * `POST /orgs/:org/repos` and `POST /user/repos`: validates, creates the
 * bare repository (with a README commit for `auto_init`) and records it.
 */
export async function createRepository(
  ctx: GitHubContext,
  req: Request,
  owner: string,
  isOrganization: boolean,
): Promise<StoredRepository> {
  const { store, git } = ctx;
  const login = callerOf(req).login!;
  const body = bodyOf(req);
  const message = 'Repository creation failed.';
  const name = requireAvailableName(
    store,
    owner,
    optionalString(body, 'name'),
    message,
  );
  const visibility = visibilityOf(body, isOrganization);
  const scope = visibility === 'public' ? 'public_repo' : 'repo';
  if (!hasScope(callerOf(req), scope)) {
    throw new GitHubError(
      403,
      'Resource not accessible by personal access token',
      undefined,
      {
        'x-accepted-oauth-scopes':
          scope === 'repo' ? 'repo' : 'public_repo, repo',
      },
    );
  }
  // Checked before anything is made: an undefined property is refused.
  const org = store.organization(owner);
  const customProperties = optionalObject(body, 'custom_properties');
  const properties: PropertyChanges = org
    ? initialPropertyValues(store, org, customProperties ?? undefined)
    : [];
  const reservation = `${loginKey(owner)}/${name.toLowerCase()}`;
  const pending = pendingByStore.get(store) ?? new Set<string>();
  pendingByStore.set(store, pending);
  if (pending.has(reservation)) {
    throw new GitHubError(422, message, [
      {
        resource: 'Repository',
        code: 'custom',
        field: 'name',
        message: 'name already exists on this account',
      },
    ]);
  }
  pending.add(reservation);
  try {
    const description = optionalNullableString(body, 'description') ?? null;
    const user = store.user(login)!;
    await git.create(owner, name, {
      defaultBranch: DEFAULT_BRANCH,
      initialCommit: optionalBoolean(body, 'auto_init')
        ? {
            message: 'Initial commit',
            author: {
              name: user.name ?? user.login,
              email: user.email ?? `${user.login}@users.noreply.github.com`,
            },
            files: {
              'README.md': Buffer.from(
                `# ${name}\n${description ? `${description}\n` : ''}`,
              ),
            },
          }
        : undefined,
    });
    const id = store.allocateId();
    const now = new Date().toISOString();
    const repository: StoredRepository = {
      id,
      node_id: nodeId('Repository', id),
      owner: store.account(owner)!.record.login,
      name,
      description,
      homepage: optionalNullableString(body, 'homepage') ?? null,
      visibility,
      default_branch: DEFAULT_BRANCH,
      archived: false,
      topics: [],
      has_issues: optionalBoolean(body, 'has_issues') ?? true,
      has_projects: optionalBoolean(body, 'has_projects') ?? true,
      has_wiki: optionalBoolean(body, 'has_wiki') ?? true,
      allow_merge_commit: optionalBoolean(body, 'allow_merge_commit') ?? true,
      allow_squash_merge: optionalBoolean(body, 'allow_squash_merge') ?? true,
      allow_rebase_merge: optionalBoolean(body, 'allow_rebase_merge') ?? true,
      allow_auto_merge: optionalBoolean(body, 'allow_auto_merge') ?? false,
      delete_branch_on_merge:
        optionalBoolean(body, 'delete_branch_on_merge') ?? false,
      created_at: now,
      updated_at: now,
      pushed_at: now,
      extras: extrasFrom(body),
      collaborators: {},
      size: 0,
    };
    if (org && org.members[loginKey(login)] !== 'admin') {
      // GitHub makes whoever creates an organization repository its admin.
      repository.collaborators[loginKey(login)] = 'admin';
    }
    store.data.repositories[String(id)] = repository;
    // Part of the creation: the repository never exists without them.
    if (properties.length > 0) {
      applyPropertyValues(store, id, properties);
    }
    store.save();
    return repository;
  } finally {
    pending.delete(reservation);
  }
}
