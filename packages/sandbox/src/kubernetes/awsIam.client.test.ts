import { ConfigReader } from '@backstage/config';
import { AwsIamStrategy } from '@backstage/plugin-kubernetes-backend';
import { CoreV1Api } from '@kubernetes/client-node';
import { startTestSandbox, type TestSandbox } from '../testUtils';
import { verifyAwsToken, type AwsIamAuthentication } from './awsIam';

// EKS authentication as the upstream Kubernetes backend's `aws` auth
// provider does it: a token from the real AwsIamStrategy, signed with the
// access key of the environment, sent by @kubernetes/client-node.

const ACCESS_KEY_ID = 'AKIASANDBOXPORTAL01';
const SECRET_ACCESS_KEY = 'sandbox/portal/secret-access-key-0123456789';
const CLUSTER_ID = 'eks-nonprod';

const awsIam: AwsIamAuthentication = {
  clusterId: CLUSTER_ID,
  identities: [
    {
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      user: 'developer-portal',
      rules: [{ verbs: ['get', 'list', 'watch'], resources: ['namespaces'] }],
    },
  ],
};

const AWS_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_PROFILE',
];

describe('AWS IAM authentication of a sandbox cluster', () => {
  let sandbox: TestSandbox;
  const savedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    sandbox = await startTestSandbox({
      github: false,
      clusters: [{ name: 'nonprod', awsIam }],
    });
    for (const key of AWS_ENV) savedEnv[key] = process.env[key];
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => {
    for (const key of AWS_ENV) delete process.env[key];
    process.env.AWS_ACCESS_KEY_ID = ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_ACCESS_KEY;
  });
  afterEach(() => {
    jest.useRealTimers();
    for (const key of AWS_ENV) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  /** A token of the upstream strategy for a cluster of that name (and auth metadata). */
  async function upstreamToken(
    name = CLUSTER_ID,
    authMetadata: Record<string, string> = {},
  ): Promise<string> {
    const credential = await new AwsIamStrategy({
      config: new ConfigReader({}),
    }).getCredential({ name, url: 'https://unused', authMetadata });
    if (credential.type !== 'bearer token') {
      throw new Error(`Expected a bearer token, got ${credential.type}`);
    }
    return credential.token;
  }

  const core = (token: string) =>
    sandbox.cluster('nonprod').kubeConfig(token).makeApiClient(CoreV1Api);

  it('lets the token of the aws auth provider in as the user its access key maps to', async () => {
    const token = await upstreamToken();
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    sandbox.clearRequests();
    const namespaces = await core(token).listNamespace();
    expect(namespaces.items.map(ns => ns.metadata?.name)).toContain('default');
    expect(sandbox.cluster('nonprod').requests.entries.at(-1)?.user).toBe(
      'developer-portal',
    );
    // The mapped user is authorized as any other: its rules allow reading only.
    await expect(
      core(token).createNamespace({ body: { metadata: { name: 'nope' } } }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('takes the cluster id from kubernetes.io/x-k8s-aws-id over the cluster name', async () => {
    const token = await upstreamToken('nonprod', {
      'kubernetes.io/x-k8s-aws-id': CLUSTER_ID,
    });
    await expect(core(token).listNamespace()).resolves.toBeDefined();
  });

  it('refuses a token signed for another cluster', async () => {
    const token = await upstreamToken('eks-prod');
    await expect(core(token).listNamespace()).rejects.toMatchObject({
      code: 401,
    });
    expect(() => verifyAwsToken(token, awsIam)).toThrow(
      'does not match the signature',
    );
  });

  it('refuses a token signed with the wrong secret key', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret-key';
    const token = await upstreamToken();
    await expect(core(token).listNamespace()).rejects.toMatchObject({
      code: 401,
    });
    expect(() => verifyAwsToken(token, awsIam)).toThrow(
      'does not match the signature',
    );
  });

  it('refuses a token of an access key the cluster does not map', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAUNKNOWN000000000';
    const token = await upstreamToken();
    await expect(core(token).listNamespace()).rejects.toMatchObject({
      code: 401,
    });
    expect(() => verifyAwsToken(token, awsIam)).toThrow(
      'access key AKIAUNKNOWN000000000',
    );
  });

  it('refuses a token signed more than 15 minutes ago', async () => {
    // Only the clock is moved back: the signer reads the date from it.
    jest.useFakeTimers({
      now: Date.now() - 16 * 60_000,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    const token = await upstreamToken();
    jest.useRealTimers();
    await expect(core(token).listNamespace()).rejects.toMatchObject({
      code: 401,
    });
    expect(() => verifyAwsToken(token, awsIam)).toThrow('15 minute expiration');
    // Fourteen minutes old is still good.
    expect(verifyAwsToken(token, awsIam, Date.now() - 2 * 60_000).user).toBe(
      'developer-portal',
    );
  });

  it('refuses a token whose URL was altered after signing', async () => {
    const url = Buffer.from(
      (await upstreamToken()).slice('k8s-aws-v1.'.length),
      'base64url',
    ).toString();
    const altered = `k8s-aws-v1.${Buffer.from(
      url.replace('Version=2011-06-15', 'Version=2011-06-16'),
    ).toString('base64url')}`;
    await expect(core(altered).listNamespace()).rejects.toMatchObject({
      code: 401,
    });
    expect(() => verifyAwsToken(altered, awsIam)).toThrow(
      'does not match the signature',
    );
  });

  it('still takes the plain tokens of the cluster', async () => {
    const cluster = sandbox.cluster('nonprod');
    await expect(core(cluster.token).listNamespace()).resolves.toBeDefined();
  });
});
