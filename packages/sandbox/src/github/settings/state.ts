import type { RepositoryRecord } from '../types';
import type { DirectoryUser } from './directory';

/** Who an allowance or restriction names: user logins, team slugs, app slugs. */
export interface ActorNames {
  users: string[];
  teams: string[];
  apps: string[];
}

export interface BranchProtectionRecord {
  branch: string;
  required_status_checks: {
    strict: boolean;
    checks: { context: string; app_id: number | null }[];
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

/** An Actions secret: never its value, only the sealed box GitHub was given. */
export interface SecretRecord {
  name: string;
  /** The `crypto_box_seal` ciphertext as sent (base64); never decrypted. */
  encrypted_value: string;
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

export interface BranchPolicyRecord {
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
  /** Ids of the protection rules GitHub shows for the timer and reviewers. */
  rule_ids: {
    wait_timer: number;
    required_reviewers: number;
    branch_policy: number;
  };
  deployment_branch_policy: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null;
  branch_policies: BranchPolicyRecord[];
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

export interface DeploymentStatusRecord {
  id: number;
  state: DeploymentState;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  /** As the creator was when the status was created, as GitHub shows it. */
  creator: DirectoryUser;
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
  creator: DirectoryUser;
  created_at: string;
  updated_at: string;
  /** Oldest first. */
  statuses: DeploymentStatusRecord[];
}

/** Everything the settings routes keep of one repository. */
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

/**
 * The settings of every repository, by repository id. Plain JSON: the server
 * core persists it in its own state file.
 */
export interface RepositorySettingsState {
  version: 1;
  /** Next id for rulesets, environments, rules, deployments and statuses. */
  next_id: number;
  repositories: Record<string, RepositorySettings>;
}

export function createRepositorySettingsState(): RepositorySettingsState {
  return { version: 1, next_id: 1, repositories: {} };
}

/** Drops everything kept for a repository that was deleted. */
export function forgetRepository(
  state: RepositorySettingsState,
  repositoryId: number,
): void {
  delete state.repositories[String(repositoryId)];
}

/** The settings of a repository, created empty on first use. */
export function settingsOf(
  state: RepositorySettingsState,
  repository: RepositoryRecord,
): RepositorySettings {
  const key = String(repository.id);
  let settings = state.repositories[key];
  if (!settings) {
    settings = {
      branch_protection: [],
      rulesets: [],
      environments: [],
      variables: [],
      secrets: [],
      deployments: [],
    };
    state.repositories[key] = settings;
  }
  return settings;
}

export function nextId(state: RepositorySettingsState): number {
  const id = state.next_id;
  state.next_id += 1;
  return id;
}
