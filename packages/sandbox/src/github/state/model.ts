import type { RepositoryPermission, RepositoryRecord } from '../types';

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

/** A repository webhook; the secret is kept but never answered. */
export interface HookRecord {
  id: number;
  active: boolean;
  events: string[];
  config: {
    url: string;
    content_type: 'json' | 'form';
    insecure_ssl: '0' | '1';
    secret?: string;
  };
  created_at: string;
  updated_at: string;
}

export interface DeployKeyRecord {
  id: number;
  /** `<type> <base64>`, without the comment. */
  key: string;
  title: string;
  read_only: boolean;
  added_by: string;
  created_at: string;
}

export interface AutolinkRecord {
  id: number;
  key_prefix: string;
  url_template: string;
  is_alphanumeric: boolean;
  updated_at: string;
}

export interface PagesRecord {
  build_type: 'legacy' | 'workflow';
  source: { branch: string; path: '/' | '/docs' };
  cname: string | null;
  https_enforced: boolean;
  public: boolean;
  created_at: string;
}

export interface LabelRecord {
  id: number;
  node_id: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

/** What a pull request adds to its issue. */
export interface PullFields {
  /** Branch of the same repository the changes are on. */
  head: string;
  /** Head sha when the pull request was last updated or closed. */
  head_sha: string;
  base: string;
  draft: boolean;
  maintainer_can_modify: boolean;
  /** Lower-cased logins. */
  requested_reviewers: string[];
  requested_teams: number[];
}

/** An issue or, with `pull`, a pull request; both share the numbering. */
export interface IssueRecord {
  id: number;
  node_id: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  /** Login of the author. */
  user: string;
  /** Label ids, in the order they were added. */
  labels: number[];
  /** Logins. */
  assignees: string[];
  locked: boolean;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
  pull?: PullFields;
}

/** A workflow file seen in the repository, so its id stays the same. */
export interface WorkflowRecord {
  id: number;
  path: string;
  created_at: string;
}

export interface WorkflowDispatchRecord {
  id: number;
  workflow_id: number;
  ref: string;
  sha: string;
  inputs: Record<string, unknown>;
  actor: string;
  created_at: string;
}

/** Everything the sandbox keeps about one repository beyond its settings. */
export interface RepositoryObjects {
  hooks: HookRecord[];
  deployKeys: DeployKeyRecord[];
  autolinks: AutolinkRecord[];
  pages: PagesRecord | null;
  labels: LabelRecord[];
  issues: IssueRecord[];
  workflows: WorkflowRecord[];
  dispatches: WorkflowDispatchRecord[];
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
