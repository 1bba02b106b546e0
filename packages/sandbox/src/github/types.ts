/** GitHub's repository permission levels, weakest first. */
export type RepositoryPermission =
  | 'pull'
  | 'triage'
  | 'push'
  | 'maintain'
  | 'admin';

/** What the sandbox keeps of a repository; the REST shape is derived from it. */
export interface RepositoryRecord {
  id: number;
  node_id: string;
  owner: string;
  name: string;
  description: string | null;
  homepage: string | null;
  visibility: 'public' | 'private' | 'internal';
  default_branch: string;
  archived: boolean;
  topics: string[];
  has_issues: boolean;
  has_projects: boolean;
  has_wiki: boolean;
  allow_merge_commit: boolean;
  allow_squash_merge: boolean;
  allow_rebase_merge: boolean;
  allow_auto_merge: boolean;
  delete_branch_on_merge: boolean;
  created_at: string;
  updated_at: string;
  pushed_at: string | null;
}

/** One entry of a 422's `errors[]`, as GitHub sends it. */
export interface GitHubValidationError {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'custom';
  field?: string;
  message?: string;
}

/**
 * An error answered in GitHub's shape:
 * `{ message, errors?, documentation_url, status }`.
 */
export class GitHubError extends Error {
  name = 'GitHubError';
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: GitHubValidationError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** The caller and the repository a route acts on. */
export interface RepositoryAccess {
  login: string;
  repository: RepositoryRecord;
}
