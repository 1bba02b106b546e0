import type { NameAvailability } from './availability';
import { PlatformClient } from './PlatformClient';

const availability: NameAvailability = {
  name: 'invoice-service',
  valid: true,
  violations: [],
  repository: {
    host: 'github.com',
    owner: 'acme',
    repo: 'invoice-service',
    free: true,
  },
  namespaces: [
    {
      environment: 'dev',
      cluster: 'nonprod-cluster',
      namespace: 'invoice-service-dev',
      free: true,
    },
  ],
};

/** A fetch that records each request and answers with the given response. */
function recordingFetch(answer: () => Response) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: (async (url: string, init?: RequestInit) => {
      requests.push({ url, init });
      return answer();
    }) as typeof fetch,
  };
  return { requests, fetchApi };
}

const discoveryApi = {
  getBaseUrl: async (pluginId: string) =>
    `http://portal.example/api/${pluginId}`,
};

describe('PlatformClient', () => {
  it('asks for the availability of a name, with the owner and host when given', async () => {
    const { requests, fetchApi } = recordingFetch(() =>
      Response.json(availability),
    );
    const client = new PlatformClient({ discoveryApi, fetchApi });

    await expect(
      client.getNameAvailability('invoice-service'),
    ).resolves.toEqual(availability);
    await client.getNameAvailability('a b/c', {
      owner: 'acme',
      host: 'ghe.acme.example',
      token: 'user-token',
    });

    expect(requests.map(request => request.url)).toEqual([
      'http://portal.example/api/platform/names/invoice-service/availability',
      'http://portal.example/api/platform/names/a%20b%2Fc/availability?owner=acme&host=ghe.acme.example',
    ]);
    expect(requests[0].init?.headers).toBeUndefined();
    expect(requests[1].init?.headers).toEqual({
      Authorization: 'Bearer user-token',
    });
  });

  it("fails with the server's error when the backend refuses", async () => {
    const { fetchApi } = recordingFetch(() =>
      Response.json(
        {
          error: {
            name: 'InputError',
            message:
              "owner: 'elsewhere' is not one of platform.github.organizations (acme)",
          },
          request: { method: 'GET', url: '/names/web/availability' },
          response: { statusCode: 400 },
        },
        { status: 400, statusText: 'Bad Request' },
      ),
    );
    const client = new PlatformClient({ discoveryApi, fetchApi });

    await expect(
      client.getNameAvailability('web', { owner: 'elsewhere' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: {
        message:
          "owner: 'elsewhere' is not one of platform.github.organizations (acme)",
      },
    });
  });

  it("asks for a service's environments by its entity ref", async () => {
    const answer = {
      entityRef: 'component:default/invoice-service',
      environments: [],
      previews: [],
    };
    const { requests, fetchApi } = recordingFetch(() => Response.json(answer));
    const client = new PlatformClient({ discoveryApi, fetchApi });

    await expect(
      client.getServiceEnvironments('component:default/invoice-service'),
    ).resolves.toEqual(answer);
    await client.getServiceEnvironments('invoice-service', { token: 't' });
    await client.getServiceEnvironments({
      kind: 'Component',
      namespace: 'a b',
      name: 'c/d',
    });

    expect(requests.map(request => request.url)).toEqual([
      'http://portal.example/api/platform/entities/component/default/invoice-service/environments',
      'http://portal.example/api/platform/entities/component/default/invoice-service/environments',
      'http://portal.example/api/platform/entities/Component/a%20b/c%2Fd/environments',
    ]);
    expect(requests[1].init?.headers).toEqual({ Authorization: 'Bearer t' });
  });

  it('still reads the config', async () => {
    const { requests, fetchApi } = recordingFetch(() =>
      Response.json({ environments: [], tiers: [], maxServiceNameLength: 63 }),
    );
    const client = new PlatformClient({ discoveryApi, fetchApi });
    await expect(client.getConfig()).resolves.toEqual({
      environments: [],
      tiers: [],
      maxServiceNameLength: 63,
    });
    expect(requests[0].url).toBe('http://portal.example/api/platform/config');
  });
});
