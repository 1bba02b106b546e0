import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { PlatformGitHub } from '@internal/plugin-platform-node';
import {
  startTestSandbox,
  waitFor,
  type TestSandbox,
} from '@internal/sandbox/testUtils';
import request from 'supertest';
import {
  portalPlatformConfig,
  validatedApp,
} from '../../__testUtils__/validatedApp';
import { ClusterWatch } from '../ClusterWatch/ClusterWatch';
import { DeploymentStatusService } from '../DeploymentStatus/DeploymentStatusService';
import { GitHubStatus } from './GitHubStatus';

jest.setTimeout(60_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'web',
      'github.com/project-slug': 'acme/web',
    },
  },
  spec: { type: 'service', owner: 'group:default/web-team' },
};
const URL = '/entities/component/default/web';
const repo = { owner: 'acme', repo: 'web' };

describe('GitHub in the deployment status', () => {
  let sandbox: TestSandbox;
  let watch: ClusterWatch;
  const commits: string[] = [];
  const logger = mockServices.logger.mock();

  /** An app with caches of its own, as a freshly started backend has. */
  async function freshApp() {
    const github = new GitHubStatus(
      PlatformGitHub.fromConfig(new ConfigReader(sandbox.config()), {
        logger,
      }),
      logger,
    );
    const status = new DeploymentStatusService(
      await portalPlatformConfig(),
      new Map([['nonprod-cluster', watch]]),
      { github },
    );
    return validatedApp({ status, entities: [entity] });
  }

  beforeAll(async () => {
    sandbox = await startTestSandbox({ clusters: ['nonprod-cluster'] });
    const octokit = sandbox.github.octokit();
    await octokit.rest.repos.createInOrg({
      org: 'acme',
      name: 'web',
      auto_init: true,
    });
    const head = async () =>
      (await octokit.rest.repos.getBranch({ ...repo, branch: 'main' })).data
        .commit.sha;
    commits.push(await head());
    for (const n of [2, 3]) {
      await octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: `CHANGE-${n}`,
        message: `Change ${n}`,
        content: Buffer.from(`${n}\n`).toString('base64'),
        branch: 'main',
      });
      commits.push(await head());
    }
    // dev runs the first commit, as its deployer stamped and recorded it.
    const { data: deployment } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: commits[0],
      environment: 'dev',
      auto_merge: false,
      required_contexts: [],
    });
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: (deployment as { id: number }).id,
      state: 'success',
      log_url: 'https://ci.example.com/runs/1',
    });
    watch = new ClusterWatch(
      'nonprod-cluster',
      sandbox.cluster('nonprod-cluster').kubeConfig(),
      logger,
    );
    await watch.start();
    const labels = { 'backstage.io/kubernetes-id': 'web', app: 'web' };
    await sandbox.cluster('nonprod-cluster').kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'web-dev' },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: {
              name: 'web',
              namespace: 'web-dev',
              labels,
              annotations: {
                'developer-portal.acme.example/commit-sha': commits[0],
              },
            },
            spec: {
              replicas: 1,
              selector: { matchLabels: { app: 'web' } },
              template: {
                metadata: { labels },
                spec: { containers: [{ name: 'app', image: 'acme/web:1' }] },
              },
            },
          },
        ],
      }),
    });
    await waitFor(
      () => watch.objects('web-dev').deployments.length > 0,
      10_000,
    );
  });
  afterAll(async () => {
    await watch.stop();
    await sandbox.stop();
  });

  const byName = (body: any, name: string) =>
    body.environments.find((e: any) => e.name === name);

  it('shows per environment the deployed commit against the default branch, and the deployments', async () => {
    const response = await request(await freshApp()).get(URL);
    expect(response.status).toBe(200);
    const webUrl = sandbox.github.server.url;
    expect(byName(response.body, 'dev').github).toEqual({
      repository: 'acme/web',
      repositoryUrl: `${webUrl}/acme/web`,
      defaultBranch: 'main',
      headCommit: commits[2],
      deployedCommit: commits[0],
      behindBy: 2,
      deployments: [
        {
          id: expect.any(Number),
          sha: commits[0],
          ref: commits[0],
          createdAt: expect.any(String),
          creator: expect.any(String),
          state: 'success',
          url: 'https://ci.example.com/runs/1',
        },
      ],
    });
    // Nothing deployed to staging yet: no commit to compare.
    expect(byName(response.body, 'staging').github).toEqual({
      repository: 'acme/web',
      repositoryUrl: `${webUrl}/acme/web`,
      defaultBranch: 'main',
      headCommit: commits[2],
      deployments: [],
    });
  });

  it('asks GitHub once however many viewers ask at once', async () => {
    const app = await freshApp();
    sandbox.clearRequests();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => request(app).get(URL)),
    );
    expect(responses.every(r => r.status === 200)).toBe(true);
    expect(
      responses.every(r => byName(r.body, 'dev').github.behindBy === 2),
    ).toBe(true);
    const { requests } = sandbox.github;
    const compares = () =>
      requests.count({
        method: 'GET',
        path: '/api/v3/repos/acme/web/compare/*',
      });
    expect(compares()).toBe(1);
    expect(requests.count({ path: '/api/v3/repos/acme/web' })).toBe(1);
    // One list of deployments per environment, one status per deployment.
    expect(requests.count({ path: '/api/v3/repos/acme/web/deployments' })).toBe(
      3,
    );

    // Later viewers are answered from the cache.
    await Promise.all(Array.from({ length: 50 }, () => request(app).get(URL)));
    expect(compares()).toBe(1);
  });

  it('keeps the Kubernetes part when GitHub fails, and tries GitHub again next time', async () => {
    const app = await freshApp();
    const fault = sandbox.github.faults.add({
      path: '/api/v3/repos/acme/web',
      status: 502,
    });
    const failed = await request(app).get(URL);
    expect(failed.status).toBe(200);
    const dev = byName(failed.body, 'dev');
    expect(dev.workloads[0]).toMatchObject({
      name: 'web',
      commit: commits[0],
    });
    expect(dev.github).toEqual({
      repository: 'acme/web',
      deployments: [],
      error: expect.stringMatching(/^GitHub answered 502: /),
    });
    fault.remove();
    const recovered = await request(app).get(URL);
    expect(byName(recovered.body, 'dev').github.behindBy).toBe(2);
  });
});
