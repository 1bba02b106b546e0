import type { RepositoryPermission, RepositoryRecord } from '../types';
import type { RepositoryObjects } from './repositoryObjects';

/** A user account; organizations are kept apart but share the id space. */
export interface UserRecord {
  id: number;
  node_id: string;
  login: string;
  name: string | null;
  email: string | null;
  created_at: string;
  updated_at: string;
}

export type OrganizationRole = 'admin' | 'member';

/** GitHub's organization base permission for members. */
export type BasePermission = 'none' | 'read' | 'write' | 'admin';

export interface OrganizationRecord {
  id: number;
  node_id: string;
  login: string;
  name: string | null;
  description: string | null;
  default_repository_permission: BasePermission;
  members_can_create_repositories: boolean;
  /** Lower-cased login to role. */
  members: Record<string, OrganizationRole>;
  created_at: string;
  updated_at: string;
}

export type TeamRole = 'member' | 'maintainer';

export interface TeamRecord {
  id: number;
  node_id: string;
  /** Lower-cased login of the organization. */
  org: string;
  slug: string;
  name: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  notification_setting: 'notifications_enabled' | 'notifications_disabled';
  parent_id: number | null;
  /** Lower-cased login to role. */
  members: Record<string, TeamRole>;
  /** Repository id to the permission the team grants. */
  repositories: Record<string, RepositoryPermission>;
  created_at: string;
  updated_at: string;
}

/** Repository settings GitHub reports but the sandbox only stores. */
export interface RepositoryExtras {
  allow_update_branch: boolean;
  allow_forking: boolean;
  is_template: boolean;
  has_discussions: boolean;
  web_commit_signoff_required: boolean;
  squash_merge_commit_title: string;
  squash_merge_commit_message: string;
  merge_commit_title: string;
  merge_commit_message: string;
  use_squash_pr_title_as_default: boolean;
}

export interface StoredRepository extends RepositoryRecord {
  extras: RepositoryExtras;
  /** Lower-cased login to the permission granted directly. */
  collaborators: Record<string, RepositoryPermission>;
  /** Kilobytes on disk, 0 while the repository is empty. */
  size: number;
}

/** Everything `state.json` holds. */
export interface GitHubStateData {
  version: 1;
  nextId: number;
  /** Keyed by lower-cased login. */
  users: Record<string, UserRecord>;
  /** Keyed by lower-cased login. */
  organizations: Record<string, OrganizationRecord>;
  /** Keyed by id. */
  teams: Record<string, TeamRecord>;
  /** Keyed by id. */
  repositories: Record<string, StoredRepository>;
  /** Lower-cased `owner/name` a repository had before a rename, to its id. */
  redirects: Record<string, number>;
  /** Owned by the repository settings routes; persisted as it is. */
  settings?: unknown;
  /** Keyed by repository id: hooks, keys, autolinks, pages, issues, pulls. */
  objects?: Record<string, RepositoryObjects>;
}

export function emptyState(): GitHubStateData {
  return {
    version: 1,
    nextId: 1,
    users: {},
    organizations: {},
    teams: {},
    repositories: {},
    redirects: {},
  };
}
