import { stableJson } from './objects';

// The alphabet of apimachinery's rand.SafeEncodeString: no vowels, no look-alikes.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(input: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(input, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The `pod-template-hash` of a pod template, shaped as the real controller's
 * (FNV-32a of the template and collision count, its decimal digits mapped
 * through the safe alphabet), e.g. `7fb96c846b`.
 */
export function podTemplateHash(
  template: unknown,
  collisionCount?: number,
): string {
  const hash = fnv32a(
    stableJson(template) + (collisionCount ? String(collisionCount) : ''),
  );
  return [...String(hash)]
    .map(c => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length])
    .join('');
}
