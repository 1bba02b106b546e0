/**
 * The rule types a repository ruleset accepts, with the parameters GitHub
 * requires for each (from GitHub's REST description of `repository-rule`).
 */
export const RULESET_RULE_PARAMETERS: Readonly<
  Record<string, readonly string[]>
> = {
  creation: [],
  update: ['update_allows_fetch_and_merge'],
  deletion: [],
  required_linear_history: [],
  merge_queue: [
    'check_response_timeout_minutes',
    'grouping_strategy',
    'max_entries_to_build',
    'max_entries_to_merge',
    'merge_method',
    'min_entries_to_merge',
    'min_entries_to_merge_wait_minutes',
  ],
  required_deployments: ['required_deployment_environments'],
  required_signatures: [],
  pull_request: [
    'dismiss_stale_reviews_on_push',
    'require_code_owner_review',
    'require_last_push_approval',
    'required_approving_review_count',
    'required_review_thread_resolution',
  ],
  required_status_checks: [
    'required_status_checks',
    'strict_required_status_checks_policy',
  ],
  non_fast_forward: [],
  commit_message_pattern: ['operator', 'pattern'],
  commit_author_email_pattern: ['operator', 'pattern'],
  committer_email_pattern: ['operator', 'pattern'],
  branch_name_pattern: ['operator', 'pattern'],
  tag_name_pattern: ['operator', 'pattern'],
  workflows: ['workflows'],
  code_scanning: ['code_scanning_tools'],
  copilot_code_review: [],
  file_path_restriction: ['restricted_file_paths'],
  max_file_path_length: ['max_file_path_length'],
  file_extension_restriction: ['restricted_file_extensions'],
  max_file_size: ['max_file_size'],
};

export const BYPASS_ACTOR_TYPES: readonly string[] = [
  'Integration',
  'OrganizationAdmin',
  'RepositoryRole',
  'Team',
  'DeployKey',
  'User',
];

export const BYPASS_MODES: readonly string[] = [
  'always',
  'pull_request',
  'exempt',
];
