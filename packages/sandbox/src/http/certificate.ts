import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { TlsCredentials } from './listen';

/**
 * A self-signed certificate for 127.0.0.1 and localhost, kept in `dir` when
 * given so that clients trusting it keep working across restarts.
 */
export async function loopbackCertificate(
  dir?: string,
): Promise<TlsCredentials> {
  const keyFile = dir && join(dir, 'sandbox.key');
  const certFile = dir && join(dir, 'sandbox.crt');
  if (keyFile && certFile) {
    try {
      return {
        key: await readFile(keyFile, 'utf8'),
        cert: await readFile(certFile, 'utf8'),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
  }
  const credentials = selfSignedCertificate('sandbox.localhost', [
    { type: 7, ip: '127.0.0.1' },
    { type: 2, value: 'localhost' },
  ]);
  if (dir && keyFile && certFile) {
    await mkdir(dir, { recursive: true });
    await writeFile(keyFile, credentials.key, { mode: 0o600 });
    await writeFile(certFile, credentials.cert);
  }
  return credentials;
}

/**
 * A new self-signed CA certificate (RSA 2048, SHA-256, ten years) for
 * `altNames`, the subjectAltName entries (type 2: DNS name, type 7: IP).
 */
export function selfSignedCertificate(
  commonName: string,
  altNames: ({ type: 2; value: string } | { type: 7; ip: string })[],
): TlsCredentials {
  const pems = generate([{ name: 'commonName', value: commonName }], {
    days: 3650,
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
