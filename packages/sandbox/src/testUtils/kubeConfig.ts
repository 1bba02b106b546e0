import { ApiException, KubeConfig } from '@kubernetes/client-node';

/**
 * A `@kubernetes/client-node` configuration for one sandbox cluster, with
 * `token` as the bearer token. With `caCert` (the sandbox's PEM certificate)
 * an HTTPS cluster's certificate is verified against it; without, it is not
 * checked.
 */
export function kubeConfig(
  url: string,
  token: string,
  options: { caCert?: string } = {},
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      options.caCert
        ? {
            name: 'sandbox',
            server: url,
            caData: Buffer.from(options.caCert).toString('base64'),
          }
        : { name: 'sandbox', server: url, skipTLSVerify: true },
    ],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'user' }],
    currentContext: 'sandbox',
  });
  return kc;
}

/**
 * The status code and the decoded body (a `Status` object) of a client call
 * that must fail; throws when it succeeds or fails another way.
 */
export async function kubernetesFailureOf(
  promise: Promise<unknown>,
): Promise<{ code: number; body: any }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      return {
        code: error.code,
        body:
          typeof error.body === 'string' ? JSON.parse(error.body) : error.body,
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}
