import { ResponseError } from '@backstage/errors';
import type { EntityDeploymentStatus } from '../types';
import { DeploymentStatusClient } from './DeploymentStatusClient';

const status: EntityDeploymentStatus = {
  entityRef: 'component:default/web',
  kubernetesId: 'web',
  environments: [
    {
      name: 'dev',
      title: 'Development',
      cluster: 'dev',
      namespace: 'web-dev',
      workloads: [],
      events: [],
    },
  ],
};

const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `http://backend/api/${pluginId}`,
};

/** Answers like the backend and remembers what it was asked. */
function fakeFetch(response: () => Response) {
  return jest.fn<Promise<Response>, Parameters<typeof fetch>>(async () =>
    response(),
  );
}

describe('DeploymentStatusClient', () => {
  it('asks for one entity by its compound ref', async () => {
    const fetch = fakeFetch(() => Response.json(status));
    const client = new DeploymentStatusClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await expect(
      client.getEntityStatus({
        kind: 'Component',
        namespace: 'default',
        name: 'web',
      }),
    ).resolves.toEqual(status);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/deployment-status/entities/Component/default/web',
      { headers: undefined },
    );
  });

  it('accepts a string ref and escapes its parts', async () => {
    const fetch = fakeFetch(() => Response.json(status));
    const client = new DeploymentStatusClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await client.getEntityStatus('component:team a/web#1', { token: 't0k' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/deployment-status/entities/component/team%20a/web%231',
      { headers: { Authorization: 'Bearer t0k' } },
    );
  });

  it('refuses a string ref without a kind rather than guess one', async () => {
    const fetch = fakeFetch(() => Response.json(status));
    const client = new DeploymentStatusClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    await expect(client.getEntityStatus('web')).rejects.toThrow(/kind/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('throws a ResponseError carrying the backend error', async () => {
    const fetch = fakeFetch(() =>
      Response.json(
        {
          error: { name: 'NotFoundError', message: 'No entity web' },
          request: { method: 'GET', url: '/entities/component/default/web' },
          response: { statusCode: 404 },
        },
        { status: 404, statusText: 'Not Found' },
      ),
    );
    const client = new DeploymentStatusClient({
      discoveryApi,
      fetchApi: { fetch },
    });

    const error = await client
      .getEntityStatus('component:default/web')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause).toMatchObject({
      name: 'NotFoundError',
      message: 'No entity web',
    });
  });
});
