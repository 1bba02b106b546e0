import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitInvalidNameError, GitNotFoundError } from './errors';
import { GitRepositories } from './GitRepositories';
import { GitConflictError } from './errors';
import type { GitPushEvent } from './types';

const author = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  date: '2024-05-01T10:00:00Z',
};
const ZERO = '0'.repeat(40);

describe('GitRepositories', () => {
  let rootDir: string;
  let repos: GitRepositories;
  let events: GitPushEvent[];

  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'sandbox-git-'));
    repos = new GitRepositories({ rootDir });
    events = [];
    repos.onPush(event => events.push(event));
  });

  afterEach(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it('creates a repository with an initial commit and reads it back', async () => {
    await repos.create('acme', 'service', {
      defaultBranch: 'main',
      initialCommit: {
        message: 'Initial commit',
        author,
        files: {
          'README.md': Buffer.from('# Service\n'),
          'deploy/dev/deployment.yaml': Buffer.from('kind: Deployment\n'),
        },
      },
    });

    expect(await repos.exists('acme', 'service')).toBe(true);
    expect(await repos.exists('Acme', 'Service')).toBe(true);
    expect(repos.path('acme', 'service')).toBe(
      join(rootDir, 'acme', 'service.git'),
    );
    const branches = await repos.listBranches('acme', 'service');
    expect(branches).toEqual([
      { ref: 'refs/heads/main', sha: expect.stringMatching(/^[0-9a-f]{40}$/) },
    ]);
    const head = branches[0].sha;
    expect(events).toEqual([
      {
        owner: 'acme',
        repo: 'service',
        ref: 'refs/heads/main',
        before: ZERO,
        after: head,
      },
    ]);

    const commit = await repos.getCommit('acme', 'service', head);
    expect(commit).toEqual({
      sha: head,
      tree: expect.stringMatching(/^[0-9a-f]{40}$/),
      parents: [],
      message: 'Initial commit',
      author: { ...author },
      committer: { ...author },
    });

    const readme = await repos.getContent(
      'acme',
      'service',
      'main',
      'README.md',
    );
    expect(readme).toMatchObject({ type: 'file', path: 'README.md', size: 10 });
    expect(readme?.type === 'file' && readme.content.toString()).toBe(
      '# Service\n',
    );

    const root = await repos.getContent('acme', 'service', head, '');
    expect(root).toMatchObject({ type: 'dir', path: '', sha: commit?.tree });
    expect(root?.type === 'dir' && root.entries).toEqual([
      {
        type: 'file',
        name: 'README.md',
        path: 'README.md',
        sha: readme?.sha,
        size: 10,
      },
      {
        type: 'dir',
        name: 'deploy',
        path: 'deploy',
        sha: expect.stringMatching(/^[0-9a-f]{40}$/),
        size: 0,
      },
    ]);
    const deploy = await repos.getContent(
      'acme',
      'service',
      'main',
      'deploy/dev',
    );
    expect(deploy?.type === 'dir' && deploy.entries.map(e => e.path)).toEqual([
      'deploy/dev/deployment.yaml',
    ]);
    expect(
      await repos.getContent('acme', 'service', 'main', 'missing.txt'),
    ).toBeUndefined();
    expect(
      await repos.getContent('acme', 'service', 'no-such-branch', 'README.md'),
    ).toBeUndefined();
  });

  it('commits, updates and deletes files and lists commits', async () => {
    await repos.create('acme', 'app', { defaultBranch: 'main' });
    expect(await repos.listBranches('acme', 'app')).toEqual([]);
    expect(await repos.resolveCommit('acme', 'app', 'main')).toBeUndefined();

    const first = await repos.commitFiles('acme', 'app', {
      branch: 'main',
      message: 'Add files\n\nWith a body.',
      author,
      changes: [
        { path: 'a.txt', content: Buffer.from('a') },
        { path: 'dir/b.txt', content: Buffer.from('b') },
      ],
    });
    expect(first.parents).toEqual([]);
    expect(first.message).toBe('Add files\n\nWith a body.');

    const committer = { name: 'Bot', email: 'bot@example.com' };
    const second = await repos.commitFiles('acme', 'app', {
      branch: 'main',
      message: 'Change a, drop dir',
      author,
      committer,
      changes: [{ path: 'a.txt', content: Buffer.from('a2') }, { path: 'dir' }],
      expectedHead: first.sha,
    });
    expect(second.parents).toEqual([first.sha]);
    expect(second.committer).toMatchObject(committer);

    const root = await repos.getContent('acme', 'app', 'main', '/');
    expect(root?.type === 'dir' && root.entries.map(e => e.path)).toEqual([
      'a.txt',
    ]);

    // A new branch starts from the default branch.
    const feature = await repos.commitFiles('acme', 'app', {
      branch: 'feature/x',
      message: 'Feature',
      author,
      changes: [{ path: 'f.txt', content: Buffer.from('f') }],
    });
    expect(feature.parents).toEqual([second.sha]);

    const all = await repos.listCommits('acme', 'app', { ref: 'feature/x' });
    expect(all.map(c => c.sha)).toEqual([feature.sha, second.sha, first.sha]);
    const paged = await repos.listCommits('acme', 'app', {
      ref: 'feature/x',
      skip: 1,
      limit: 1,
    });
    expect(paged.map(c => c.sha)).toEqual([second.sha]);
    const touchingDir = await repos.listCommits('acme', 'app', {
      ref: 'main',
      path: 'dir',
    });
    expect(touchingDir.map(c => c.sha)).toEqual([second.sha, first.sha]);
    expect(await repos.listCommits('acme', 'app', { ref: 'nope' })).toEqual([]);

    expect(await repos.resolveCommit('acme', 'app', 'refs/heads/main')).toBe(
      second.sha,
    );
    expect(
      await repos.resolveCommit('acme', 'app', second.sha.slice(0, 8)),
    ).toBe(second.sha);
    expect(await repos.resolveCommit('acme', 'app', 'HEAD')).toBe(second.sha);

    expect(events.map(e => [e.ref, e.before, e.after])).toEqual([
      ['refs/heads/main', ZERO, first.sha],
      ['refs/heads/main', first.sha, second.sha],
      ['refs/heads/feature/x', ZERO, feature.sha],
    ]);
  });

  it("ignores the caller's git environment", async () => {
    const saved = { ...process.env };
    // Set when the sandbox runs inside a git hook, for instance.
    Object.assign(process.env, {
      GIT_DIR: join(rootDir, 'elsewhere'),
      GIT_NAMESPACE: 'elsewhere',
      GIT_OBJECT_DIRECTORY: join(rootDir, 'elsewhere', 'objects'),
    });
    try {
      await repos.create('acme', 'app', { defaultBranch: 'main' });
      const commit = await repos.commitFiles('acme', 'app', {
        branch: 'main',
        message: 'Isolated',
        author,
        changes: [{ path: 'a.txt', content: Buffer.from('a') }],
      });
      expect(await repos.listBranches('acme', 'app')).toEqual([
        { ref: 'refs/heads/main', sha: commit.sha },
      ]);
      expect(await repos.getCommit('acme', 'app', 'main')).toEqual(commit);
    } finally {
      process.env = saved;
    }
  });

  it('rejects a commit whose expected head moved', async () => {
    await repos.create('acme', 'app', { defaultBranch: 'main' });
    const first = await repos.commitFiles('acme', 'app', {
      branch: 'main',
      message: 'One',
      author,
      changes: [{ path: 'a.txt', content: Buffer.from('1') }],
    });
    await repos.commitFiles('acme', 'app', {
      branch: 'main',
      message: 'Two',
      author,
      changes: [{ path: 'a.txt', content: Buffer.from('2') }],
    });
    await expect(
      repos.commitFiles('acme', 'app', {
        branch: 'main',
        message: 'Stale',
        author,
        changes: [{ path: 'a.txt', content: Buffer.from('3') }],
        expectedHead: first.sha,
      }),
    ).rejects.toBeInstanceOf(GitConflictError);
    const commits = await repos.listCommits('acme', 'app', { ref: 'main' });
    expect(commits.map(c => c.message)).toEqual(['Two', 'One']);
  });

  it('keeps every concurrent commit', async () => {
    await repos.create('acme', 'app', { defaultBranch: 'main' });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repos.commitFiles('acme', 'app', {
          branch: 'main',
          message: `Commit ${i}`,
          author,
          changes: [{ path: `f${i}.txt`, content: Buffer.from(String(i)) }],
        }),
      ),
    );
    const commits = await repos.listCommits('acme', 'app', { ref: 'main' });
    expect(commits).toHaveLength(8);
    const root = await repos.getContent('acme', 'app', 'main', '');
    expect(root?.type === 'dir' && root.entries).toHaveLength(8);
  });

  it('moves refs only forward unless forced or the old value matches', async () => {
    await repos.create('acme', 'app', { defaultBranch: 'main' });
    const one = await repos.commitFiles('acme', 'app', {
      branch: 'main',
      message: 'One',
      author,
      changes: [{ path: 'a.txt', content: Buffer.from('1') }],
    });
    const two = await repos.commitFiles('acme', 'app', {
      branch: 'main',
      message: 'Two',
      author,
      changes: [{ path: 'a.txt', content: Buffer.from('2') }],
    });
    events.length = 0;

    await repos.updateRef('acme', 'app', 'refs/heads/release', one.sha);
    await repos.updateRef('acme', 'app', 'heads/release', two.sha);
    await expect(
      repos.updateRef('acme', 'app', 'refs/heads/release', one.sha),
    ).rejects.toBeInstanceOf(GitConflictError);
    await expect(
      repos.updateRef('acme', 'app', 'refs/heads/release', one.sha, {
        oldSha: one.sha,
      }),
    ).rejects.toBeInstanceOf(GitConflictError);
    await repos.updateRef('acme', 'app', 'refs/heads/release', one.sha, {
      oldSha: two.sha,
    });
    await repos.updateRef('acme', 'app', 'refs/heads/release', two.sha);
    await repos.updateRef('acme', 'app', 'refs/heads/release', one.sha, {
      force: true,
    });
    await repos.updateRef('acme', 'app', 'refs/tags/v1', two.sha);
    await expect(
      repos.updateRef('acme', 'app', 'refs/heads/x', 'f'.repeat(40)),
    ).rejects.toBeInstanceOf(GitNotFoundError);

    expect(await repos.listRefs('acme', 'app', 'refs/tags/')).toEqual([
      { ref: 'refs/tags/v1', sha: two.sha },
    ]);
    expect(await repos.resolveCommit('acme', 'app', 'v1')).toBe(two.sha);
    await repos.deleteRef('acme', 'app', 'refs/heads/release');
    await expect(
      repos.deleteRef('acme', 'app', 'refs/heads/release'),
    ).rejects.toBeInstanceOf(GitNotFoundError);

    expect(events.map(e => [e.ref, e.before, e.after])).toEqual([
      ['refs/heads/release', ZERO, one.sha],
      ['refs/heads/release', one.sha, two.sha],
      ['refs/heads/release', two.sha, one.sha],
      ['refs/heads/release', one.sha, two.sha],
      ['refs/heads/release', two.sha, one.sha],
      ['refs/tags/v1', ZERO, two.sha],
      ['refs/heads/release', one.sha, ZERO],
    ]);
  });

  it('renames, deletes and changes the default branch', async () => {
    await repos.create('acme', 'old', {
      defaultBranch: 'main',
      initialCommit: {
        message: 'Init',
        author,
        files: { x: Buffer.from('x') },
      },
    });
    await repos.rename('acme', 'old', 'other', 'new');
    expect(await repos.exists('acme', 'old')).toBe(false);
    expect(await repos.exists('other', 'new')).toBe(true);
    await repos.create('acme', 'taken', { defaultBranch: 'main' });
    await expect(
      repos.rename('other', 'new', 'acme', 'taken'),
    ).rejects.toBeInstanceOf(GitConflictError);
    await expect(
      repos.create('acme', 'taken', { defaultBranch: 'main' }),
    ).rejects.toBeInstanceOf(GitConflictError);

    const head = await repos.resolveCommit('other', 'new', 'main');
    await repos.updateRef('other', 'new', 'refs/heads/trunk', head!);
    await repos.setDefaultBranch('other', 'new', 'trunk');
    const trunkCommit = await repos.commitFiles('other', 'new', {
      branch: 'topic',
      message: 'From trunk',
      author,
      changes: [{ path: 'y', content: Buffer.from('y') }],
    });
    expect(trunkCommit.parents).toEqual([head]);

    await repos.delete('other', 'new');
    expect(await repos.exists('other', 'new')).toBe(false);
    await expect(repos.listBranches('other', 'new')).rejects.toBeInstanceOf(
      GitNotFoundError,
    );
  });

  it('rejects names and paths that could escape the root', async () => {
    const store = repos;
    for (const [owner, repo] of [
      ['..', 'x'],
      ['acme', '..'],
      ['acme/../..', 'x'],
      ['acme', 'a/b'],
      ['.home', 'x'],
      ['acme', 'a..b'],
      ['', 'x'],
    ]) {
      expect(() => store.path(owner, repo)).toThrow(GitInvalidNameError);
      await expect(
        repos.create(owner, repo, { defaultBranch: 'main' }),
      ).rejects.toBeInstanceOf(GitInvalidNameError);
    }
    await repos.create('acme', 'app', { defaultBranch: 'main' });
    for (const path of ['../x', 'a/../../x', '.git/config', 'a//b', './a']) {
      await expect(
        repos.commitFiles('acme', 'app', {
          branch: 'main',
          message: 'Bad',
          author,
          changes: [{ path, content: Buffer.from('x') }],
        }),
      ).rejects.toBeInstanceOf(GitInvalidNameError);
    }
    for (const branch of ['a..b', 'x.lock', '-x', 'a b', 'a~1']) {
      await expect(
        repos.commitFiles('acme', 'app', {
          branch,
          message: 'Bad',
          author,
          changes: [{ path: 'a', content: Buffer.from('x') }],
        }),
      ).rejects.toBeInstanceOf(GitInvalidNameError);
    }
    await expect(
      repos.create('acme', 'bad-branch', { defaultBranch: 'x..y' }),
    ).rejects.toBeInstanceOf(GitInvalidNameError);
    await expect(
      repos.resolveCommit('acme', 'app', '--output=/x'),
    ).rejects.toBeInstanceOf(GitInvalidNameError);
    await expect(
      repos.getContent('acme', 'app', 'main', '../../etc/passwd'),
    ).rejects.toBeInstanceOf(GitInvalidNameError);
    expect(await repos.listCommits('acme', 'app', { ref: 'main' })).toEqual([]);
  });
});
