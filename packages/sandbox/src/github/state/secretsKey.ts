import { generateKeyPairSync, randomInt } from 'node:crypto';
import type { SecretsKeyRecord } from './model';

/**
 * A fresh Curve25519 key for a secrets scope. Clients seal secrets against it
 * with libsodium's `crypto_box_seal`, so it has to be a real X25519 public
 * key; the private half is dropped, as the sandbox never decrypts secrets.
 */
export function createSecretsKey(): SecretsKeyRecord {
  const { publicKey } = generateKeyPairSync('x25519');
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.x) {
    throw new Error('X25519 public key has no raw part');
  }
  // GitHub's key ids are long decimal strings.
  const keyId = `${randomInt(1, 10)}${Array.from({ length: 17 }, () =>
    randomInt(0, 10),
  ).join('')}`;
  return {
    key_id: keyId,
    key: Buffer.from(jwk.x, 'base64url').toString('base64'),
  };
}
