import { ConfigReader } from '@backstage/config';
import { repositoryLocation } from './repositoryLocation';

const config = new ConfigReader({
  integrations: {
    github: [
      {
        host: 'ghe.acme.example',
        apiBaseUrl: 'https://ghe.acme.example/api/v3',
      },
      { host: 'github.com' },
    ],
  },
  platform: { github: { organizations: ['acme', 'acme-labs'] } },
});

describe('repositoryLocation', () => {
  it("puts a new service's repository in the first organisation on the first GitHub host", () => {
    expect(repositoryLocation(config, 'invoice-service')).toEqual({
      host: 'ghe.acme.example',
      owner: 'acme',
      repo: 'invoice-service',
      repoUrl: 'ghe.acme.example?owner=acme&repo=invoice-service',
    });
  });

  it('takes a repoUrl on a configured host and organisation', () => {
    expect(
      repositoryLocation(
        config,
        'invoice-service',
        'github.com?owner=acme-labs&repo=invoices',
      ),
    ).toMatchObject({
      host: 'github.com',
      owner: 'acme-labs',
      repo: 'invoices',
    });
  });

  it('names the field and the rule of a repoUrl it refuses', () => {
    expect(() =>
      repositoryLocation(config, 'x', 'gitlab.com?owner=acme&repo=x'),
    ).toThrow(
      "repoUrl: 'gitlab.com' is not a host of integrations.github (ghe.acme.example, github.com)",
    );
    expect(() =>
      repositoryLocation(config, 'x', 'github.com?owner=other&repo=x'),
    ).toThrow(
      "repoUrl: owner 'other' is not one of platform.github.organizations (acme, acme-labs)",
    );
  });

  it('says which config is missing', () => {
    expect(() =>
      repositoryLocation(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com' }] },
        }),
        'x',
      ),
    ).toThrow('platform.github.organizations: no organisation is configured');
  });
});
