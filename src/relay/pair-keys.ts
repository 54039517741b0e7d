/**
 * The keys one sender S shares with one recipient R, from the static-static exchange of their
 * identity keys (src/crypto/identity-dh.ts):
 *
 *   shared = X25519(x_S, X_R) = X25519(x_R, X_S)
 *   okm    = HKDF-SHA256(ikm = shared, salt = PAIR_KEYS_SALT, info = S ‖ R, 96 bytes)
 *   tag key = okm[0..32]    inner MAC key = okm[32..64]    receipt MAC key = okm[64..96]
 *
 * S and R are the ed25519 identity keys, in that order, so the keys of envelopes S sends R
 * differ from those R sends S. Only S and R can compute them: a holder that knows both onion
 * addresses still cannot (the point of tag.ts), and a MAC under them convinces R that S wrote
 * it but proves nothing to anyone else, since R could have computed the same MAC (seal.ts).
 */
import { checkBytes } from '../lib/argument-checks.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import { identitySharedSecret } from '../crypto/identity-dh.js';
import { IDENTITY_KEY_BYTES } from '../protocol/relay/limits.js';
import { PAIR_KEYS_SALT } from './domains.js';

/** Bytes of each pair key. */
export const PAIR_KEY_BYTES = 32;

/** The keys of envelopes from one sender to one recipient. Secret. */
export interface PairKeys {
  /** Keys the recipient tag (tag.ts). */
  readonly tagKey: Uint8Array;
  /** Keys the MAC over the inner payload (seal.ts, verify-inner.ts). */
  readonly innerMacKey: Uint8Array;
  /** Keys the MAC of the recipient's receipt (receipt.ts). */
  readonly receiptMacKey: Uint8Array;
}

/**
 * The pair keys of envelopes between us and `peerKey`, in direction `direction` ('to-peer': we
 * send, they receive; 'from-peer': they send, we receive). Throws `WeakKeyError` for a peer key
 * that is not a usable identity.
 * @example pairKeys(identity, publicKeyFromOnionAddress(friend), 'to-peer').tagKey
 */
export function pairKeys(ours: IdentityKeyPair, peerKey: Uint8Array, direction: 'to-peer' | 'from-peer'): PairKeys {
  checkBytes(peerKey, 'peerKey', IDENTITY_KEY_BYTES);
  const shared = identitySharedSecret(ours, peerKey);
  const [sender, recipient] = direction === 'to-peer' ? [ours.publicKey, peerKey] : [peerKey, ours.publicKey];
  const info = new Uint8Array(2 * IDENTITY_KEY_BYTES);
  info.set(sender, 0);
  info.set(recipient, IDENTITY_KEY_BYTES);
  const okm = hkdfSha256(shared, PAIR_KEYS_SALT, info, 3 * PAIR_KEY_BYTES);
  shared.fill(0);
  const keys = {
    tagKey: okm.slice(0, PAIR_KEY_BYTES),
    innerMacKey: okm.slice(PAIR_KEY_BYTES, 2 * PAIR_KEY_BYTES),
    receiptMacKey: okm.slice(2 * PAIR_KEY_BYTES),
  };
  okm.fill(0);
  return keys;
}
