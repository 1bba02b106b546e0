import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startGitHubServer } from './server';
import { TEST_TOKENS, testGitHubOptions, testOctokit } from '../testUtils';

const run = promisify(execFile);

// Every test spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('startGitHubServer', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'github-server-test-'));
  });
  afterEach(() => fs.rm(stateDir, { recursive: true, force: true }));

  it('keeps users, organizations, teams, repositories and settings across a restart', async () => {
    const first = await startGitHubServer(testGitHubOptions({ stateDir }));
    const client = (url: string) => testOctokit(url, TEST_TOKENS.admin);
    const before = client(first.apiBaseUrl);
    await before.teams.create({ org: 'acme', name: 'Later' });
    const repo = await before.repos.createInOrg({
      org: 'acme',
      name: 'kept',
      auto_init: true,
      private: true,
    });
    await before.teams.addOrUpdateRepoPermissionsInOrg({
      org: 'acme',
      team_slug: 'later',
      owner: 'acme',
      repo: 'kept',
      permission: 'push',
    });
    await before.repos.replaceAllTopics({
      owner: 'acme',
      repo: 'kept',
      names: ['persisted'],
    });
    await before.actions.createRepoVariable({
      owner: 'acme',
      repo: 'kept',
      name: 'REGION',
      value: 'eu',
    });
    expect(first.host).toBe(`127.0.0.1:${new URL(first.url).port}`);
    await first.stop();

    const state = JSON.parse(
      await fs.readFile(path.join(stateDir, 'github', 'state.json'), 'utf8'),
    );
    expect(Object.keys(state.repositories)).toHaveLength(1);
    const again = await startGitHubServer(testGitHubOptions({ stateDir }));
    try {
      const after = client(again.apiBaseUrl);
      const kept = await after.repos.get({ owner: 'acme', repo: 'kept' });
      expect(kept.data).toMatchObject({
        id: repo.data.id,
        topics: ['persisted'],
      });
      const teams = await after.repos.listTeams({
        owner: 'acme',
        repo: 'kept',
      });
      expect(teams.data.map(team => team.slug)).toEqual(['later']);
      const readme = await after.repos.getContent({
        owner: 'acme',
        repo: 'kept',
        path: 'README.md',
      });
      expect(readme.status).toBe(200);
      const variable = await after.actions.getRepoVariable({
        owner: 'acme',
        repo: 'kept',
        name: 'REGION',
      });
      expect(variable.data.value).toBe('eu');
      // New ids never reuse old ones.
      const next = await after.repos.createInOrg({ org: 'acme', name: 'next' });
      expect(next.data.id).toBeGreaterThan(repo.data.id);
    } finally {
      await again.stop();
    }
  });

  it('removes its temporary state folder on stop', async () => {
    const before = new Set(await fs.readdir(os.tmpdir()));
    const server = await startGitHubServer(testGitHubOptions());
    const created = (await fs.readdir(os.tmpdir())).filter(
      name => !before.has(name) && name.startsWith('sandbox-github-'),
    );
    expect(created).toHaveLength(1);
    await server.stop();
    await expect(
      fs.access(path.join(os.tmpdir(), created[0])),
    ).rejects.toThrow();
  });

  it('serves git smart HTTP at the clone_url, and the repository page at html_url', async () => {
    const server = await startGitHubServer(testGitHubOptions({ stateDir }));
    try {
      const octokit = testOctokit(server.apiBaseUrl, TEST_TOKENS.member);
      const { data: repo } = await octokit.repos.createForAuthenticatedUser({
        name: 'pushed',
      });
      const pushes: string[] = [];
      server.onPush(event => pushes.push(`${event.repo} ${event.ref}`));
      const work = path.join(stateDir, 'work');
      await fs.mkdir(work);
      await fs.writeFile(path.join(work, 'hello.txt'), 'hi\n');
      const git = (...args: string[]) =>
        run(
          'git',
          [
            '-c',
            'user.name=Mona',
            '-c',
            'user.email=mona@example.com',
            '-c',
            'init.defaultBranch=main',
            ...args,
          ],
          { cwd: work },
        );
      await git('init', '-q');
      await git('add', '.');
      await git('commit', '-q', '-m', 'Hello');
      const remote = new URL(repo.clone_url);
      remote.username = 'x-access-token';
      remote.password = TEST_TOKENS.member;
      await git('push', '-q', remote.toString(), 'main');

      expect(pushes).toEqual(['pushed refs/heads/main']);
      const commits = await octokit.repos.listCommits({
        owner: 'mona',
        repo: 'pushed',
      });
      expect(commits.data.map(c => c.commit.message)).toEqual(['Hello']);
      // Like GitHub, the server measures the repository after the push has
      // been answered, so the new size shows up a moment later.
      let size = 0;
      for (let tries = 0; size === 0 && tries < 50; tries++) {
        if (tries) await new Promise(resolve => setTimeout(resolve, 20));
        const after = await octokit.repos.get({
          owner: 'mona',
          repo: 'pushed',
        });
        size = after.data.size;
      }
      expect(size).toBeGreaterThan(0);

      const page = await fetch(repo.html_url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('hello.txt');
      const blob = await fetch(`${repo.html_url}/blob/main/hello.txt`);
      expect(await blob.text()).toContain('hi');
    } finally {
      await server.stop();
    }
  });
});
