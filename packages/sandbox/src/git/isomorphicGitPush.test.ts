import { mockServices } from '@backstage/backend-test-utils';
import { initRepoAndPush } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import type { GitPushEvent } from './types';
import {
  startTestGitServer,
  type TestGitServer,
} from './__testUtils__/startTestGitServer';

const ZERO = '0'.repeat(40);

// isomorphic-git is what upstream `publish:github` pushes with; it speaks
// smart HTTP a little differently from the git CLI (buffered bodies, no v2).
describe('pushes by isomorphic-git', () => {
  let server: TestGitServer;
  let events: GitPushEvent[];
  let dirCount = 0;

  const newDir = async (files: Record<string, string> = {}) => {
    const dir = join(server.workDir, `iso-${++dirCount}`);
    await mkdir(dir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      await writeFile(join(dir, name), content);
    }
    return dir;
  };

  beforeAll(async () => {
    server = await startTestGitServer({
      tokens: { 'alice-token': 'alice', 'bob-token': 'bob' },
      access: {
        'acme/scaffolded': { alice: 'write', bob: 'read' },
      },
    });
    // As publish:github does: an empty repository first, then the push.
    await server.repositories.create('acme', 'scaffolded', {
      defaultBranch: 'main',
    });
    events = [];
    server.repositories.onPush(event => events.push(event));
  });

  afterAll(async () => {
    await server.stop();
  });

  it('pushes a new repository the way publish:github does', async () => {
    const dir = await newDir({
      'README.md': '# Scaffolded\n',
      'catalog-info.yaml': 'kind: Component\n',
    });
    const { commitHash } = await initRepoAndPush({
      dir,
      remoteUrl: `${server.url}/acme/scaffolded.git`,
      auth: { username: 'x-access-token', password: 'alice-token' },
      logger: mockServices.logger.mock(),
      defaultBranch: 'main',
      commitMessage: 'Initial commit',
      gitAuthorInfo: { name: 'Scaffolder', email: 'scaffolder@example.com' },
    });

    expect(events).toEqual([
      {
        owner: 'acme',
        repo: 'scaffolded',
        ref: 'refs/heads/main',
        before: ZERO,
        after: commitHash,
      },
    ]);
    const commit = await server.repositories.getCommit(
      'acme',
      'scaffolded',
      'main',
    );
    expect(commit).toMatchObject({
      sha: commitHash,
      message: 'Initial commit',
      author: { name: 'Scaffolder', email: 'scaffolder@example.com' },
    });
    const readme = await server.repositories.getContent(
      'acme',
      'scaffolded',
      'main',
      'README.md',
    );
    expect(readme?.type === 'file' && readme.content.toString()).toBe(
      '# Scaffolded\n',
    );
  });

  it('clones, commits and pushes with a bearer token', async () => {
    const dir = await newDir();
    const headers = { authorization: 'Bearer alice-token' };
    const url = `${server.url}/acme/scaffolded.git`;
    await git.clone({ fs, http, dir, url, headers });
    const before = await git.resolveRef({ fs, dir, ref: 'HEAD' });
    await writeFile(join(dir, 'more.txt'), 'more\n');
    await git.add({ fs, dir, filepath: 'more.txt' });
    const after = await git.commit({
      fs,
      dir,
      message: 'More',
      author: { name: 'Alice', email: 'alice@example.com' },
    });
    events.length = 0;
    const result = await git.push({ fs, http, dir, url, headers });

    expect(result.ok).toBe(true);
    expect(events).toEqual([
      {
        owner: 'acme',
        repo: 'scaffolded',
        ref: 'refs/heads/main',
        before,
        after,
      },
    ]);
  });

  it('fails for a user who may only read', async () => {
    const dir = await newDir();
    const url = `${server.url}/acme/scaffolded.git`;
    const onAuth = () => ({
      username: 'x-access-token',
      password: 'bob-token',
    });
    await git.clone({ fs, http, dir, url, onAuth });
    await writeFile(join(dir, 'bob.txt'), 'bob\n');
    await git.add({ fs, dir, filepath: 'bob.txt' });
    await git.commit({
      fs,
      dir,
      message: 'Bob',
      author: { name: 'Bob', email: 'bob@example.com' },
    });
    events.length = 0;

    await expect(
      git.push({ fs, http, dir, url, onAuth }),
    ).rejects.toMatchObject({ code: 'HttpError', data: { statusCode: 403 } });
    expect(events).toEqual([]);
  });
});
