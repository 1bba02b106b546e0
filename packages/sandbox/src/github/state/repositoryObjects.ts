import type { StoredRepository } from './model';
import { nodeId, type GitHubStore } from './GitHubStore';

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

/** The labels GitHub gives every new repository. */
const DEFAULT_LABELS: Array<[string, string, string]> = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on'],
];

/**
 * The objects of a repository, made on first use (with GitHub's default
 * labels, as a new repository has them). Call `store.save()` after changes.
 */
export function objectsOf(
  store: GitHubStore,
  repository: StoredRepository,
): RepositoryObjects {
  const all = (store.data.objects ??= {});
  const key = String(repository.id);
  let objects = all[key];
  if (!objects) {
    objects = {
      hooks: [],
      deployKeys: [],
      autolinks: [],
      pages: null,
      labels: DEFAULT_LABELS.map(([name, color, description]) =>
        newLabel(store, { name, color, description, isDefault: true }),
      ),
      issues: [],
      workflows: [],
      dispatches: [],
    };
    all[key] = objects;
  }
  return objects;
}

export function newLabel(
  store: GitHubStore,
  input: {
    name: string;
    color: string;
    description: string | null;
    isDefault?: boolean;
  },
): LabelRecord {
  const id = store.allocateId();
  return {
    id,
    node_id: nodeId('08:Label', id),
    name: input.name,
    color: input.color,
    description: input.description,
    default: input.isDefault ?? false,
  };
}

/** Every repository's objects, e.g. to check that a deploy key is unused. */
export function allObjects(store: GitHubStore): RepositoryObjects[] {
  return Object.values(store.data.objects ?? {});
}
