// Shared fixtures of the group tests: fixed identities and a seeded random source, so runs
// (and the vectors) are reproducible. The simulations' PRNG: test/shared/prng.ts.
import { createHash } from 'node:crypto';
import { identityFromSeed, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { seededRandom } from '../../shared/prng.js';

export { seededRandom };

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

/** Hex of bytes. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** Bytes of hex (spaces ignored). */
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

/** `identity`'s replica of `source`'s group, from `source`'s ops (the first `upTo` of them, or all). */
export function replicaOf(identity: IdentityKeyPair, source: GroupReplica, upTo?: number): GroupReplica {
  return GroupReplica.restore(
    { identity, random: seededRandom(identity.onionAddress) },
    source.groupId,
    source.log
      .ordered()
      .slice(0, upTo)
      .map((op) => op.wire),
  );
}
