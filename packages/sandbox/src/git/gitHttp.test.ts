import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GitPushEvent } from './types';
import {
  startTestGitServer,
  type TestGitServer,
} from './__testUtils__/startTestGitServer';
import { runGitClient } from '../testUtils';

const author = { name: 'Ada', email: 'ada@example.com' };
const ZERO = '0'.repeat(40);

describe('git smart HTTP', () => {
  let server: TestGitServer;
  let events: GitPushEvent[];

  const remote = (repo: string, token?: string) =>
    `${server.url.replace(
      'http://',
      token ? `http://x-access-token:${token}@` : 'http://',
    )}/acme/${repo}.git`;
  const git = (args: string[], cwd?: string) =>
    runGitClient(server.workDir, args, cwd);
  let dirCount = 0;
  const newDir = async () => {
    const dir = join(server.workDir, `clone-${++dirCount}`);
    await mkdir(server.workDir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    server = await startTestGitServer({
      tokens: { 'alice-token': 'alice', 'bob-token': 'bob' },
      access: {
        'acme/private': { alice: 'write', bob: 'read' },
        'acme/public': { alice: 'write', '*': 'read' },
      },
    });
    for (const repo of ['private', 'public']) {
      await server.repositories.create('acme', repo, {
        defaultBranch: 'main',
        initialCommit: {
          message: 'Initial commit',
          author,
          files: { 'README.md': Buffer.from(`# ${repo}\n`) },
        },
      });
    }
    events = [];
    server.repositories.onPush(event => events.push(event));
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    events.length = 0;
    server.faults.clear();
  });

  it('clones with a token, pushes, and reports the push', async () => {
    const dir = await newDir();
    const clone = await git(['clone', remote('private', 'alice-token'), dir]);
    expect(clone.stderr).not.toMatch(/fatal/);
    expect(clone.exitCode).toBe(0);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# private\n');
    const before = await server.repositories.resolveCommit(
      'acme',
      'private',
      'main',
    );

    await writeFile(join(dir, 'app.txt'), 'hello\n');
    // Over http.postBuffer (1 MiB), so git sends the pack chunked.
    await writeFile(join(dir, 'big.bin'), randomBytes(2 * 1024 * 1024));
    await git(['add', '.'], dir);
    await git(['commit', '-m', 'Add app'], dir);
    const push = await git(['push', 'origin', 'main'], dir);
    expect(push.stderr).not.toMatch(/fatal|error/);
    expect(push.exitCode).toBe(0);

    const after = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
    expect(events).toEqual([
      { owner: 'acme', repo: 'private', ref: 'refs/heads/main', before, after },
    ]);
    const content = await server.repositories.getContent(
      'acme',
      'private',
      'main',
      'app.txt',
    );
    expect(content?.type === 'file' && content.content.toString()).toBe(
      'hello\n',
    );

    // A new branch, then its deletion.
    await git(['push', 'origin', 'main:refs/heads/topic'], dir);
    await git(['push', 'origin', '--delete', 'topic'], dir);
    expect(events.slice(1)).toEqual([
      {
        owner: 'acme',
        repo: 'private',
        ref: 'refs/heads/topic',
        before: ZERO,
        after,
      },
      {
        owner: 'acme',
        repo: 'private',
        ref: 'refs/heads/topic',
        before: after,
        after: ZERO,
      },
    ]);
  });

  it('refuses a push that would lose a commit made through the API', async () => {
    const dir = await newDir();
    await git(['clone', remote('private', 'alice-token'), dir]);
    const apiCommit = await server.repositories.commitFiles('acme', 'private', {
      branch: 'main',
      message: 'Through the API',
      author,
      changes: [{ path: 'api.txt', content: Buffer.from('api') }],
    });
    await writeFile(join(dir, 'local.txt'), 'local');
    await git(['add', '.'], dir);
    await git(['commit', '-m', 'Local'], dir);
    events.length = 0;

    const push = await git(['push', 'origin', 'main'], dir);
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/rejected/);
    expect(events).toEqual([]);
    expect(
      await server.repositories.resolveCommit('acme', 'private', 'main'),
    ).toBe(apiCommit.sha);

    // After pulling the API commit, the push goes through.
    await git(['pull', '--no-rebase', 'origin', 'main'], dir);
    const retry = await git(['push', 'origin', 'main'], dir);
    expect(retry.exitCode).toBe(0);
    expect(events).toHaveLength(1);
    expect(events[0].before).toBe(apiCommit.sha);
  });

  it('reports every ref a push moves', async () => {
    const dir = await newDir();
    await git(['clone', remote('private', 'alice-token'), dir]);
    const head = (await git(['rev-parse', 'HEAD'], dir)).stdout.trim();
    await git(['tag', '-a', 'v1', '-m', 'Version 1'], dir);
    const tag = (await git(['rev-parse', 'v1'], dir)).stdout.trim();
    const push = await git(
      ['push', 'origin', 'v1', 'HEAD:refs/heads/release'],
      dir,
    );
    expect(push.exitCode).toBe(0);
    expect([...events].sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([
      {
        owner: 'acme',
        repo: 'private',
        ref: 'refs/heads/release',
        before: ZERO,
        after: head,
      },
      {
        owner: 'acme',
        repo: 'private',
        ref: 'refs/tags/v1',
        before: ZERO,
        after: tag,
      },
    ]);
    expect(
      await server.repositories.resolveCommit('acme', 'private', 'v1'),
    ).toBe(head);
  });

  it('keeps modes and lists symlinks of pushed trees', async () => {
    const dir = await newDir();
    await git(['clone', remote('private', 'alice-token'), dir]);
    await writeFile(join(dir, 'run.sh'), '#!/bin/sh\n');
    await chmod(join(dir, 'run.sh'), 0o755);
    await symlink('run.sh', join(dir, 'link'));
    await git(['add', '.'], dir);
    await git(['commit', '-m', 'Script'], dir);
    expect((await git(['push', 'origin', 'main'], dir)).exitCode).toBe(0);

    await server.repositories.commitFiles('acme', 'private', {
      branch: 'main',
      message: 'Edit the script',
      author,
      changes: [
        { path: 'run.sh', content: Buffer.from('#!/bin/sh\nexit 0\n') },
      ],
    });
    await git(['pull', '--ff-only', 'origin', 'main'], dir);
    const tree = await git(['ls-tree', 'HEAD', 'run.sh', 'link'], dir);
    expect(tree.stdout).toMatch(/^100755 blob \w+\trun\.sh$/m);
    expect(tree.stdout).toMatch(/^120000 blob \w+\tlink$/m);

    const root = await server.repositories.getContent(
      'acme',
      'private',
      'main',
      '',
    );
    const entries = root?.type === 'dir' ? root.entries : [];
    expect(entries.find(e => e.name === 'link')).toMatchObject({
      type: 'symlink',
      size: 0,
    });
    expect(entries.find(e => e.name === 'run.sh')).toMatchObject({
      type: 'file',
      size: 17,
    });
  });

  it('serves the dumb paths too, whatever the case of the names', async () => {
    const response = await fetch(`${server.url}/ACME/Public.git/HEAD`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ref: refs/heads/main\n');
  });

  it('clones a public repository without credentials', async () => {
    const dir = await newDir();
    const clone = await git(['clone', remote('public'), dir]);
    expect(clone.exitCode).toBe(0);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# public\n');

    // Pushing still needs a token: git is asked for one and cannot prompt.
    await writeFile(join(dir, 'x.txt'), 'x');
    await git(['add', '.'], dir);
    await git(['commit', '-m', 'Anonymous'], dir);
    const push = await git(['push', 'origin', 'main'], dir);
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/could not read Username|Authentication/);
    expect(events).toEqual([]);
  });

  it('answers 401 without credentials on a private repository', async () => {
    const response = await fetch(
      `${server.url}/acme/private.git/info/refs?service=git-upload-pack`,
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Basic realm="GitHub"',
    );
    const clone = await git(['clone', remote('private'), await newDir()]);
    expect(clone.exitCode).not.toBe(0);

    const wrongToken = await git([
      'clone',
      remote('private', 'not-a-token'),
      await newDir(),
    ]);
    expect(wrongToken.exitCode).not.toBe(0);
    expect(wrongToken.stderr).toMatch(/Authentication failed/);
  });

  it('answers 403 to a read-only user pushing', async () => {
    const dir = await newDir();
    const clone = await git(['clone', remote('private', 'bob-token'), dir]);
    expect(clone.exitCode).toBe(0);
    await writeFile(join(dir, 'bob.txt'), 'bob');
    await git(['add', '.'], dir);
    await git(['commit', '-m', 'Bob'], dir);
    const push = await git(['push', 'origin', 'main'], dir);
    expect(push.exitCode).not.toBe(0);
    expect(push.stderr).toMatch(/403/);
    expect(events).toEqual([]);

    const response = await fetch(
      `${server.url}/acme/private.git/info/refs?service=git-receive-pack`,
      { headers: { authorization: 'token bob-token' } },
    );
    expect(response.status).toBe(403);
  });

  it('answers 404 for unknown repositories and names out of bounds', async () => {
    for (const path of [
      '/acme/missing.git/info/refs?service=git-upload-pack',
      '/acme/..%2F..%2Fetc.git/info/refs?service=git-upload-pack',
      '/.home/x.git/info/refs?service=git-upload-pack',
    ]) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { authorization: 'token alice-token' },
      });
      expect(response.status).toBe(404);
    }
    const clone = await git([
      'clone',
      remote('missing', 'alice-token'),
      await newDir(),
    ]);
    expect(clone.exitCode).not.toBe(0);
    expect(clone.stderr).toMatch(/not found/);
  });

  it('serves protocol v2 with a gzip request body and no .git suffix', async () => {
    const pkt = (line: string) =>
      `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const body = gzipSync(
      Buffer.from(`${pkt('command=ls-refs\n')}0001${pkt('peel\n')}0000`),
    );
    const response = await fetch(`${server.url}/acme/public/git-upload-pack`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-git-upload-pack-request',
        'content-encoding': 'gzip',
        'git-protocol': 'version=2',
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/x-git-upload-pack-result',
    );
    const head = await server.repositories.resolveCommit(
      'acme',
      'public',
      'main',
    );
    expect(await response.text()).toContain(`${head} refs/heads/main`);
  });

  it('frees the repository when a pushing client goes away', async () => {
    const pushing = request(`${server.url}/acme/private.git/git-receive-pack`, {
      method: 'POST',
      headers: {
        authorization: 'token alice-token',
        'content-type': 'application/x-git-receive-pack-request',
        'content-length': '100000',
      },
    });
    pushing.on('error', () => {});
    pushing.write('0000');
    await new Promise(resolve => setTimeout(resolve, 200));
    pushing.destroy();

    // The push held the repository's write queue; a commit must get through.
    const commit = await server.repositories.commitFiles('acme', 'private', {
      branch: 'main',
      message: 'After an aborted push',
      author,
      changes: [{ path: 'after.txt', content: Buffer.from('after') }],
    });
    expect(
      await server.repositories.resolveCommit('acme', 'private', 'main'),
    ).toBe(commit.sha);
  }, 10_000);

  it('lets a fault fail a clone', async () => {
    server.faults.add({ path: '/acme/public.git/info/refs', status: 503 });
    const failed = await git(['clone', remote('public'), await newDir()]);
    expect(failed.exitCode).not.toBe(0);
    expect(failed.stderr).toMatch(/503/);
    server.faults.clear();
    const clone = await git(['clone', remote('public'), await newDir()]);
    expect(clone.exitCode).toBe(0);
  });
});
