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

/** Who a branch protection's allowance or restriction names: user logins, team slugs, app slugs. */
export interface ActorNames {
  users: string[];
  teams: string[];
  apps: string[];
}

/** The protection of one branch, as `PUT .../branches/:branch/protection` set it. */
export interface BranchProtectionRecord {
  branch: string;
  required_status_checks: {
    strict: boolean;
    checks: Array<{ context: string; app_id: number | null }>;
  } | null;
  enforce_admins: boolean;
  required_pull_request_reviews: {
    dismiss_stale_reviews: boolean;
    require_code_owner_reviews: boolean;
    required_approving_review_count: number;
    require_last_push_approval: boolean;
    dismissal_restrictions?: ActorNames;
    bypass_pull_request_allowances?: ActorNames;
  } | null;
  restrictions: ActorNames | null;
  required_signatures: boolean;
  required_linear_history: boolean;
  allow_force_pushes: boolean;
  allow_deletions: boolean;
  block_creations: boolean;
  required_conversation_resolution: boolean;
  lock_branch: boolean;
  allow_fork_syncing: boolean;
}

export type RulesetTarget = 'branch' | 'tag' | 'push';
export type RulesetEnforcement = 'disabled' | 'active' | 'evaluate';

/** One rule of a ruleset; its parameters are kept as GitHub was given them. */
export interface RulesetRule {
  type: string;
  parameters?: Record<string, unknown>;
}

export interface RulesetBypassActor {
  actor_id: number | null;
  actor_type: string;
  bypass_mode: string;
}

export interface RulesetRecord {
  id: number;
  name: string;
  target: RulesetTarget;
  enforcement: RulesetEnforcement;
  conditions: { ref_name: { include: string[]; exclude: string[] } } | null;
  rules: RulesetRule[];
  bypass_actors: RulesetBypassActor[];
  created_at: string;
  updated_at: string;
}

/** An Actions variable; names are kept uppercased, as GitHub does. */
export interface VariableRecord {
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
}

/**
 * An Actions secret: what GitHub shows of it. Its value arrives sealed and
 * is dropped, never stored.
 */
export interface SecretRecord {
  name: string;
  /** The public key the value was sealed with. */
  key_id: string;
  created_at: string;
  updated_at: string;
}

/** The public half of a scope's Curve25519 key; the private half is dropped. */
export interface SecretsKeyRecord {
  key_id: string;
  /** Raw 32-byte X25519 public key, base64. */
  key: string;
}

/** A custom branch or tag name pattern an environment accepts deployments from. */
export interface DeploymentBranchPolicyRecord {
  id: number;
  name: string;
  type: 'branch' | 'tag';
}

export interface EnvironmentReviewer {
  type: 'User' | 'Team';
  id: number;
}

export interface EnvironmentRecord {
  id: number;
  name: string;
  created_at: string;
  updated_at: string;
  wait_timer: number;
  prevent_self_review: boolean;
  reviewers: EnvironmentReviewer[];
  /** Ids of the protection rules GitHub shows for the timer, reviewers and branch policy. */
  rule_ids: {
    wait_timer: number;
    required_reviewers: number;
    branch_policy: number;
  };
  deployment_branch_policy: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null;
  branch_policies: DeploymentBranchPolicyRecord[];
  variables: VariableRecord[];
  secrets: SecretRecord[];
  secrets_key?: SecretsKeyRecord;
}

export type DeploymentState =
  | 'error'
  | 'failure'
  | 'inactive'
  | 'in_progress'
  | 'queued'
  | 'pending'
  | 'success';

/** An account as it was when it acted, as GitHub shows a deployment's creator. */
export interface ActorSnapshot {
  id: number;
  login: string;
  node_id: string;
  type: 'User' | 'Organization' | 'Bot';
}

export interface DeploymentStatusRecord {
  id: number;
  state: DeploymentState;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  creator: ActorSnapshot;
  created_at: string;
  updated_at: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  original_environment: string;
  description: string;
  transient_environment: boolean;
  production_environment: boolean;
  creator: ActorSnapshot;
  created_at: string;
  updated_at: string;
  /** Oldest first. */
  statuses: DeploymentStatusRecord[];
}

/**
 * The settings of one repository: branch protection, rulesets, environments,
 * Actions variables and secrets (repository-wide; environments hold their
 * own), deployments.
 */
export interface RepositorySettings {
  /** A list rather than a map, so no branch name can clash with object keys. */
  branch_protection: BranchProtectionRecord[];
  rulesets: RulesetRecord[];
  environments: EnvironmentRecord[];
  variables: VariableRecord[];
  secrets: SecretRecord[];
  secrets_key?: SecretsKeyRecord;
  deployments: DeploymentRecord[];
}

export type CustomPropertyValueType =
  | 'string'
  | 'single_select'
  | 'multi_select'
  | 'true_false';

/** A custom property an organization defines for its repositories. */
export interface CustomPropertyRecord {
  property_name: string;
  value_type: CustomPropertyValueType;
  required: boolean;
  default_value: string | string[] | null;
  description: string | null;
  allowed_values: string[] | null;
  values_editable_by: 'org_actors' | 'org_and_repo_actors';
}

/** A repository's value of a custom property: a string, or the names picked of a multi-select. */
export type CustomPropertyValue = string | string[];

/** Everything `state.json` holds. */
export interface GitHubStateData {
  /** 2 since settings are typed and share the id counter; stateFile.ts reads 1 too. */
  version: 2;
  /** Every id the server hands out comes from here, whatever the kind of object. */
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
  /** Keyed by repository id. */
  settings: Record<string, RepositorySettings>;
  /** Keyed by repository id: hooks, keys, autolinks, pages, issues, pulls. */
  objects?: Record<string, RepositoryObjects>;
  /** Keyed by lower-cased organization login, in the order they were defined. */
  propertySchemas?: Record<string, CustomPropertyRecord[]>;
  /** Keyed by repository id: the custom property values set, by property name. */
  propertyValues?: Record<string, Record<string, CustomPropertyValue>>;
}

export function emptyState(): GitHubStateData {
  return {
    version: 2,
    nextId: 1,
    users: {},
    organizations: {},
    teams: {},
    repositories: {},
    redirects: {},
    settings: {},
  };
}
