import type { Request } from 'express';

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

/**
 * Resolves `:owner/:repo` of the request and checks that the authenticated
 * caller holds at least `permission` (and the token's scopes); throws
 * GitHubError 401/403/404 as GitHub would (404 for private repositories the
 * caller cannot see). Write permissions on an archived repository give 403.
 */
export type RequireRepository = (
  req: Request,
  permission: RepositoryPermission,
) => Promise<RepositoryAccess>;

/** Collaborators the settings routes need from the server core. */
export interface RepositorySettingsDeps {
  requireRepository: RequireRepository;
  /** Resolves a branch, tag or sha of the repository to a commit sha. */
  resolveCommit(
    repository: RepositoryRecord,
    ref: string,
  ): Promise<string | undefined>;
  /** Whether a branch exists in the repository. */
  branchExists(repository: RepositoryRecord, branch: string): Promise<boolean>;
  /** `http(s)://host[:port]` the client used, for the URLs in responses. */
  baseUrl(req: Request): string;
  /** Persists the state after a change. */
  save(): void;
}
