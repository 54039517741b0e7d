// Shared fixtures of the group tests: fixed identities and a seeded random source, so runs
// (and the vectors) are reproducible. The simulations' PRNG: test/shared/prng.ts.
import { createHash } from 'node:crypto';
import { identityFromSeed, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import type { RandomSource } from '../../../src/crypto/random.js';

/** The identity with seed sha256("member" ‖ n): the same on every run. */
export function member(n: number): IdentityKeyPair {
  return identityFromSeed(new Uint8Array(createHash('sha256').update(`member ${n}`).digest()));
}

const cache = new Map<number, IdentityKeyPair>();
/** {@link member}, cached (key derivation is not free). */
export function memberCached(n: number): IdentityKeyPair {
  let identity = cache.get(n);
  if (identity === undefined) cache.set(n, (identity = member(n)));
  return identity;
}

/** A deterministic RandomSource: SHA-256 in counter mode over `seed`. */
export function seededRandom(seed: string | number): RandomSource {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let offset = 0; offset < length; offset += 32) {
      const block = createHash('sha256').update(`${seed}/${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, length - offset)), offset);
    }
    return out;
  };
}

/** Hex of bytes. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** Bytes of hex (spaces ignored). */
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
