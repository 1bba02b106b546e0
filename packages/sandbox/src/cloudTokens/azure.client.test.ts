import { mockServices } from '@backstage/backend-test-utils';
import { AzureIdentityStrategy } from '@backstage/plugin-kubernetes-backend';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  routeCloudTokensToSandbox,
  startTestSandbox,
  type TestSandbox,
} from '../testUtils';
import { grantClientCredentials } from './server';

// AKS authentication as the upstream Kubernetes backend's `azure` auth
// provider does it: the real strategy gets an access token for the AKS
// server application with the client secret of the environment
// (@azure/identity posts client credentials to Entra ID's token endpoint,
// here the sandbox's through HTTPS_PROXY), and @kubernetes/client-node
// sends it to an AKS-like cluster.

const TENANT_ID = '0b9f1d5c-7a3e-4c2b-9d8e-5f6a7b8c9d01';
const PORTAL = {
  tenantId: TENANT_ID,
  clientId: '3f2a6c1e-8b4d-4e7f-a1c2-d3e4f5a6b7c8',
  clientSecret: 'sandbox~portal~client-secret-0123456789',
};
const OTHER = {
  tenantId: TENANT_ID,
  clientId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  clientSecret: 'sandbox~other~client-secret-9876543210',
};
const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

const AZURE_ENV = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_USERNAME',
  'AZURE_PASSWORD',
  'AZURE_AUTHORITY_HOST',
];

describe('Entra ID authentication of a sandbox cluster', () => {
  let sandbox: TestSandbox;
  let unroute: () => void;
  const savedEnv = Object.fromEntries(
    AZURE_ENV.map(name => [name, process.env[name]]),
  );

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      azure: { clients: [PORTAL, OTHER] },
      clusters: [
        {
          name: 'aks-nonprod',
          azure: {
            clients: [
              {
                tenantId: PORTAL.tenantId,
                clientId: PORTAL.clientId,
                user: 'developer-portal',
                rules: [
                  {
                    verbs: ['get', 'list', 'watch'],
                    resources: ['namespaces'],
                  },
                ],
              },
            ],
          },
        },
      ],
    });
    unroute = routeCloudTokensToSandbox(sandbox.azure);
  });
  afterEach(() => {
    for (const name of AZURE_ENV) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
  });
  afterAll(async () => {
    unroute?.();
    await sandbox.stop();
  });

  async function accessToken(client: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
  }): Promise<string> {
    for (const name of AZURE_ENV) delete process.env[name];
    process.env.AZURE_TENANT_ID = client.tenantId;
    process.env.AZURE_CLIENT_ID = client.clientId;
    process.env.AZURE_CLIENT_SECRET = client.clientSecret;
    const credential = await new AzureIdentityStrategy(
      mockServices.logger.mock(),
    ).getCredential();
    if (credential.type !== 'bearer token') {
      throw new Error(`Expected a bearer token, got ${credential.type}`);
    }
    return credential.token;
  }

  const core = (token: string) =>
    sandbox.cluster('aks-nonprod').kubeConfig(token).makeApiClient(CoreV1Api);

  it('lets the access token of a mapped client in as its user', async () => {
    sandbox.azure.requests.clear();
    const token = await accessToken(PORTAL);
    // One request, posted where @azure/identity posts it.
    expect(sandbox.azure.requests.entries).toMatchObject([
      {
        method: 'POST',
        path: `/${TENANT_ID}/oauth2/v2.0/token`,
        status: 200,
      },
    ]);
    expect(sandbox.azure.azureAccessToken(token)).toMatchObject({
      tenantId: TENANT_ID,
      clientId: PORTAL.clientId,
      audience: '6dae42f8-4368-4678-94ff-3960e28e3630',
    });
    sandbox.clearRequests();
    const namespaces = await core(token).listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
    expect(sandbox.cluster('aks-nonprod').requests.entries.at(-1)?.user).toBe(
      'developer-portal',
    );
    await expect(
      core(token).createNamespace({ body: { metadata: { name: 'nope' } } }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('refuses a wrong client secret as Entra ID does', async () => {
    await expect(
      accessToken({ ...PORTAL, clientSecret: 'not-the-secret' }),
    ).rejects.toThrow(/invalid_client.*AADSTS7000215: Invalid client secret/s);
  });

  it('refuses a client it does not know', async () => {
    await expect(
      accessToken({
        ...PORTAL,
        clientId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toThrow(/AADSTS700016: Application with identifier/);
  });

  it('leaves the token of a client the cluster does not map unauthorized', async () => {
    const token = await accessToken(OTHER);
    await expect(core(token).listNamespace()).rejects.toMatchObject({
      code: 401,
    });
  });

  it('refuses a token it never issued', async () => {
    await expect(
      core('eyJ0eXAiOiJKV1Qi.made.up').listNamespace(),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('refuses a token of a mapped client for another resource', async () => {
    const response = await fetch(
      `${sandbox.azure.url}/${TENANT_ID}/oauth2/v2.0/token`,
      {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: PORTAL.clientId,
          client_secret: PORTAL.clientSecret,
          scope: 'https://management.azure.com/.default',
        }),
      },
    );
    expect(response.status).toBe(200);
    const { access_token: token } = await response.json();
    await expect(core(token).listNamespace()).rejects.toMatchObject({
      code: 401,
    });
  });

  it('checks the grant type, tenant and scope of a request', () => {
    const body = {
      grant_type: 'client_credentials',
      client_id: PORTAL.clientId,
      client_secret: PORTAL.clientSecret,
      scope: AKS_SCOPE,
    };
    expect(grantClientCredentials(TENANT_ID, body, [PORTAL])).toEqual({
      tenantId: TENANT_ID,
      clientId: PORTAL.clientId,
      audience: '6dae42f8-4368-4678-94ff-3960e28e3630',
    });
    expect(() =>
      grantClientCredentials(TENANT_ID, { ...body, grant_type: 'password' }, [
        PORTAL,
      ]),
    ).toThrow('unsupported_grant_type');
    expect(() =>
      grantClientCredentials('another-tenant', body, [PORTAL]),
    ).toThrow("AADSTS90002: Tenant 'another-tenant' not found");
    expect(() =>
      grantClientCredentials(
        TENANT_ID,
        { ...body, scope: '6dae42f8-4368-4678-94ff-3960e28e3630/user.read' },
        [PORTAL],
      ),
    ).toThrow('AADSTS1002012');
    expect(() =>
      grantClientCredentials(TENANT_ID, { ...body, client_secret: '' }, [
        PORTAL,
      ]),
    ).toThrow('AADSTS7000218');
  });

  it('answers errors in Entra ID JSON form', async () => {
    // The proxy serves the token path over plain HTTP too.
    const response = await fetch(
      `${sandbox.azure.url}/${TENANT_ID}/oauth2/v2.0/token`,
      {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: PORTAL.clientId,
          client_secret: 'wrong',
          scope: AKS_SCOPE,
        }),
      },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringMatching(/^AADSTS7000215: /),
      error_codes: [7000215],
    });
  });
});
