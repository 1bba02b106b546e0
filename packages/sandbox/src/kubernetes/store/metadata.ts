import { randomUUID } from 'node:crypto';

// The alphabet and length the server's name generator uses (no vowels, no look-alikes).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function generateNameSuffix(length = 5): string {
  let suffix = '';
  for (let i = 0; i < length; i++) {
    suffix += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  }
  return suffix;
}

export function newUid(): string {
  return randomUUID();
}

/** RFC 3339 to the second, as Kubernetes timestamps are written. */
export function timestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
