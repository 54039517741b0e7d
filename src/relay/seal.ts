/**
 * Sealing a message to an offline friend, and opening one sealed to us (docs/ARCHITECTURE.md
 * "Services/Relay"; wire layout in src/protocol/relay/).
 *
 * Sealing (keys in seal-keys.ts):
 *   1. A fresh id (16 random bytes) and ephemeral x25519 key pair E.
 *   2. The recipient R's x25519 key X_R = the RFC 7748 §4.1 image of R's ed25519 identity key
 *      (the key inside their onion address), so sealing needs nothing but the onion address.
 *   3. key, nonce, receipt secret from X25519(e, X_R); commitment = SHA-256(label ‖ secret).
 *   4. The pair keys of sender S and R (pair-keys.ts, from the static X25519 of their identity
 *      keys): the tag (tag.ts) and the inner MAC
 *        HMAC-SHA256(inner MAC key, INNER_MAC_LABEL ‖ envelope id ‖ R ‖ authenticated inner fields).
 *      The MAC is deniable, as a direct session is: R can compute it as well as S, so it
 *      convinces R that S wrote the payload and proves nothing to anyone R shows it to (there
 *      is no signature by S's identity key anywhere in an envelope). Binding R keeps the payload
 *      from being re-sealed to someone else; binding the id ties it to this one envelope
 *      (receipts and dedupe name the id). Group items inside keep their own group signatures:
 *      those are for every member to check, as in a direct session.
 *   5. ciphertext = XChaCha20-Poly1305(key, nonce, padded inner, aad = header).
 *
 * What a holder learns: the size bucket, the expiry (to the second), the hops left, when and
 * from which friend it got the copy, and a tag that is opaque to it (tag.ts) but shared by
 * envelopes from the same sender to the same recipient expiring the same day. Not the
 * content; not the sender (the MAC and sender key are inside the ciphertext and E is fresh);
 * not the recipient. Nor whether the friend who handed it over wrote it: see stem.ts for how
 * a sender's own hand-offs carry hop counts forwarded copies carry too.
 *
 * Why `hops` is outside the associated data: holders must count it down, and holders cannot
 * check anything in the header anyway (checking needs the key, which only R derives). So the
 * header's integrity protects the *recipient* (a holder that alters the id, tag, expiry or
 * commitment makes the envelope unreadable, which is no worse than dropping it, something a
 * holder can always do), and `hops` is bounded without protection: a decoder refuses more than
 * MAX_ENVELOPE_HOPS, every honest holder counts down from what it received, stores one id once
 * (dedupe), and quotas and the expiry bound what it stores. A lying holder can at most
 * reset the count to the maximum, i.e. let the envelope travel as far from itself as a fresh
 * envelope of its own could: nothing it could not already do.
 */
import { checkInteger, invalidArgument } from '../lib/argument-checks.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { DecryptionFailedError, WeakKeyError } from '../crypto/crypto-errors.js';
import { hmacSha256 } from '../crypto/hmac.js';
import { x25519PublicFromEd25519, x25519SecretFromSeed, type IdentityKeyPair } from '../crypto/identity.js';
import { isValidIdentityPublicKey } from '../crypto/identity-key-check.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { secureRandom, type RandomSource } from '../crypto/random.js';
import { xchachaPolyOpen, xchachaPolySeal } from '../crypto/xchacha20-poly1305.js';
import { generateX25519KeyPair, x25519SharedSecret } from '../crypto/x25519.js';
import { DecodeError } from '../protocol/bytes.js';
import { envelopeAssociatedData, type RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import {
  decodeInnerPadded,
  encodeInnerAuthenticated,
  encodeInnerBody,
  encodeInnerPadded,
  type InnerContent,
  type InnerKind,
} from '../protocol/relay/inner-codec.js';
import { ENVELOPE_ID_BYTES, MAX_HOP_LIMIT } from '../protocol/relay/limits.js';
import { INNER_MAC_LABEL } from './domains.js';
import { EnvelopeUnreadableError } from './errors.js';
import { DEFAULT_HOP_LIMIT } from './limits.js';
import { deriveSealKeys, receiptCommitment, wipeSealKeys } from './seal-keys.js';
import { pairKeys } from './pair-keys.js';
import { envelopeTag } from './tag.js';

/** What {@link sealEnvelope} takes. */
export interface SealOptions {
  readonly sender: IdentityKeyPair;
  readonly recipient: OnionAddress;
  readonly content: InnerContent;
  /** When the message was written, by the sender's clock, unix ms (travels inside, for display). */
  readonly createdAt: number;
  /**
   * Unix seconds, after `createdAt`. Keep it within MAX_ENVELOPE_LIFETIME_S of now: holders
   * refuse anything further (the engine computes it from now and a checked lifetime).
   */
  readonly expiry: number;
  /** Hand-offs allowed, 1 to MAX_HOP_LIMIT; DEFAULT_HOP_LIMIT (4) by default (stem.ts: use the default). */
  readonly hopLimit?: number;
  /** Pad to this bucket rather than the smallest that fits (one of SEALED_PADDED_SIZES). */
  readonly padTo?: number;
  /** Tests pass fixed bytes to pin vectors. */
  readonly random?: RandomSource;
}

/** A sealed envelope and what its sender keeps. */
export interface SealedEnvelope {
  /** Ready to hand to a friend (its `hops` is what the first holder may still use). */
  readonly envelope: RelayEnvelope;
  /** The hop limit the sender chose. */
  readonly hopLimit: number;
  /** The recipient's identity key (receipts are checked with the pair key it gives). */
  readonly recipientKey: Uint8Array;
  /** Lets the sender withdraw the envelope (receipt.ts); secret until then. */
  readonly receiptSecret: Uint8Array;
}

/** A payload that opened: its MAC and its sender's standing are not checked yet (verify-inner.ts). */
export interface UnverifiedInnerMessage {
  readonly envelopeId: Uint8Array;
  /** Our identity key (the recipient the MAC must bind). */
  readonly recipientKey: Uint8Array;
  /** The key the payload claims as its sender's. */
  readonly claimedSender: Uint8Array;
  readonly kind: InnerKind;
  /** The sender's clock, unix ms (untrusted: for display only). */
  readonly createdAt: number;
  readonly content: InnerContent;
  readonly authenticatedBytes: Uint8Array;
  readonly mac: Uint8Array;
  /** The secret our receipt reveals. */
  readonly receiptSecret: Uint8Array;
}

/** The MAC of an inner payload under the pair's inner MAC key (pair-keys.ts). */
export function innerMac(
  innerMacKey: Uint8Array,
  envelopeId: Uint8Array,
  recipientKey: Uint8Array,
  authenticatedBytes: Uint8Array,
): Uint8Array {
  return hmacSha256(innerMacKey, INNER_MAC_LABEL, envelopeId, recipientKey, authenticatedBytes);
}

/**
 * Seals `content` from `sender` to `recipient`. Throws `InvalidArgumentError` for content over
 * its kind's limit, a bad expiry or hop limit, or a recipient key that is not a usable identity.
 *
 * @example
 * ```ts
 * const { envelope, receiptSecret } = sealEnvelope({
 *   sender: identity, recipient: friend, createdAt: Date.now(), expiry: nowS + DEFAULT_ENVELOPE_LIFETIME_S,
 *   content: { kind: 'chat-message', message: { id: messageId, text: 'see you tomorrow' } },
 * });
 * ```
 */
export function sealEnvelope(options: SealOptions): SealedEnvelope {
  const { sender, recipient, content, createdAt, expiry } = options;
  const random = options.random ?? secureRandom;
  // `=== undefined`, not `??`: a null from untyped callers is a bug to report, not a default.
  const hopLimit = options.hopLimit === undefined ? DEFAULT_HOP_LIMIT : options.hopLimit;
  checkInteger(hopLimit, 'hopLimit', 1, MAX_HOP_LIMIT);
  checkInteger(createdAt, 'createdAt', 0, Number.MAX_SAFE_INTEGER);
  checkInteger(expiry, 'expiry', Math.floor(createdAt / 1000) + 1, Number.MAX_SAFE_INTEGER);
  const recipientKey = publicKeyFromOnionAddress(recipient);
  if (!isValidIdentityPublicKey(recipientKey))
    throw invalidArgument('recipient', 'the onion address of a usable identity key');
  const body = encodeInnerBody(content);

  const id = random(ENVELOPE_ID_BYTES);
  if (!(id instanceof Uint8Array) || id.length !== ENVELOPE_ID_BYTES)
    throw invalidArgument('random(16)', 'a 16-byte Uint8Array');
  const ephemeral = generateX25519KeyPair(random);
  const recipientX25519 = x25519PublicFromEd25519(recipientKey);
  const shared = x25519SharedSecret(ephemeral.secretKey, recipientX25519);
  const keys = deriveSealKeys(shared, ephemeral.publicKey, recipientX25519);
  const pair = pairKeys(sender, recipientKey, 'to-peer');
  try {
    const authenticated = encodeInnerAuthenticated({ sender: sender.publicKey, kind: content.kind, createdAt, body });
    const mac = innerMac(pair.innerMacKey, id, recipientKey, authenticated);
    const plaintext = encodeInnerPadded(authenticated, mac, options.padTo);
    const header = {
      id,
      tag: envelopeTag(pair.tagKey, expiry),
      expiry,
      commitment: receiptCommitment(keys.receiptSecret),
      ephemeralKey: ephemeral.publicKey,
    };
    const ciphertext = xchachaPolySeal(keys.key, keys.nonce, plaintext, envelopeAssociatedData(header));
    plaintext.fill(0);
    // The hand-off to the first holder is the first of `hopLimit`.
    return {
      envelope: { ...header, hops: hopLimit - 1, ciphertext },
      hopLimit,
      recipientKey,
      receiptSecret: keys.receiptSecret,
    };
  } finally {
    wipeSealKeys(keys);
    shared.fill(0);
    ephemeral.secretKey.fill(0);
    for (const key of [pair.tagKey, pair.innerMacKey, pair.receiptMacKey]) key.fill(0);
  }
}

/**
 * Opens an envelope sealed to `identity`. Throws {@link EnvelopeUnreadableError} when it is not
 * ours, was altered on the way, or holds a malformed payload (never anything else for any
 * envelope). The result is unverified: pass it to `verifyInner`.
 */
export function openEnvelope(envelope: RelayEnvelope, identity: IdentityKeyPair): UnverifiedInnerMessage {
  const secret = x25519SecretFromSeed(identity.seed);
  const ourX25519 = x25519PublicFromEd25519(identity.publicKey);
  let shared: Uint8Array;
  try {
    shared = x25519SharedSecret(secret, envelope.ephemeralKey);
  } catch (error) {
    if (error instanceof WeakKeyError) throw new EnvelopeUnreadableError('undecryptable', error);
    throw error;
  } finally {
    secret.fill(0);
  }
  const keys = deriveSealKeys(shared, envelope.ephemeralKey, ourX25519);
  shared.fill(0);
  let plaintext: Uint8Array;
  try {
    plaintext = xchachaPolyOpen(keys.key, keys.nonce, envelope.ciphertext, envelopeAssociatedData(envelope));
  } catch (error) {
    if (error instanceof DecryptionFailedError) throw new EnvelopeUnreadableError('undecryptable', error);
    throw error;
  } finally {
    wipeSealKeys(keys);
  }
  // The AEAD proves whoever sealed it knew the key; a sealer that committed to anything but the
  // secret it derived would make our receipt useless to the holders, so refuse it outright.
  if (!constantTimeEqual(receiptCommitment(keys.receiptSecret), envelope.commitment))
    throw new EnvelopeUnreadableError('commitment');
  try {
    const inner = decodeInnerPadded(plaintext);
    return {
      envelopeId: Uint8Array.from(envelope.id),
      recipientKey: Uint8Array.from(identity.publicKey),
      claimedSender: inner.sender,
      kind: inner.kind,
      createdAt: inner.createdAt,
      content: inner.content,
      authenticatedBytes: inner.authenticatedBytes,
      mac: inner.mac,
      receiptSecret: keys.receiptSecret,
    };
  } catch (error) {
    if (error instanceof DecodeError) throw new EnvelopeUnreadableError('malformed', error);
    throw error;
  } finally {
    plaintext.fill(0);
  }
}
