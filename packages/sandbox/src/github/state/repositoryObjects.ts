import { nodeId } from '../nodeIds';
import type { GitHubStore } from './GitHubStore';
import type { LabelRecord, RepositoryObjects, StoredRepository } from './model';

// The records live in the state model; routes have long imported them from here.
export type {
  AutolinkRecord,
  DeployKeyRecord,
  HookRecord,
  IssueRecord,
  LabelRecord,
  PagesRecord,
  PullFields,
  RepositoryObjects,
  WorkflowDispatchRecord,
  WorkflowRecord,
} from './model';

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
 * The objects of a repository, made (and saved) on first use, with GitHub's
 * default labels as a new repository has them. Call `store.save()` after
 * changes.
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
    // The labels took ids: keep them even when the caller only reads, so a
    // restart never hands the same ids out again.
    store.save();
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
    node_id: nodeId('Label', id),
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
