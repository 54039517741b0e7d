/**
 * Sealing a new epoch key to each member of a group: the "seal to a member's identity key"
 * helper the group service needs (kept here, not in src/crypto/, because only groups use it).
 *
 * One fresh ephemeral x25519 key pair per grant; for each recipient R (an ed25519 identity key):
 *
 *   X_R    = x25519 public key of R (RFC 7748 §4.1 birational map, as the session uses)
 *   k_R    = HKDF-SHA256(ikm = X25519(e, X_R), salt = E ‖ X_R, info = EPOCH_SEAL_INFO ‖ R, 32)
 *   sealed = ChaCha20-Poly1305(k_R, nonce = 0^12, plaintext = epoch key, aad = commitment)
 *   commitment = SHA-256(label ‖ epoch key)
 *
 * k_R is used for exactly one encryption (e is fresh for every grant), so the all-zero nonce is
 * safe (the same argument as ECIES / HPKE base mode with a single message). Binding the
 * commitment as associated data and checking it after opening means every recipient who opens
 * their copy holds the same key, even if the sealer lied to some of them: a member whose copy
 * does not open learns it at once, instead of reading a different conversation.
 */
import { checkBytes, invalidArgument } from '../lib/argument-checks.js';
import { chachaPolyOpen, chachaPolySeal } from '../crypto/chacha20-poly1305.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { DecryptionFailedError, WeakKeyError } from '../crypto/crypto-errors.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import { x25519PublicFromEd25519, x25519SecretFromSeed, type IdentityKeyPair } from '../crypto/identity.js';
import type { RandomSource } from '../crypto/random.js';
import { generateX25519KeyPair, x25519SharedSecret } from '../crypto/x25519.js';
import { compareBytes } from '../protocol/groups/fields.js';
import type { EpochGrant, SealedKeyEntry } from '../protocol/groups/group-op-codec.js';
import { GROUP_EPOCH_KEY_BYTES, MAX_GROUP_MEMBERS } from '../protocol/groups/limits.js';
import { epochKeyCommitment, EPOCH_SEAL_INFO } from './domains.js';
import { epochKeyUnreadable } from './errors.js';

const ZERO_NONCE = new Uint8Array(12);

function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function entryKey(
  shared: Uint8Array,
  ephemeralPublic: Uint8Array,
  recipientX25519: Uint8Array,
  recipient: Uint8Array,
): Uint8Array {
  return hkdfSha256(shared, concat(ephemeralPublic, recipientX25519), concat(EPOCH_SEAL_INFO, recipient), 32);
}

/**
 * Seals `key` to every identity key in `recipients` (any order; the grant lists them sorted).
 * @example const grant = sealEpochKey(secureRandom(32), memberKeys, secureRandom)
 */
export function sealEpochKey(key: Uint8Array, recipients: readonly Uint8Array[], random: RandomSource): EpochGrant {
  checkBytes(key, 'key', GROUP_EPOCH_KEY_BYTES);
  const list: unknown = recipients;
  if (!Array.isArray(list) || recipients.length === 0 || recipients.length > MAX_GROUP_MEMBERS) {
    throw invalidArgument('recipients', `an array of 1 to ${MAX_GROUP_MEMBERS} identity keys`);
  }
  recipients.forEach((recipient, index) => checkBytes(recipient, `recipients[${index}]`, 32));
  const sorted = [...recipients].sort(compareBytes);
  const ephemeral = generateX25519KeyPair(random);
  const commitment = epochKeyCommitment(key);
  try {
    const entries: SealedKeyEntry[] = sorted.map((recipient) => {
      const recipientX25519 = x25519PublicFromEd25519(recipient);
      const shared = x25519SharedSecret(ephemeral.secretKey, recipientX25519);
      const sealKey = entryKey(shared, ephemeral.publicKey, recipientX25519, recipient);
      try {
        return {
          recipient: Uint8Array.from(recipient),
          sealedKey: chachaPolySeal(sealKey, ZERO_NONCE, key, commitment),
        };
      } finally {
        shared.fill(0);
        sealKey.fill(0);
      }
    });
    return { ephemeralKey: ephemeral.publicKey, commitment, entries };
  } finally {
    ephemeral.secretKey.fill(0);
  }
}

/**
 * Opens the copy of the epoch key sealed to `identity`. Returns undefined when the grant has no
 * copy for it; throws `EpochKeyUnreadableError` when the copy does not open or the key does
 * not match the grant's commitment (a broken or lying sealer).
 */
export function openEpochKey(grant: EpochGrant, identity: IdentityKeyPair): Uint8Array | undefined {
  const entry = grant.entries.find((candidate) => constantTimeEqual(candidate.recipient, identity.publicKey));
  if (entry === undefined) return undefined;
  const secret = x25519SecretFromSeed(identity.seed);
  try {
    const shared = x25519SharedSecret(secret, grant.ephemeralKey);
    const sealKey = entryKey(
      shared,
      grant.ephemeralKey,
      x25519PublicFromEd25519(identity.publicKey),
      identity.publicKey,
    );
    shared.fill(0);
    let key: Uint8Array;
    try {
      key = chachaPolyOpen(sealKey, ZERO_NONCE, entry.sealedKey, grant.commitment);
    } finally {
      sealKey.fill(0);
    }
    if (!constantTimeEqual(epochKeyCommitment(key), grant.commitment)) {
      key.fill(0);
      throw epochKeyUnreadable();
    }
    return key;
  } catch (error) {
    if (error instanceof DecryptionFailedError || error instanceof WeakKeyError) throw epochKeyUnreadable();
    throw error;
  } finally {
    secret.fill(0);
  }
}
