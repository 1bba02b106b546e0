import { mockServices } from '@backstage/backend-test-utils';
import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Octokit } from '@octokit/rest';
// Imported by name, as a plugin's test imports it.
import { TEST_TOKENS, useTestSandbox } from '@internal/sandbox/testUtils';

/**
 * What a provisioning action of a plugin does, reading only its config: make
 * sure `acme/<service>` exists and has a namespace per environment. A dry
 * run checks the same things and changes nothing.
 */
async function provision(
  config: Config,
  service: string,
  { dryRun }: { dryRun: boolean },
) {
  const integration =
    ScmIntegrations.fromConfig(config).github.list()[0].config;
  const octokit = new Octokit({
    baseUrl: integration.apiBaseUrl,
    auth: integration.token,
  });
  const exists = await octokit.repos
    .get({ owner: 'acme', repo: service })
    .then(() => true)
    .catch(() => false);
  if (!exists && !dryRun) {
    await octokit.repos.createInOrg({ org: 'acme', name: service });
  }

  const clusters = config
    .getConfigArray('kubernetes.clusterLocatorMethods')[0]
    .getConfigArray('clusters');
  for (const environment of config.getConfigArray('platform.environments')) {
    const cluster = clusters.find(
      c => c.getString('name') === environment.getString('cluster'),
    )!;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: cluster.getString('url'),
          caData: cluster.getString('caData'),
        },
      ],
      users: [{ name: 'u', token: cluster.getString('serviceAccountToken') }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    // The server validates a dry run as it would the real request, and stores nothing.
    await kc.makeApiClient(CoreV1Api).createNamespace({
      body: {
        metadata: { name: `${service}-${environment.getString('name')}` },
      },
      dryRun: dryRun ? 'All' : undefined,
    });
  }
}

describe('useTestSandbox, as a plugin test uses it', () => {
  const sandbox = useTestSandbox({
    clusters: ['nonprod', 'prod'],
    environments: [
      { name: 'dev', cluster: 'nonprod' },
      { name: 'production', cluster: 'prod' },
    ],
  });

  it('proves a dry run wrote nothing, and sees what the real run wrote', async () => {
    const config = mockServices.rootConfig({ data: sandbox.config() });

    await provision(config, 'checkout', { dryRun: true });
    expect(sandbox.github.requests.count()).toBe(1);
    expect(sandbox.cluster('nonprod').requests.count()).toBe(1);
    expect(sandbox.writes()).toEqual([]);

    await provision(config, 'checkout', { dryRun: false });
    expect(
      sandbox.writes().map(({ server, method, path }) => ({
        server,
        method,
        path,
      })),
    ).toEqual([
      { server: 'github', method: 'POST', path: '/api/v3/orgs/acme/repos' },
      { server: 'nonprod', method: 'POST', path: '/api/v1/namespaces' },
      { server: 'prod', method: 'POST', path: '/api/v1/namespaces' },
    ]);
    expect(sandbox.github.repository('acme', 'checkout')?.visibility).toBe(
      'public',
    );
    expect(
      sandbox.cluster('prod').get('v1', 'Namespace', 'checkout-production'),
    ).toBeDefined();
    expect(
      sandbox.cluster('nonprod').get('v1', 'Namespace', 'checkout-production'),
    ).toBeUndefined();
  });

  it('hands out clients for any token, and reads repositories and clusters', async () => {
    const member = sandbox.github.octokit(TEST_TOKENS.member);
    const { data } = await member.users.getAuthenticated();
    expect(data.login).toBe('mona');

    await sandbox.github.octokit().repos.createInOrg({
      org: 'acme',
      name: 'docs',
      auto_init: true,
    });
    await sandbox.github.octokit().repos.createOrUpdateFileContents({
      owner: 'acme',
      repo: 'docs',
      path: 'deploy/dev/config.yaml',
      message: 'Add config',
      content: Buffer.from('replicas: 1\n').toString('base64'),
    });
    expect(
      await sandbox.github.file('acme', 'docs', 'deploy/dev/config.yaml'),
    ).toBe('replicas: 1\n');
    expect(Object.keys(await sandbox.github.files('acme', 'docs'))).toEqual([
      'README.md',
      'deploy/dev/config.yaml',
    ]);
    expect(
      (await sandbox.github.commits('acme', 'docs')).map(c => c.message),
    ).toEqual(['Add config', 'Initial commit']);

    const nonprod = sandbox.cluster('nonprod');
    // `kubectl create` sends protobuf; apply sends JSON.
    const applied = await nonprod.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'team' },
      }),
    });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(
      nonprod.list('v1', 'Namespace').map(n => n.metadata?.name),
    ).toContain('team');
    const listed = await nonprod.kubectl(['get', 'namespaces', '-o', 'name']);
    expect(listed.stdout).toContain('namespace/team');
  });

  it('gives the config a plugin reads', () => {
    const config = sandbox.config({ githubToken: TEST_TOKENS.member });
    expect(config).toEqual({
      integrations: {
        github: [
          {
            host: sandbox.github.host,
            apiBaseUrl: sandbox.github.apiBaseUrl,
            token: TEST_TOKENS.member,
          },
        ],
      },
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: ['nonprod', 'prod'].map(name => ({
              name,
              url: sandbox.cluster(name).url,
              authProvider: 'serviceAccount',
              serviceAccountToken: `sandbox-${name}-token`,
              caData: expect.any(String),
              skipMetricsLookup: true,
            })),
          },
        ],
      },
      platform: {
        environments: [
          { name: 'dev', cluster: 'nonprod' },
          { name: 'production', cluster: 'prod' },
        ],
      },
    });
  });
});
