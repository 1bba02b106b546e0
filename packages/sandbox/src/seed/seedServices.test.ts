import { Octokit } from '@octokit/rest';
import { startSandbox, type Sandbox } from '../startSandbox';
import { waitFor } from '../testUtils';

jest.setTimeout(30_000);

const TOKEN = 'owner-token';

describe('seedServices', () => {
  let sandbox: Sandbox;
  const options = {
    github: {
      tokens: [{ token: TOKEN, login: 'developer-portal' }],
      organizations: [
        {
          login: 'acme',
          members: [{ login: 'developer-portal', role: 'admin' as const }],
        },
      ],
    },
    clusters: [{ name: 'nonprod' }, { name: 'prod' }],
    environments: [
      { name: 'dev', cluster: 'nonprod' },
      { name: 'staging', cluster: 'nonprod' },
      { name: 'production', cluster: 'prod' },
    ],
    rollout: { podReadyDelayMs: 50 },
    seed: [
      {
        name: 'web',
        repository: 'acme/web',
        team: 'web-team',
        system: 'storefront',
        releases: ['2.7.0', '2.8.0'],
        unpublished: ['2.8.0'],
        environments: { dev: '2.8.0', staging: '2.8.0', production: '2.7.0' },
      },
    ],
  };

  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  afterAll(() => sandbox.stop());

  const deployment = (cluster: string, namespace: string) =>
    sandbox.clusters.get(cluster)!.store.find({
      group: 'apps',
      version: 'v1',
      resource: 'deployments',
      namespace,
      name: 'web',
    }) as any;

  it('makes the repository with a commit per release, and stamps each environment with its commit', async () => {
    const octokit = new Octokit({
      baseUrl: sandbox.github!.apiBaseUrl,
      auth: TOKEN,
    });
    const { data: commits } = await octokit.repos.listCommits({
      owner: 'acme',
      repo: 'web',
    });
    expect(commits.map(c => c.commit.message)).toEqual([
      'Release 2.8.0',
      'Release 2.7.0',
    ]);
    const [newest, oldest] = commits.map(c => c.sha);

    const staging = deployment('nonprod', 'web-staging');
    const production = deployment('prod', 'web-production');
    expect(
      staging.metadata.annotations['developer-portal.acme.example/commit-sha'],
    ).toBe(newest);
    // Production runs the older release: behind staging.
    expect(
      production.metadata.annotations[
        'developer-portal.acme.example/commit-sha'
      ],
    ).toBe(oldest);
    expect(production.spec.template.metadata.labels).toMatchObject({
      'backstage.io/kubernetes-id': 'web',
      'app.kubernetes.io/version': '2.7.0',
      'app.kubernetes.io/part-of': 'storefront',
    });
    const { data: deployments } = await octokit.repos.listDeployments({
      owner: 'acme',
      repo: 'web',
    });
    expect(deployments.map(d => `${d.environment} ${d.sha}`).sort()).toEqual(
      [`dev ${newest}`, `production ${oldest}`, `staging ${newest}`].sort(),
    );
  });

  it('rolls the seeded Deployments out, failing the release that was never pushed', async () => {
    await waitFor(
      () => deployment('prod', 'web-production').status?.readyReplicas === 1,
      10_000,
    );
    const pods = () =>
      sandbox.clusters.get('nonprod')!.store.list({
        group: '',
        version: 'v1',
        resource: 'pods',
        namespace: 'web-staging',
      }).items as any[];
    const waiting = await waitFor(
      () => pods()[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason,
      10_000,
    );
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waiting);
  });

  it('seeds a service once: a restart on the same state leaves it alone', async () => {
    const { seedServices } = await import('./seedServices');
    const before = deployment('nonprod', 'web-dev').metadata.resourceVersion;
    await seedServices({
      github: sandbox.github!,
      token: TOKEN,
      clusters: sandbox.clusters,
      environments: options.environments,
      services: options.seed,
    });
    expect(deployment('nonprod', 'web-dev').metadata.resourceVersion).toBe(
      before,
    );
  });
});
