import { CoreV1Api, Watch } from '@kubernetes/client-node';
import express from 'express';
import { TEST_TOKENS, useTestSandbox, waitFor } from '../testUtils';
import { listenOnLoopback } from './listen';
import { RequestLog } from './requestLog';

// The request log as tests read it, filled by real clients: Octokit and git
// against the GitHub server, client-node and kubectl against a cluster.

describe('the request log', () => {
  const sandbox = useTestSandbox({ clusters: ['nonprod'] });

  describe('of the GitHub server', () => {
    it('records API calls with their caller, status and whether they wrote', async () => {
      const octokit = sandbox.github.octokit();
      await octokit.users.getAuthenticated();
      await octokit.repos.createInOrg({ org: 'acme', name: 'logged' });
      await expect(
        sandbox.github
          .octokit(TEST_TOKENS.member)
          .repos.delete({ owner: 'acme', repo: 'logged' }),
      ).rejects.toMatchObject({ status: 403 });

      const { requests } = sandbox.github;
      expect(
        requests.entries.map(({ method, path, status, user, write }) => ({
          method,
          path,
          status,
          user,
          write,
        })),
      ).toEqual([
        {
          method: 'GET',
          path: '/api/v3/user',
          status: 200,
          user: 'octo-admin',
          write: false,
        },
        {
          method: 'POST',
          path: '/api/v3/orgs/acme/repos',
          status: 201,
          user: 'octo-admin',
          write: true,
        },
        {
          method: 'DELETE',
          path: '/api/v3/repos/acme/logged',
          status: 403,
          user: 'mona',
          write: true,
        },
      ]);
      const [first] = requests.entries;
      expect(first.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(first.time)).not.toBeNaN();
      expect(requests.count({ method: 'POST', path: '/api/v3/orgs/*' })).toBe(
        1,
      );
      expect(requests.writes({ user: 'mona' })).toHaveLength(1);
    });

    it('records the query, and answers injected by a fault', async () => {
      const octokit = sandbox.github.octokit();
      sandbox.github.faults.add({
        path: '/api/v3/orgs/acme/repos',
        method: 'GET',
        status: 502,
        times: 1,
      });
      await expect(
        octokit.repos.listForOrg({ org: 'acme', per_page: 5 }),
      ).rejects.toMatchObject({ status: 502 });
      expect(sandbox.github.requests.entries).toEqual([
        expect.objectContaining({
          path: '/api/v3/orgs/acme/repos',
          query: { per_page: '5' },
          status: 502,
        }),
      ]);
    });

    it('counts a git fetch as a read and a push as a write', async () => {
      const { github } = sandbox;
      await github
        .octokit()
        .repos.createInOrg({ org: 'acme', name: 'pushed', auto_init: true });
      github.requests.clear();

      const url = github.cloneUrl('acme', 'pushed');
      expect((await github.git(['clone', '-q', url, 'pushed'])).exitCode).toBe(
        0,
      );
      expect(github.requests.writes()).toEqual([]);

      await github.git(['commit', '-q', '--allow-empty', '-m', 'Change'], {
        cwd: 'pushed',
      });
      expect(
        (await github.git(['push', '-q', 'origin', 'main'], { cwd: 'pushed' }))
          .exitCode,
      ).toBe(0);
      expect(github.requests.writes()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/acme/pushed.git/git-receive-pack',
          user: 'octo-admin',
          status: 200,
        }),
      ]);
    });
  });

  describe('of a cluster', () => {
    it('records client-node calls, and does not count dry runs as writes', async () => {
      const cluster = sandbox.cluster('nonprod');
      const core = cluster.kubeConfig().makeApiClient(CoreV1Api);
      await core.listNamespace();
      await core.createNamespace({
        body: { metadata: { name: 'tried' } },
        dryRun: 'All',
      });
      await core.createNamespace({ body: { metadata: { name: 'logged' } } });

      expect(cluster.requests.count()).toBe(3);
      expect(cluster.requests.writes()).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: '/api/v1/namespaces',
          query: {},
          status: 201,
          user: 'sandbox-admin',
        }),
      ]);
      expect(cluster.requests.count({ write: false, method: 'POST' })).toBe(1);
      expect(sandbox.writes()).toEqual([
        expect.objectContaining({
          server: 'nonprod',
          path: '/api/v1/namespaces',
        }),
      ]);
    });

    it('shows a watch while it is open, and its status once it ends', async () => {
      const cluster = sandbox.cluster('nonprod');
      const controller = await new Watch(cluster.kubeConfig()).watch(
        '/api/v1/namespaces/default/configmaps',
        {},
        () => undefined,
        () => undefined,
      );
      const watches = () =>
        cluster.requests.filter(
          entry =>
            entry.query.watch === 'true' && entry.path.endsWith('/configmaps'),
        );
      const open = await waitFor(() => watches()[0]);
      expect(open.status).toBeUndefined();
      expect(open.write).toBe(false);

      controller.abort();
      await waitFor(() => watches()[0].status !== undefined);
      expect(watches()[0]).toMatchObject({
        status: 200,
        user: 'sandbox-admin',
      });
    });

    it('records kubectl as the admin token', async () => {
      const cluster = sandbox.cluster('nonprod');
      const applied = await cluster.kubectl(['apply', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'by-kubectl', namespace: 'default' },
          data: { a: '1' },
        }),
      });
      expect(applied.stderr).toBe('');
      expect(cluster.get('v1', 'ConfigMap', 'by-kubectl')).toBeDefined();
      expect(cluster.requests.writes()).toEqual([
        expect.objectContaining({
          path: '/api/v1/namespaces/default/configmaps',
          user: 'sandbox-admin',
          status: 201,
        }),
      ]);
      expect(cluster.requests.count({ path: '/apis*' })).toBeGreaterThan(0);
    });
  });

  it('keeps the newest entries once it holds its capacity', async () => {
    const log = new RequestLog({ capacity: 3 });
    const app = express();
    app.use(log.middleware());
    app.use((_req, res) => {
      res.status(204).end();
    });
    const server = await listenOnLoopback(app);
    try {
      for (const n of [1, 2, 3, 4, 5]) {
        await fetch(`${server.url}/item/${n}`);
      }
      await fetch(`${server.url}/_sandbox/faults`);
    } finally {
      await server.close();
    }
    expect(log.entries.map(entry => entry.path)).toEqual([
      '/item/3',
      '/item/4',
      '/item/5',
    ]);
    log.clear();
    expect(log.count()).toBe(0);
  });
});
