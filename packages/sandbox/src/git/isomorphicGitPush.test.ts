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
      tokens: {
        'alice-token': 'alice',
        'bob-token': 'bob',
        'no-workflow-token': 'alice',
        'oauth-no-workflow-token': 'alice',
      },
      access: {
        'acme/scaffolded': { alice: 'write', bob: 'read' },
        'acme/guarded': { alice: 'write' },
      },
      withoutWorkflowScope: {
        'no-workflow-token': 'a Personal Access Token',
        'oauth-no-workflow-token': 'an OAuth App',
      },
    });
    // As publish:github does: an empty repository first, then the push.
    await server.repositories.create('acme', 'scaffolded', {
      defaultBranch: 'main',
    });
    await server.repositories.create('acme', 'guarded', {
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

  it('gets the refusal of a workflow without the workflow scope as a failed ref, and the answer ends', async () => {
    const dir = await newDir({ 'README.md': '# Guarded\n' });
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(join(dir, '.github/workflows/ci.yaml'), 'on: push\n');
    await git.init({ fs, dir, defaultBranch: 'main' });
    await git.add({ fs, dir, filepath: '.' });
    await git.commit({
      fs,
      dir,
      message: 'With CI',
      author: { name: 'Alice', email: 'alice@example.com' },
    });
    events.length = 0;
    const url = `${server.url}/acme/guarded.git`;
    const onAuth = () => ({
      username: 'x-access-token',
      password: 'no-workflow-token',
    });

    const refusal =
      'refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yaml` without `workflow` scope';
    await expect(
      git.push({ fs, http, dir, url, onAuth }),
    ).rejects.toMatchObject({
      code: 'GitPushError',
      data: {
        result: {
          ok: true,
          refs: { 'refs/heads/main': { ok: false, error: refusal } },
        },
      },
    });
    expect(events).toEqual([]);
    expect(
      await server.repositories.getCommit('acme', 'guarded', 'main'),
    ).toBeUndefined();
  });

  it("gives initRepoAndPush's caller the refusal of a workflow in its error", async () => {
    // Upstream retries a failed push (6 attempts over about a minute) unless
    // its message looks like an authorisation problem; an OAuth App's
    // refusal does ("OAuth"), a Personal Access Token's does not.
    const dir = await newDir({ 'README.md': '# Guarded\n' });
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(join(dir, '.github/workflows/ci.yaml'), 'on: push\n');
    events.length = 0;

    const failed = await initRepoAndPush({
      dir,
      remoteUrl: `${server.url}/acme/guarded.git`,
      auth: { username: 'x-access-token', password: 'oauth-no-workflow-token' },
      logger: mockServices.logger.mock(),
      defaultBranch: 'main',
    }).catch((error: Error) => error);

    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toContain(
      'refs/heads/main: refusing to allow an OAuth App to create or update workflow `.github/workflows/ci.yaml` without `workflow` scope',
    );
    expect(events).toEqual([]);
  });
});
