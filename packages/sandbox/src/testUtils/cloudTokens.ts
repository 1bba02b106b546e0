import { generateKeyPairSync } from 'node:crypto';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { CloudTokenServer } from '../cloudTokens';

const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

/**
 * Sends this process's Google and Entra ID token requests to the sandbox's
 * token endpoints, as Google's client libraries and @azure/identity make them: sets `HTTPS_PROXY` to
 * it (and `NO_PROXY` to the loopback addresses, which the clusters are on),
 * and trusts its certificate besides the usual CAs. Returns what undoes it.
 */
export function routeCloudTokensToSandbox(
  google: Pick<CloudTokenServer, 'url' | 'caCert'>,
): () => void {
  const savedEnv = Object.fromEntries(
    PROXY_VARIABLES.map(name => [name, process.env[name]]),
  );
  const savedCAs = getCACertificates('default');
  for (const name of PROXY_VARIABLES) delete process.env[name];
  process.env.HTTPS_PROXY = google.url;
  process.env.NO_PROXY = '127.0.0.1,localhost,::1';
  setDefaultCACertificates([...savedCAs, google.caCert]);
  return () => {
    setDefaultCACertificates(savedCAs);
    for (const name of PROXY_VARIABLES) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
  };
}

/** A service account key file as Google issues them, with a fresh key pair; `publicKey` is for the sandbox. */
export function testServiceAccountKey(
  email = 'developer-portal@sandbox-project.iam.gserviceaccount.com',
): {
  key: Record<string, string>;
  publicKey: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const project = email.split('@')[1]?.split('.')[0] ?? 'sandbox-project';
  return {
    key: {
      type: 'service_account',
      project_id: project,
      private_key_id: 'sandbox-key-1',
      private_key: privateKey
        .export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      client_email: email,
      client_id: '100000000000000000001',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
    },
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
