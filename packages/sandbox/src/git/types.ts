/** Who wrote or committed a commit. `date` is ISO 8601; now when absent. */
export interface GitIdentity {
  name: string;
  email: string;
  date?: string;
}

export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: Required<GitIdentity>;
  committer: Required<GitIdentity>;
}

export interface GitRef {
  /** Full name, e.g. `refs/heads/main`. */
  ref: string;
  /** The object the ref points at. */
  sha: string;
}

export interface GitTreeEntry {
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  name: string;
  path: string;
  /** Blob or tree sha. */
  sha: string;
  /** Bytes for files, 0 otherwise. */
  size: number;
}

export type GitContent =
  | { type: 'file'; path: string; sha: string; size: number; content: Buffer }
  | { type: 'dir'; path: string; sha: string; entries: GitTreeEntry[] };

/** The modes a tree entry may have, as GitHub's Git Data API names them. */
export type GitTreeMode = '100644' | '100755' | '040000' | '160000' | '120000';

/** One entry of a tree as `git ls-tree` lists it. */
export interface GitTreeItem {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Bytes, for blobs only. */
  size?: number;
}

/** A tree read from the repository; `sha` is the tree itself. */
export interface GitTreeListing {
  sha: string;
  entries: GitTreeItem[];
}

/**
 * One change to a tree: an existing object (`sha`), new file content, or a
 * deletion (`sha: null`) of the path and everything under it.
 */
export interface GitTreeWrite {
  path: string;
  mode: GitTreeMode;
  sha?: string | null;
  content?: Buffer;
}

export interface GitCommitObjectInput {
  tree: string;
  parents: string[];
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
}

/** One file change of a commit: `content` undefined deletes the path. */
export interface GitFileChange {
  path: string;
  content?: Buffer;
}

/** A ref moved, by a push over smart HTTP or by a commit made through the API. */
export interface GitPushEvent {
  owner: string;
  repo: string;
  ref: string;
  /** 40 zeros when the ref was created. */
  before: string;
  /** 40 zeros when the ref was deleted. */
  after: string;
}

/** How `GitRepositoryStore.create` sets up a new repository. */
export interface GitCreateOptions {
  defaultBranch: string;
  initialCommit?: {
    message: string;
    author: GitIdentity;
    files: Record<string, Buffer>;
  };
}

/** What `GitRepositoryStore.commitFiles` commits, and on which branch. */
export interface GitCommitFilesOptions {
  branch: string;
  message: string;
  author: GitIdentity;
  committer?: GitIdentity;
  changes: GitFileChange[];
  expectedHead?: string;
}

/** Bare repositories on disk, one per `<owner>/<repo>`, driven with the real git. */
export interface GitRepositoryStore {
  /** Absolute path of the bare repository. */
  path(owner: string, repo: string): string;
  exists(owner: string, repo: string): Promise<boolean>;
  /** Creates an empty bare repository whose HEAD names `defaultBranch`; with `initialCommit`, commits it there. */
  create(owner: string, repo: string, options: GitCreateOptions): Promise<void>;
  delete(owner: string, repo: string): Promise<void>;
  rename(
    owner: string,
    repo: string,
    newOwner: string,
    newRepo: string,
  ): Promise<void>;
  setDefaultBranch(owner: string, repo: string, branch: string): Promise<void>;
  listBranches(owner: string, repo: string): Promise<GitRef[]>;
  /** All refs under a prefix such as `refs/heads/` or `refs/tags/`. */
  listRefs(owner: string, repo: string, prefix?: string): Promise<GitRef[]>;
  /** A branch, tag, full ref or (abbreviated) sha, resolved to a commit sha. */
  resolveCommit(
    owner: string,
    repo: string,
    ref: string,
  ): Promise<string | undefined>;
  /** Moves or creates a ref; throws GitConflictError unless fast-forward, `force`, or `oldSha` matches. */
  updateRef(
    owner: string,
    repo: string,
    ref: string,
    sha: string,
    options?: { force?: boolean; oldSha?: string },
  ): Promise<void>;
  deleteRef(owner: string, repo: string, ref: string): Promise<void>;
  getCommit(
    owner: string,
    repo: string,
    sha: string,
  ): Promise<GitCommit | undefined>;
  /**
   * Newest first, from `ref`, optionally only commits touching `path`, and
   * without those reachable from `exclude` (git's `exclude..ref`).
   */
  listCommits(
    owner: string,
    repo: string,
    options: {
      ref: string;
      exclude?: string;
      path?: string;
      skip?: number;
      limit?: number;
    },
  ): Promise<GitCommit[]>;
  /** The best common ancestor of two commits; undefined when they share none. */
  mergeBase(
    owner: string,
    repo: string,
    a: string,
    b: string,
  ): Promise<string | undefined>;
  /** A file or directory at `ref`; undefined when the path does not exist. */
  getContent(
    owner: string,
    repo: string,
    ref: string,
    path: string,
  ): Promise<GitContent | undefined>;
  /**
   * Commits changes on top of `branch` (created from the default branch's
   * head when missing) and moves it; throws GitConflictError when
   * `expectedHead` is given and the branch moved.
   */
  commitFiles(
    owner: string,
    repo: string,
    options: GitCommitFilesOptions,
  ): Promise<GitCommit>;
  /** Fired for every moved ref, whether pushed or committed through the API. */
  onPush(listener: (event: GitPushEvent) => void): () => void;
  /** Stores a blob and returns its sha. */
  writeBlob(owner: string, repo: string, content: Buffer): Promise<string>;
  /** A blob's content; undefined when the sha names no blob. */
  readBlob(
    owner: string,
    repo: string,
    sha: string,
  ): Promise<Buffer | undefined>;
  /** A tree-ish's tree, its direct entries or, `recursive`, all of them. */
  readTree(
    owner: string,
    repo: string,
    treeish: string,
    options?: { recursive?: boolean },
  ): Promise<GitTreeListing | undefined>;
  /** Writes `baseTree` (or an empty tree) with `changes` applied; returns the tree sha. */
  writeTree(
    owner: string,
    repo: string,
    input: { baseTree?: string; changes: GitTreeWrite[] },
  ): Promise<string>;
  /** Writes a commit object; no ref moves. */
  writeCommit(
    owner: string,
    repo: string,
    input: GitCommitObjectInput,
  ): Promise<GitCommit>;
  /** A commit's tree as a gzipped tarball, every path under `prefix/`. */
  archive(
    owner: string,
    repo: string,
    commit: string,
    prefix: string,
  ): Promise<Buffer>;
}
