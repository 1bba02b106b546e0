import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SandboxLogger } from '../logger';
import { COMMIT_FORMAT_ARGS, parseCommits } from './commitFormat';
import {
  GitConflictError,
  GitInvalidNameError,
  GitNotFoundError,
} from './errors';
import {
  ZERO_SHA,
  assertOwnerName,
  assertRepoName,
  fullRefName,
  isFullSha,
  isValidOwnerName,
  isValidRepoName,
  normalizeRepoPath,
} from './names';
import {
  archiveCommit,
  hashBlob,
  readBlob,
  readTreeItems,
  writeCommitObject,
  writeTreeItems,
} from './gitObjects';
import { readContent } from './readContent';
import {
  checkRefName,
  compareAndSwap,
  diffRefs,
  objectType,
  readRefs,
  refValue,
  resolveRevision,
} from './refs';
import { gitEnvironment, runGit, type RepositoryGit } from './runGit';
import type {
  GitCommit,
  GitCommitFilesOptions,
  GitCommitObjectInput,
  GitContent,
  GitCreateOptions,
  GitPushEvent,
  GitRef,
  GitRepositoryStore,
  GitTreeWrite,
} from './types';
import { WriteQueue } from './WriteQueue';
import { writeCommit } from './writeCommit';

export interface GitRepositoriesOptions {
  /** Bare repositories live at `<rootDir>/<owner>/<repo>.git`. */
  rootDir: string;
  /** Told about push listeners that throw. */
  logger?: SandboxLogger;
}

/** Whoever git falls back to when a command needs an identity nobody gave. */
const FALLBACK_IDENTITY = { name: 'Sandbox', email: 'sandbox@localhost' };

/** Written into every new repository's config. */
const REPOSITORY_CONFIG = [
  // Pushes over HTTP are authorised by the router, not by http-backend.
  '[http]',
  '\treceivepack = true',
  // No background gc: it would outlive requests and race folder removal.
  '[receive]',
  '\tautogc = false',
  '[gc]',
  '\tauto = 0',
  '',
].join('\n');

/**
 * Bare repositories on disk driven with the real git CLI. Writes to one
 * repository are serialized; API commits are built with plumbing on a
 * temporary index, and refs move with compare-and-swap `update-ref`.
 */
export class GitRepositories implements GitRepositoryStore {
  readonly rootDir: string;
  private readonly homeDir: string;
  private readonly tmpDir: string;
  private readonly logger?: SandboxLogger;
  private readonly queue = new WriteQueue();
  private readonly listeners = new Set<(event: GitPushEvent) => void>();
  private readonly prepared: Promise<void>;

  constructor(options: GitRepositoriesOptions) {
    this.rootDir = resolve(options.rootDir);
    this.homeDir = join(this.rootDir, '.home');
    this.tmpDir = join(this.rootDir, '.tmp');
    this.logger = options.logger;
    this.prepared = this.prepare();
    // Reported by the first call that awaits it.
    this.prepared.catch(() => {});
  }

  path(owner: string, repo: string): string {
    assertOwnerName(owner);
    assertRepoName(repo);
    // GitHub names are case-insensitive, so are the folders.
    return join(this.rootDir, owner.toLowerCase(), `${repo.toLowerCase()}.git`);
  }

  async exists(owner: string, repo: string): Promise<boolean> {
    if (!isValidOwnerName(owner) || !isValidRepoName(repo)) {
      return false;
    }
    try {
      return (await stat(join(this.path(owner, repo), 'HEAD'))).isFile();
    } catch {
      return false;
    }
  }

  async create(
    owner: string,
    repo: string,
    options: GitCreateOptions,
  ): Promise<void> {
    const gitDir = this.path(owner, repo);
    await this.prepared;
    const branchRef = await this.checkRef(
      `refs/heads/${options.defaultBranch}`,
    );
    const event = await this.queue.run(gitDir, async () => {
      if (await this.exists(owner, repo)) {
        throw new GitConflictError(
          `Repository ${owner}/${repo} already exists`,
        );
      }
      // Built aside and moved into place, so nobody sees a half-made repository.
      const staging = await mkdtemp(join(this.tmpDir, 'repo-'));
      try {
        await runGit(
          [
            'init',
            '--bare',
            '--quiet',
            '--template=',
            `--initial-branch=${options.defaultBranch}`,
            staging,
          ],
          { env: this.env() },
        );
        await appendFile(join(staging, 'config'), REPOSITORY_CONFIG);
        let after: string | undefined;
        if (options.initialCommit) {
          const { message, author, files } = options.initialCommit;
          const git = this.gitIn(staging);
          after = await writeCommit(git, this.tmpDir, {
            changes: Object.entries(files).map(([path, content]) => ({
              path: normalizeRepoPath(path, false),
              content,
            })),
            message,
            author,
            committer: author,
          });
          await git(['update-ref', branchRef, after, ZERO_SHA]);
        }
        await mkdir(dirname(gitDir), { recursive: true });
        await rename(staging, gitDir);
        return after;
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
    });
    if (event) {
      this.emit({
        owner,
        repo,
        ref: branchRef,
        before: ZERO_SHA,
        after: event,
      });
    }
  }

  async delete(owner: string, repo: string): Promise<void> {
    const gitDir = await this.requireRepository(owner, repo);
    await this.queue.run(gitDir, () =>
      rm(gitDir, { recursive: true, force: true }),
    );
  }

  async rename(
    owner: string,
    repo: string,
    newOwner: string,
    newRepo: string,
  ): Promise<void> {
    const from = await this.requireRepository(owner, repo);
    const to = this.path(newOwner, newRepo);
    if (from === to) {
      return;
    }
    await this.queue.runAll([from, to], async () => {
      if (await this.exists(newOwner, newRepo)) {
        throw new GitConflictError(
          `Repository ${newOwner}/${newRepo} already exists`,
        );
      }
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
    });
  }

  async setDefaultBranch(
    owner: string,
    repo: string,
    branch: string,
  ): Promise<void> {
    const gitDir = await this.requireRepository(owner, repo);
    const ref = await this.checkRef(`refs/heads/${branch}`);
    await this.queue.run(gitDir, () =>
      this.gitIn(gitDir)(['symbolic-ref', 'HEAD', ref]),
    );
  }

  async listBranches(owner: string, repo: string): Promise<GitRef[]> {
    return this.listRefs(owner, repo, 'refs/heads/');
  }

  async listRefs(
    owner: string,
    repo: string,
    prefix = 'refs/',
  ): Promise<GitRef[]> {
    const gitDir = await this.requireRepository(owner, repo);
    return (await readRefs(this.gitIn(gitDir))).filter(ref =>
      ref.ref.startsWith(prefix),
    );
  }

  async resolveCommit(
    owner: string,
    repo: string,
    ref: string,
  ): Promise<string | undefined> {
    const gitDir = await this.requireRepository(owner, repo);
    return resolveRevision(this.gitIn(gitDir), ref);
  }

  async updateRef(
    owner: string,
    repo: string,
    ref: string,
    requestedSha: string,
    options: { force?: boolean; oldSha?: string } = {},
  ): Promise<void> {
    const gitDir = await this.requireRepository(owner, repo);
    const fullRef = await this.checkRef(fullRefName(ref));
    const git = this.gitIn(gitDir);
    const sha = requestedSha.toLowerCase();
    if (!isFullSha(sha)) {
      throw new GitInvalidNameError(`Invalid sha '${sha}'`);
    }
    const type = await objectType(git, sha);
    if (!type) {
      throw new GitNotFoundError(`Object ${sha} does not exist`);
    }
    if (fullRef.startsWith('refs/heads/') && type !== 'commit') {
      throw new GitInvalidNameError(`Object ${sha} is a ${type}, not a commit`);
    }
    const before = await this.queue.run(gitDir, async () => {
      const current = await refValue(git, fullRef);
      if (options.oldSha !== undefined) {
        if ((current ?? ZERO_SHA) !== options.oldSha) {
          throw new GitConflictError(
            `${fullRef} is at ${current ?? 'nothing'}, not ${options.oldSha}`,
          );
        }
      } else if (current && !options.force && current !== sha) {
        const ancestor = await git(
          ['merge-base', '--is-ancestor', current, sha],
          {
            okExitCodes: [1],
          },
        );
        if (ancestor.exitCode !== 0) {
          throw new GitConflictError(
            `Update of ${fullRef} is not a fast forward`,
          );
        }
      }
      await compareAndSwap(git, fullRef, sha, current);
      return current;
    });
    if (before !== sha) {
      this.emit({
        owner,
        repo,
        ref: fullRef,
        before: before ?? ZERO_SHA,
        after: sha,
      });
    }
  }

  async deleteRef(owner: string, repo: string, ref: string): Promise<void> {
    const gitDir = await this.requireRepository(owner, repo);
    const fullRef = await this.checkRef(fullRefName(ref));
    const before = await this.queue.run(gitDir, async () => {
      const current = await refValue(this.gitIn(gitDir), fullRef);
      if (!current) {
        throw new GitNotFoundError(`Reference ${fullRef} does not exist`);
      }
      await compareAndSwap(this.gitIn(gitDir), fullRef, undefined, current);
      return current;
    });
    this.emit({ owner, repo, ref: fullRef, before, after: ZERO_SHA });
  }

  async getCommit(
    owner: string,
    repo: string,
    sha: string,
  ): Promise<GitCommit | undefined> {
    const gitDir = await this.requireRepository(owner, repo);
    const commit = await resolveRevision(this.gitIn(gitDir), sha);
    if (!commit) {
      return undefined;
    }
    const result = await this.gitIn(gitDir)([
      'log',
      '-1',
      ...COMMIT_FORMAT_ARGS,
      commit,
    ]);
    return parseCommits(result.stdout.toString('utf8'))[0];
  }

  async listCommits(
    owner: string,
    repo: string,
    options: {
      ref: string;
      exclude?: string;
      path?: string;
      skip?: number;
      limit?: number;
    },
  ): Promise<GitCommit[]> {
    const gitDir = await this.requireRepository(owner, repo);
    const commit = await resolveRevision(this.gitIn(gitDir), options.ref);
    if (!commit) {
      return [];
    }
    const exclude =
      options.exclude === undefined
        ? undefined
        : await resolveRevision(this.gitIn(gitDir), options.exclude);
    const path = options.path ? normalizeRepoPath(options.path) : '';
    const args = ['log', ...COMMIT_FORMAT_ARGS];
    if (options.skip) {
      args.push(`--skip=${Math.max(0, Math.floor(options.skip))}`);
    }
    if (options.limit !== undefined) {
      args.push(`--max-count=${Math.max(0, Math.floor(options.limit))}`);
    }
    args.push(commit);
    if (exclude) {
      args.push(`^${exclude}`);
    }
    if (path) {
      args.push('--', path);
    }
    const result = await this.gitIn(gitDir)(args);
    return parseCommits(result.stdout.toString('utf8'));
  }

  async mergeBase(
    owner: string,
    repo: string,
    a: string,
    b: string,
  ): Promise<string | undefined> {
    const gitDir = await this.requireRepository(owner, repo);
    const result = await this.gitIn(gitDir)(['merge-base', a, b], {
      okExitCodes: [1],
    });
    return result.exitCode === 0
      ? result.stdout.toString('utf8').trim()
      : undefined;
  }

  async getContent(
    owner: string,
    repo: string,
    ref: string,
    path: string,
  ): Promise<GitContent | undefined> {
    const gitDir = await this.requireRepository(owner, repo);
    const normalized = normalizeRepoPath(path);
    const commit = await resolveRevision(this.gitIn(gitDir), ref);
    if (!commit) {
      return undefined;
    }
    return readContent(this.gitIn(gitDir), commit, normalized);
  }

  async commitFiles(
    owner: string,
    repo: string,
    options: GitCommitFilesOptions,
  ): Promise<GitCommit> {
    const gitDir = await this.requireRepository(owner, repo);
    const branch = options.branch.replace(/^refs\/heads\//, '');
    const ref = await this.checkRef(`refs/heads/${branch}`);
    const changes = options.changes.map(change => ({
      path: normalizeRepoPath(change.path, false),
      content: change.content,
    }));
    const git = this.gitIn(gitDir);
    const { before, after } = await this.queue.run(gitDir, async () => {
      const current = await refValue(this.gitIn(gitDir), ref);
      // A new branch starts from the default branch's head (none in an empty repository).
      const parent =
        current ?? (await resolveRevision(this.gitIn(gitDir), 'HEAD'));
      if (
        options.expectedHead !== undefined &&
        options.expectedHead !== parent
      ) {
        throw new GitConflictError(
          `${ref} is at ${parent ?? 'nothing'}, not ${options.expectedHead}`,
        );
      }
      const sha = await writeCommit(git, this.tmpDir, {
        parent,
        changes,
        message: options.message,
        author: options.author,
        committer: options.committer ?? options.author,
      });
      await compareAndSwap(this.gitIn(gitDir), ref, sha, current);
      return { before: current, after: sha };
    });
    this.emit({ owner, repo, ref, before: before ?? ZERO_SHA, after });
    const commit = await this.getCommit(owner, repo, after);
    return commit!;
  }

  async writeBlob(owner: string, repo: string, content: Buffer) {
    const gitDir = await this.requireRepository(owner, repo);
    return hashBlob(this.gitIn(gitDir), content);
  }

  async readBlob(owner: string, repo: string, sha: string) {
    const gitDir = await this.requireRepository(owner, repo);
    return readBlob(this.gitIn(gitDir), sha);
  }

  async readTree(
    owner: string,
    repo: string,
    treeish: string,
    options: { recursive?: boolean } = {},
  ) {
    const gitDir = await this.requireRepository(owner, repo);
    return readTreeItems(
      this.gitIn(gitDir),
      treeish,
      options.recursive ?? false,
    );
  }

  async writeTree(
    owner: string,
    repo: string,
    input: { baseTree?: string; changes: GitTreeWrite[] },
  ) {
    const gitDir = await this.requireRepository(owner, repo);
    return writeTreeItems(
      this.gitIn(gitDir),
      this.tmpDir,
      input.baseTree,
      input.changes,
    );
  }

  async writeCommit(
    owner: string,
    repo: string,
    input: GitCommitObjectInput,
  ): Promise<GitCommit> {
    const gitDir = await this.requireRepository(owner, repo);
    const sha = await writeCommitObject(this.gitIn(gitDir), input);
    return (await this.getCommit(owner, repo, sha))!;
  }

  async archive(owner: string, repo: string, commit: string, prefix: string) {
    const gitDir = await this.requireRepository(owner, repo);
    return archiveCommit(this.gitIn(gitDir), commit, prefix);
  }

  onPush(listener: (event: GitPushEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Runs a request that may move refs behind the store's back (a push over
   * smart HTTP) as a write of the repository, and reports every ref it
   * moved. The task may call `settle` once git is done, before answering
   * its client, so listeners have heard of the push when the client has;
   * otherwise the refs are compared when the task ends.
   */
  async trackRefChanges<T>(
    owner: string,
    repo: string,
    task: (settle: () => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const gitDir = await this.requireRepository(owner, repo);
    return this.queue.run(gitDir, async () => {
      const before = await readRefs(this.gitIn(gitDir));
      let settled: Promise<void> | undefined;
      const settle = () => {
        settled ??= readRefs(this.gitIn(gitDir)).then(after =>
          diffRefs(owner, repo, before, after).forEach(event =>
            this.emit(event),
          ),
        );
        return settled;
      };
      try {
        return await task(settle);
      } finally {
        await settle();
      }
    });
  }

  /** The environment for git processes run against these repositories, e.g. `git http-backend`. */
  async environment(
    extra?: Record<string, string | undefined>,
  ): Promise<NodeJS.ProcessEnv> {
    await this.prepared;
    return this.env(extra);
  }

  private async prepare(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    // Leftovers of a run that stopped mid-write; recent ones may belong to
    // another store over the same root.
    const staleBefore = Date.now() - 60 * 60 * 1000;
    for (const entry of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, entry);
      if ((await stat(path)).mtimeMs < staleBefore) {
        await rm(path, { recursive: true, force: true });
      }
    }
    await mkdir(this.homeDir, { recursive: true });
    await writeFile(
      join(this.homeDir, '.gitconfig'),
      `[user]\n\tname = ${FALLBACK_IDENTITY.name}\n\temail = ${FALLBACK_IDENTITY.email}\n`,
    );
  }

  private env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv {
    return gitEnvironment({ homeDir: this.homeDir, extra });
  }

  private gitIn(gitDir: string): RepositoryGit {
    return (args, options = {}) =>
      runGit(args, {
        env: this.env({ GIT_DIR: gitDir, ...options.env }),
        input: options.input,
        okExitCodes: options.okExitCodes,
      });
  }

  /** Validates a full ref name; git needs no repository for that. */
  private checkRef(ref: string): Promise<string> {
    return checkRefName(
      (args, options = {}) =>
        runGit(args, { env: this.env(), okExitCodes: options.okExitCodes }),
      ref,
    );
  }

  private async requireRepository(
    owner: string,
    repo: string,
  ): Promise<string> {
    const gitDir = this.path(owner, repo);
    await this.prepared;
    if (!(await this.exists(owner, repo))) {
      throw new GitNotFoundError(`Repository ${owner}/${repo} does not exist`);
    }
    return gitDir;
  }

  private emit(event: GitPushEvent): void {
    const report = (error: unknown) =>
      this.logger?.error('Push listener failed', {
        owner: event.owner,
        repo: event.repo,
        ref: event.ref,
        error: String(error),
      });
    for (const listener of this.listeners) {
      try {
        // Listeners may be async; their failures must not become unhandled.
        const result: unknown = listener(event);
        if (result instanceof Promise) {
          result.catch(report);
        }
      } catch (error) {
        report(error);
      }
    }
  }
}
