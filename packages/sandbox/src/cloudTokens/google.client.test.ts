import { ConfigReader } from '@backstage/config';
import { GoogleServiceAccountStrategy } from '@backstage/plugin-kubernetes-backend';
import { CoreV1Api } from '@kubernetes/client-node';
import { createSign } from 'node:crypto';
import {
  routeCloudTokensToSandbox,
  startTestSandbox,
  testServiceAccountKey,
  type TestSandbox,
} from '../testUtils';
import { verifyAssertion } from './server';

// GKE authentication as the upstream Kubernetes backend's
// `googleServiceAccount` auth provider does it: the real strategy gets an
// access token with a service account key (google-auth-library posts a
// signed JWT to Google's token endpoint, here the sandbox's through
// HTTPS_PROXY), and @kubernetes/client-node sends it to a GKE-like cluster.

const portal = testServiceAccountKey(
  'developer-portal@sandbox-project.iam.gserviceaccount.com',
);
const other = testServiceAccountKey(
  'other-team@sandbox-project.iam.gserviceaccount.com',
);

describe('Google service account authentication of a sandbox cluster', () => {
  let sandbox: TestSandbox;
  let unroute: () => void;

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      google: {
        serviceAccounts: [
          { email: portal.key.client_email, publicKey: portal.publicKey },
          { email: other.key.client_email, publicKey: other.publicKey },
        ],
      },
      clusters: [
        {
          name: 'gke-nonprod',
          google: {
            serviceAccounts: [
              {
                email: portal.key.client_email,
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
    unroute = routeCloudTokensToSandbox(sandbox.google);
  });
  afterAll(async () => {
    unroute?.();
    await sandbox.stop();
  });

  async function accessToken(key: object): Promise<string> {
    const credential = await new GoogleServiceAccountStrategy({
      config: new ConfigReader({
        kubernetes: { googleServiceAccountCredentials: JSON.stringify(key) },
      }),
    }).getCredential();
    if (credential.type !== 'bearer token') {
      throw new Error(`Expected a bearer token, got ${credential.type}`);
    }
    return credential.token;
  }

  const core = (token: string) =>
    sandbox.cluster('gke-nonprod').kubeConfig(token).makeApiClient(CoreV1Api);

  it('lets the access token of the service account in as its email', async () => {
    sandbox.google.requests.clear();
    const token = await accessToken(portal.key);
    expect(token).toMatch(/^ya29\./);
    // One assertion, posted where Google's libraries post it.
    expect(sandbox.google.requests.entries).toMatchObject([
      { method: 'POST', path: '/oauth2/v4/token', status: 200 },
    ]);
    sandbox.clearRequests();
    const namespaces = await core(token).listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
    expect(sandbox.cluster('gke-nonprod').requests.entries.at(-1)?.user).toBe(
      portal.key.client_email,
    );
    await expect(
      core(token).createNamespace({ body: { metadata: { name: 'nope' } } }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('authenticates a service account the cluster grants nothing, which may do nothing', async () => {
    const token = await accessToken(other.key);
    await expect(core(token).listNamespace()).rejects.toMatchObject({
      code: 403,
      body: expect.stringContaining(`User \\"${other.key.client_email}\\"`),
    });
  });

  it('refuses a key signed by another private key', async () => {
    const forged = { ...portal.key, private_key: other.key.private_key };
    await expect(accessToken(forged)).rejects.toThrow(
      'invalid_grant: Invalid JWT Signature.',
    );
  });

  it('refuses a service account it does not know', async () => {
    const stranger = testServiceAccountKey(
      'stranger@elsewhere.iam.gserviceaccount.com',
    );
    await expect(accessToken(stranger.key)).rejects.toThrow(
      'invalid_grant: Invalid grant: account not found',
    );
  });

  it('refuses a token it never issued', async () => {
    await expect(core('ya29.made-up').listNamespace()).rejects.toMatchObject({
      code: 401,
    });
  });

  it('checks the audience, lifetime and scope of an assertion', () => {
    const now = Math.floor(Date.now() / 1000);
    const audience = 'https://www.googleapis.com/oauth2/v4/token';
    const sign = (claims: object) => {
      const head = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString(
        'base64url',
      );
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const signature = createSign('RSA-SHA256')
        .update(`${head}.${body}`)
        .sign(portal.key.private_key)
        .toString('base64url');
      return `${head}.${body}.${signature}`;
    };
    const good = {
      iss: portal.key.client_email,
      aud: audience,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      iat: now,
      exp: now + 3600,
    };
    const serviceAccounts = [
      { email: portal.key.client_email, publicKey: portal.publicKey },
    ];
    expect(verifyAssertion(sign(good), { serviceAccounts, audience })).toEqual({
      email: portal.key.client_email,
      scopes: ['https://www.googleapis.com/auth/cloud-platform'],
    });
    expect(() =>
      verifyAssertion(sign({ ...good, aud: 'https://elsewhere/token' }), {
        serviceAccounts,
        audience,
      }),
    ).toThrow('aud must be');
    expect(() =>
      verifyAssertion(sign({ ...good, iat: now - 7200, exp: now - 3600 }), {
        serviceAccounts,
        audience,
      }),
    ).toThrow('short-lived token');
    expect(() =>
      verifyAssertion(sign({ ...good, exp: now + 7200 }), {
        serviceAccounts,
        audience,
      }),
    ).toThrow('short-lived token');
    expect(() =>
      verifyAssertion(sign({ ...good, scope: '' }), {
        serviceAccounts,
        audience,
      }),
    ).toThrow('invalid_scope');
  });

  it('reaches no other host through its proxy', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(sandbox.google.url, {
        method: 'CONNECT',
        path: 'example.com:443',
      })
        .on('connect', response => {
          response.destroy();
          resolve(response.statusCode);
        })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });
});
