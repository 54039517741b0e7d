/**
 * Why the friend a sender hands its envelope to cannot tell, from the hop count, that the
 * sender wrote it.
 *
 * With a count every holder lowers by one, the largest value anyone sees is the one senders
 * hand out, so its holder would know "my giver wrote this". Here the largest value,
 * {@link STEM_HOPS} (MAX_ENVELOPE_HOPS), is also what forwarded copies carry on a *stem*: a
 * holder that receives a copy with STEM_HOPS keeps the count at STEM_HOPS for the one friend it
 * passes it on to with probability 1/2 (its stem coin for that envelope), and otherwise lowers
 * it as usual (to up to maxFanOut friends). Senders hand out STEM_HOPS (DEFAULT_HOP_LIMIT − 1).
 *
 * What a holder receiving STEM_HOPS can infer: its giver is the sender, or the k-th holder of
 * a stem, with probability proportional to 2^−k: the giver wrote it with probability 1/2 (the
 * "probable innocence" of Crowds, Reiter & Rubin 1998), whatever the holder's position. A
 * value below STEM_HOPS comes only from forwarders (or from a sender that chose a smaller hop
 * limit than the default, which only makes it stand out among its own envelopes).
 *
 * Bounds: a stem goes on with one copy and probability 1/2, so its expected length is 2 and
 * the number of hand-offs stays finite (each holder keeps an id once and decides once); after
 * the stem, the count falls by one per hand-off as before, so an envelope goes at most
 * STEM_HOPS hand-offs past the end of its stem. The coin is a keyed hash of the envelope id
 * under a secret derived from the holder's identity, so a holder decides the same way every
 * time it sees the id (a friend offering it again cannot re-roll it) and nobody else can
 * predict it.
 */
import { hkdfSha256 } from '../crypto/hkdf.js';
import { hmacSha256 } from '../crypto/hmac.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import { MAX_ENVELOPE_HOPS } from '../protocol/relay/limits.js';
import { STEM_KEY_SALT } from './domains.js';
import type { TrackedEnvelope } from './tracked-envelope.js';

/** The hop count senders hand out, and forwarded copies carry while on a stem. */
export const STEM_HOPS = MAX_ENVELOPE_HOPS;

/**
 * A holder's stem coin: whether it continues the stem of envelope `id` (probability 1/2).
 * @example const coin = stemCoin(identity); coin(envelope.id) // true or false, always the same for this id
 */
export function stemCoin(identity: IdentityKeyPair): (id: Uint8Array) => boolean {
  const key = hkdfSha256(identity.seed, STEM_KEY_SALT, new Uint8Array(0), 32);
  return (id) => (hmacSha256(key, id)[0]! & 1) === 1;
}

/** The hops a holder passes on with, for a copy received with `hops` (at least 1: holders refuse 0). */
export function passOnHopsOf(hops: number, continuesStem: boolean): number {
  return hops === STEM_HOPS && continuesStem ? STEM_HOPS : hops - 1;
}

/** Whether we carry `record` for someone else on its stem (then it goes on to one friend only). */
export function isOnStem(record: TrackedEnvelope): boolean {
  return record.owner !== undefined && record.passOnHops === STEM_HOPS;
}
