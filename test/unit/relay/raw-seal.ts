// Seals arbitrary plaintext to a recipient with a correct AEAD, so tests can build envelopes an
// honest sender never would (garbage, forged MACs, re-sealed payloads, a wrong commitment, copied tags).
import { x25519PublicFromEd25519, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../../../src/crypto/onion-address.js';
import { secureRandom } from '../../../src/crypto/random.js';
import { xchachaPolySeal } from '../../../src/crypto/xchacha20-poly1305.js';
import { generateX25519KeyPair, x25519SharedSecret } from '../../../src/crypto/x25519.js';
import { envelopeAssociatedData, type RelayEnvelope } from '../../../src/protocol/relay/envelope-codec.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { deriveSealKeys, receiptCommitment } from '../../../src/relay/seal-keys.js';
import { envelopeTag } from '../../../src/relay/tag.js';
import { T0_S } from './fixtures.js';

/** Options of {@link sealPlaintext}. */
export interface RawSealOptions {
  readonly id?: Uint8Array;
  readonly expiry?: number;
  readonly hops?: number;
  /** Commit to something other than the derived receipt secret. */
  readonly commitment?: Uint8Array;
  /** Carry this tag (copied from another envelope, say) rather than {@link tagFrom}'s. */
  readonly tag?: Uint8Array;
  /** Carry the tag this sender's envelopes to the recipient carry (it knows the pair key); random bytes by default. */
  readonly tagFrom?: IdentityKeyPair;
}

/** An envelope to `recipient` whose ciphertext opens to exactly `plaintext`. */
export function sealPlaintext(
  recipient: OnionAddress,
  plaintext: Uint8Array,
  options: RawSealOptions = {},
): RelayEnvelope {
  const recipientKey = publicKeyFromOnionAddress(recipient);
  const recipientX25519 = x25519PublicFromEd25519(recipientKey);
  const ephemeral = generateX25519KeyPair();
  const keys = deriveSealKeys(
    x25519SharedSecret(ephemeral.secretKey, recipientX25519),
    ephemeral.publicKey,
    recipientX25519,
  );
  const expiry = options.expiry ?? T0_S + 86_400;
  const header = {
    id: options.id ?? secureRandom(16),
    tag:
      options.tag ??
      (options.tagFrom === undefined
        ? secureRandom(16)
        : envelopeTag(pairKeys(options.tagFrom, recipientKey, 'to-peer').tagKey, expiry)),
    expiry,
    commitment: options.commitment ?? receiptCommitment(keys.receiptSecret),
    ephemeralKey: ephemeral.publicKey,
  };
  return {
    ...header,
    hops: options.hops ?? 2,
    ciphertext: xchachaPolySeal(keys.key, keys.nonce, plaintext, envelopeAssociatedData(header)),
  };
}
