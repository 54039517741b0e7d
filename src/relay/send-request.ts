/**
 * What the node asks the relay engine to seal for an offline friend, and how a request becomes
 * an envelope: the lifetime and creation time default here, and the arguments are checked
 * before anything is sealed (a bad one is a caller bug, not something a peer can cause).
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import { checkInteger } from '../lib/argument-checks.js';
import type { InnerContent } from '../protocol/relay/inner-codec.js';
import { DEFAULT_ENVELOPE_LIFETIME_S, MAX_ENVELOPE_LIFETIME_S } from './limits.js';
import { sealEnvelope, type SealedEnvelope } from './seal.js';

/** What to seal for an offline friend. */
export interface RelaySendRequest {
  readonly recipient: OnionAddress;
  readonly content: InnerContent;
  /** The node's reference for status reports (e.g. the chat message id in hex). */
  readonly ref: string;
  /** 1 to MAX_HOP_LIMIT; DEFAULT_HOP_LIMIT by default. */
  readonly hopLimit?: number;
  /** Seconds, up to MAX_ENVELOPE_LIFETIME_S; DEFAULT_ENVELOPE_LIFETIME_S by default. */
  readonly lifetimeS?: number;
  /** Pad to this bucket (SEALED_PADDED_SIZES) rather than the smallest that fits, to hide the size better. */
  readonly padTo?: number;
  /** When the message was written (unix ms; a chat message's own time); `now` by default. */
  readonly createdAt?: number;
}

/**
 * The expiry (unix seconds) of an envelope for `request` sealed at `now` (unix ms). Throws
 * `InvalidArgumentError` for a lifetime out of range or a bad `now`.
 */
export function expiryOf(request: RelaySendRequest, now: number): number {
  const lifetimeS = request.lifetimeS === undefined ? DEFAULT_ENVELOPE_LIFETIME_S : request.lifetimeS;
  checkInteger(lifetimeS, 'lifetimeS', 1, MAX_ENVELOPE_LIFETIME_S);
  checkInteger(now, 'now', 0, Number.MAX_SAFE_INTEGER);
  return Math.floor(now / 1000) + lifetimeS;
}

/** Seals `request` from `sender` at `now` (unix ms), to expire at `expiry` (from {@link expiryOf}). */
export function sealRequest(
  request: RelaySendRequest,
  at: { readonly now: number; readonly expiry: number },
  sender: IdentityKeyPair,
  random: RandomSource,
): SealedEnvelope {
  return sealEnvelope({
    sender,
    recipient: request.recipient,
    content: request.content,
    createdAt: request.createdAt === undefined ? at.now : request.createdAt,
    expiry: at.expiry,
    random,
    ...(request.hopLimit === undefined ? {} : { hopLimit: request.hopLimit }),
    ...(request.padTo === undefined ? {} : { padTo: request.padTo }),
  });
}
