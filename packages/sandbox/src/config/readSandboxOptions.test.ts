import { ConfigReader } from '@backstage/config';
import { PORTAL_LOGIN, readSandboxOptions } from './readSandboxOptions';

const portalConfig = {
  platform: {
    environments: [
      { name: 'dev', cluster: 'nonprod-cluster' },
      { name: 'production', cluster: 'real-cluster' },
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
      environments: [{ name: 'dev', cluster: 'nonprod-cluster' }],
    });
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
});
