// Envelopes for holder tests: right shape, random content. A holder never opens an envelope, so
// these behave exactly like sealed ones there, at no crypto cost.
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { publicKeyFromOnionAddress } from '../../../src/crypto/onion-address.js';
import { secureRandom } from '../../../src/crypto/random.js';
import { envelopeWireBytes, type RelayEnvelope } from '../../../src/protocol/relay/envelope-codec.js';
import type { OfferEntry } from '../../../src/protocol/relay/hand-off-codec.js';
import { pairKeys } from '../../../src/relay/pair-keys.js';
import { receiptCommitment } from '../../../src/relay/seal-keys.js';
import { envelopeTag } from '../../../src/relay/tag.js';
import { people, T0_S } from './fixtures.js';

/** A fake envelope and the secret that releases it. */
export interface FakeEnvelope {
  readonly envelope: RelayEnvelope;
  readonly secret: Uint8Array;
}

/** Options of {@link fakeEnvelope}. */
export interface FakeOptions {
  /** Tag it as `from`'s envelopes to this recipient carry (else a random tag nobody recognises). */
  readonly to?: OnionAddress;
  /** The sender whose pair key with `to` makes the tag; Alice by default. */
  readonly from?: IdentityKeyPair;
  readonly expiry?: number;
  readonly hops?: number;
  /** Padded plaintext size: 1024 (default), 4096, 16384 or 32768. */
  readonly padded?: number;
}

/** A fresh fake envelope. */
export function fakeEnvelope(options: FakeOptions = {}): FakeEnvelope {
  const expiry = options.expiry ?? T0_S + 86_400;
  const secret = secureRandom(32);
  const envelope: RelayEnvelope = {
    id: secureRandom(16),
    tag:
      options.to === undefined
        ? secureRandom(16)
        : envelopeTag(
            pairKeys(options.from ?? people.alice, publicKeyFromOnionAddress(options.to), 'to-peer').tagKey,
            expiry,
          ),
    expiry,
    commitment: receiptCommitment(secret),
    ephemeralKey: secureRandom(32),
    hops: options.hops ?? 2,
    ciphertext: secureRandom((options.padded ?? 1024) + 16),
  };
  return { envelope, secret };
}

/** An offer entry describing `envelope`. */
export const offerOf = (envelope: RelayEnvelope): OfferEntry => ({
  id: envelope.id,
  tag: envelope.tag,
  expiry: envelope.expiry,
  hops: envelope.hops,
  size: envelopeWireBytes(envelope),
});
