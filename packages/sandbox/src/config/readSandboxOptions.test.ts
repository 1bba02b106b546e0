import { ConfigReader, type JsonValue } from '@backstage/config';
import { PORTAL_LOGIN, readSandboxOptions } from './readSandboxOptions';

const portalConfig = {
  platform: {
    environments: [
      { name: 'dev', cluster: 'nonprod-cluster', tiers: ['small'] },
      { name: 'production', cluster: 'real-cluster', tiers: ['small'] },
    ],
    tiers: [
      {
        name: 'small',
        quota: {
          requests: { cpu: '1', memory: '1Gi' },
          limits: { cpu: '2', memory: '2Gi' },
          pods: 10,
          services: 5,
          persistentVolumeClaims: 2,
        },
        limits: {
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          default: { cpu: '500m', memory: '256Mi' },
        },
      },
    ],
  },
  integrations: {
    github: [
      {
        host: '127.0.0.1:7010',
        apiBaseUrl: 'http://127.0.0.1:7010/api/v3',
        token: 'sandbox-portal-token',
      },
      { host: 'github.com' },
    ],
  },
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'nonprod-cluster',
            url: 'https://127.0.0.1:7011',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'nonprod-token',
          },
          {
            name: 'real-cluster',
            url: 'https://k8s.example.com',
            authProvider: 'serviceAccount',
          },
        ],
      },
    ],
  },
};

describe('readSandboxOptions', () => {
  it('starts nothing without a sandbox section', () => {
    expect(
      readSandboxOptions(new ConfigReader(portalConfig), '/repo'),
    ).toBeUndefined();
  });

  it('serves the GitHub host and clusters on this machine, with their tokens', () => {
    const options = readSandboxOptions(
      new ConfigReader({
        ...portalConfig,
        sandbox: {
          stateDir: '.data/sandbox',
          github: {
            organizations: [
              {
                login: 'acme',
                members: ['outside-collaborator'],
                teams: [{ slug: 'payments-team', members: ['sofia-martinez'] }],
              },
            ],
          },
        },
      }),
      '/repo',
    );
    expect(options).toEqual({
      stateDir: '/repo/.data/sandbox',
      github: {
        port: 7010,
        tokens: [{ token: 'sandbox-portal-token', login: PORTAL_LOGIN }],
        organizations: [
          {
            login: 'acme',
            members: [
              { login: PORTAL_LOGIN, role: 'admin' },
              { login: 'outside-collaborator', role: 'member' },
              { login: 'sofia-martinez', role: 'member' },
            ],
            teams: [{ slug: 'payments-team', members: ['sofia-martinez'] }],
          },
        ],
        rateLimitPerHour: undefined,
      },
      clusters: [
        {
          name: 'nonprod-cluster',
          port: 7011,
          https: true,
          tokens: [{ token: 'nonprod-token', user: PORTAL_LOGIN }],
        },
      ],
      environments: [
        {
          name: 'dev',
          cluster: 'nonprod-cluster',
          namespace: '{service}-{environment}',
        },
      ],
      seed: [],
    });
  });

  it('refuses a platform config the backend would refuse', () => {
    const config = new ConfigReader({
      ...portalConfig,
      platform: {
        ...portalConfig.platform,
        environments: [{ name: 'dev', cluster: 'nowhere', tiers: ['small'] }],
      },
      sandbox: {},
    });
    expect(() => readSandboxOptions(config, '/repo')).toThrow(
      "Invalid platform config: platform.environments[0].cluster of environment 'dev' names cluster 'nowhere'",
    );
  });

  it('names the key of a local URL it cannot serve', () => {
    const config = new ConfigReader({
      sandbox: {},
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [{ name: 'local', url: 'https://localhost' }],
          },
        ],
      },
    });
    expect(() => readSandboxOptions(config, '/repo')).toThrow(
      'kubernetes.clusterLocatorMethods[0].clusters[0].url points at this machine, so it must be an http(s) URL with a port for the sandbox to serve it, got https://localhost',
    );
  });

  describe('sandbox.clusters', () => {
    const withClusters = (clusters: JsonValue) =>
      new ConfigReader({ ...portalConfig, sandbox: { clusters } });
    const gpuNode = {
      name: 'gpu-1',
      labels: [{ key: 'nvidia.com/gpu.present', value: 'true' }],
      taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
      capacity: { cpu: '48', memory: '192Gi' },
      extendedResources: [{ name: 'nvidia.com/gpu', quantity: 4 }],
    };

    it('gives a served cluster the nodes listed, in the form the controllers take', () => {
      const options = readSandboxOptions(
        withClusters([
          { name: 'nonprod-cluster', nodes: [{ name: 'general-1' }, gpuNode] },
        ]),
        '/repo',
      );
      expect(options!.clusters![0].nodes).toEqual([
        { name: 'general-1' },
        {
          name: 'gpu-1',
          labels: { 'nvidia.com/gpu.present': 'true' },
          taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
          capacity: { cpu: '48', memory: '192Gi', 'nvidia.com/gpu': 4 },
        },
      ]);
      // Left out: the controllers' default, one general node.
      expect(
        readSandboxOptions(withClusters([]), '/repo')!.clusters![0].nodes,
      ).toBeUndefined();
    });

    it('names the entry that is wrong and the rule it breaks', () => {
      const refused = (clusters: JsonValue) => () =>
        readSandboxOptions(withClusters(clusters), '/repo');
      expect(refused([{ name: 'real-cluster', nodes: [] }])).toThrow(
        'sandbox.clusters[0].name: the sandbox serves no cluster real-cluster; it serves the clusters of kubernetes.clusterLocatorMethods whose url is on this machine (nonprod-cluster)',
      );
      expect(
        refused([
          {
            name: 'nonprod-cluster',
            nodes: [
              { name: 'a' },
              {
                ...gpuNode,
                taints: [{ key: 'nvidia.com/gpu', effect: 'NoRun' }],
              },
            ],
          },
        ]),
      ).toThrow(
        'sandbox.clusters[0].nodes[1]: Node "gpu-1" is invalid: spec.taints[0].effect: Unsupported value: "NoRun": supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"',
      );
      expect(
        refused([
          {
            name: 'nonprod-cluster',
            nodes: [{ name: 'a' }, { name: 'a', address: '10.0.0.9' }],
          },
        ]),
      ).toThrow(
        'sandbox.clusters[0].nodes[1].name: a is already the name of another node; node names must be unique',
      );
      expect(
        refused([
          {
            name: 'nonprod-cluster',
            nodes: [{ name: 'a', capacity: { memory: 'lots' } }],
          },
        ]),
      ).toThrow(
        'sandbox.clusters[0].nodes[0].capacity.memory must be a non-negative quantity such as 4, 500m or 16Gi, got "lots"',
      );
      expect(
        refused([
          {
            name: 'nonprod-cluster',
            nodes: [{ name: 'a', capacity: { gpus: 2 } }],
          },
        ]),
      ).toThrow(
        'sandbox.clusters[0].nodes[0].capacity.gpus: capacity takes cpu, memory, pods, ephemeral-storage; list extended resources such as nvidia.com/gpu under extendedResources',
      );
      expect(
        refused([
          {
            name: 'nonprod-cluster',
            nodes: [{ name: 'a', address: '172.18.0.3' }, { name: 'b' }],
          },
        ]),
      ).toThrow(
        'sandbox.clusters[0].nodes[1].address: its default, 172.18.0.3, is already the address of another node; give it an address of its own',
      );
      expect(
        refused([
          { name: 'nonprod-cluster', nodes: [{ name: 'a', address: 'here' }] },
        ]),
      ).toThrow(
        'sandbox.clusters[0].nodes[0].address must be an IPv4 address, got "here"',
      );
      expect(
        refused([{ name: 'nonprod-cluster', nodes: [{ name: 'Not_A_Name' }] }]),
      ).toThrow(
        /^sandbox\.clusters\[0\]\.nodes\[0\]: Node "Not_A_Name" is invalid: metadata\.name: Invalid value/,
      );
    });
  });
});
