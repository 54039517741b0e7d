/**
 * Recipient tags: how a recipient recognises an envelope for it without the envelope naming
 * anyone, and without anyone else being able to tell whom it is for.
 *
 *   tag key K_SR = pair key of sender S and recipient R (pair-keys.ts: HKDF of X25519(x_S, X_R))
 *   tag      T   = HMAC-SHA256(K_SR, u32 day)[:16]
 *   day          = floor(envelope expiry / 86 400)
 *
 * K_SR comes from a static-static exchange of S's and R's identity keys, so only S and R can
 * compute it. Knowing R's onion address (every friend of R does, and onion addresses are not
 * secret) is not enough to test a tag: a holder learns nothing about the recipient from the
 * tag, and cannot tell two envelopes of different senders to R apart from envelopes to two
 * different people.
 *
 * What a holder can still link: within one day, envelopes from the same S to the same R carry
 * the same tag, so a holder sees "these have the same sender and recipient" (not who); across
 * days tags are unlinkable.
 *
 * The recipient recognises a tag by computing, for each identity that may send it something
 * (its friends, and members of its groups), that sender's tag for the day, once per day (a map
 * lookup afterwards: {@link TagIndex}). Holders cannot do this for anyone, so they do not
 * route by tag (holder.ts offers to every friend; only the recipient takes a last-hop copy).
 *
 * Why the day of the *expiry* rather than "today ± 1": an envelope lives up to 7 days, so a
 * recipient met on day 6 must still recognise a tag made on day 0. Taking the day from the
 * expiry (which travels in the authenticated header) gives the recipient the one day to
 * compute, whatever its clock says, and clock skew only matters to the expiry check
 * (MAX_CLOCK_SKEW_S). Tags are looked up only for expiries a holder would accept (at most
 * now + 7 days, recipient.ts), so a flood of envelopes with made-up expiries cannot make the
 * recipient compute tags for arbitrarily many days.
 */
import { checkBytes, checkInteger } from '../lib/argument-checks.js';
import { WeakKeyError } from '../crypto/crypto-errors.js';
import { hmacSha256 } from '../crypto/hmac.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { ByteWriter } from '../protocol/bytes.js';
import { RECIPIENT_TAG_BYTES } from '../protocol/relay/limits.js';
import { SECONDS_PER_DAY } from './limits.js';
import { PAIR_KEY_BYTES, pairKeys, type PairKeys } from './pair-keys.js';
import { hex } from '../lib/hex.js';

/** Days whose tags a {@link TagIndex} keeps computed (the lifetime plus skew spans 9 days at most). */
const MAX_CACHED_DAYS = 16;

/** The last day a tag can name (the day is a u32). */
const MAX_TAG_DAY = 0xffff_ffff;

/**
 * The relay day of a unix time in seconds.
 * @example relayDay(1_700_000_000) // 19675
 */
export function relayDay(unixSeconds: number): number {
  checkInteger(unixSeconds, 'unixSeconds', 0, Number.MAX_SAFE_INTEGER);
  return Math.floor(unixSeconds / SECONDS_PER_DAY);
}

/**
 * The tag under pair tag key `tagKey` (pair-keys.ts) for `day`.
 * @example recipientTag(pairKeys(identity, friendKey, 'to-peer').tagKey, relayDay(envelope.expiry))
 */
export function recipientTag(tagKey: Uint8Array, day: number): Uint8Array {
  checkBytes(tagKey, 'tagKey', PAIR_KEY_BYTES);
  checkInteger(day, 'day', 0, MAX_TAG_DAY);
  return hmacSha256(tagKey, new ByteWriter().writeU32(day).finish()).slice(0, RECIPIENT_TAG_BYTES);
}

/** The tag an envelope under pair tag key `tagKey` expiring at `expiry` (unix s) carries. */
export function envelopeTag(tagKey: Uint8Array, expiry: number): Uint8Array {
  return recipientTag(tagKey, relayDay(expiry));
}

/** The relay day of `expiry`, or undefined when it is not a time any tag can have (a peer's nonsense). */
function tagDayOf(expiry: number): number | undefined {
  if (!Number.isSafeInteger(expiry) || expiry < 0) return undefined;
  const day = Math.floor(expiry / SECONDS_PER_DAY);
  return day > MAX_TAG_DAY ? undefined : day;
}

/**
 * Recognises the tags of envelopes addressed to us: which of the identities that may write to
 * us (if any) sent an envelope. Each sender's pair keys are derived once (one x25519) and kept
 * (the MAC keys serve verify-inner.ts and receipt.ts), its tags per day on first use and cached
 * for a few days (a lookup is then one map access).
 *
 * @example
 * ```ts
 * const index = new TagIndex(identity, friendAddresses);
 * const sender = index.senderOf(envelope.tag, envelope.expiry); // OnionAddress | undefined
 * ```
 */
export class TagIndex {
  readonly #identity: IdentityKeyPair;
  #keys = new Map<OnionAddress, PairKeys>();
  readonly #byDay = new Map<number, Map<string, OnionAddress>>();

  constructor(identity: IdentityKeyPair, senders: Iterable<OnionAddress> = []) {
    this.#identity = identity;
    this.setSenders(senders);
  }

  /**
   * Replaces the set of identities whose envelopes to us are recognised. Keys of identities
   * already known are kept, so calling it again with much the same set is cheap.
   */
  setSenders(senders: Iterable<OnionAddress>): void {
    const keys = new Map<OnionAddress, PairKeys>();
    for (const sender of senders) {
      if (sender === this.#identity.onionAddress || keys.has(sender)) continue;
      const key = this.#keys.get(sender) ?? this.#pairKeysOf(sender);
      if (key !== undefined) keys.set(sender, key);
    }
    const changed = keys.size !== this.#keys.size || [...keys.keys()].some((sender) => !this.#keys.has(sender));
    this.#keys = keys;
    if (changed) this.#byDay.clear();
  }

  /** Whether envelopes from `sender` are recognised. */
  has(sender: OnionAddress): boolean {
    return this.#keys.has(sender);
  }

  /** The pair keys of envelopes from `sender` to us, if envelopes from it are recognised. Secret; do not alter them. */
  pairKeysFrom(sender: OnionAddress): PairKeys | undefined {
    return this.#keys.get(sender);
  }

  /** The sender of an envelope to us with `tag` expiring at `expiry`, or undefined (not for us). Never throws. */
  senderOf(tag: Uint8Array, expiry: number): OnionAddress | undefined {
    const day = tagDayOf(expiry);
    if (day === undefined || !(tag instanceof Uint8Array) || tag.length !== RECIPIENT_TAG_BYTES) return undefined;
    return this.#day(day).get(hex(tag));
  }

  #pairKeysOf(sender: OnionAddress): PairKeys | undefined {
    try {
      return pairKeys(this.#identity, publicKeyFromOnionAddress(sender), 'from-peer');
    } catch (error) {
      // A key that is no usable identity can send us nothing we would open anyway.
      if (error instanceof WeakKeyError) return undefined;
      throw error;
    }
  }

  #day(day: number): Map<string, OnionAddress> {
    let tags = this.#byDay.get(day);
    if (tags === undefined) {
      tags = new Map();
      for (const [sender, keys] of this.#keys) tags.set(hex(recipientTag(keys.tagKey, day)), sender);
      if (this.#byDay.size >= MAX_CACHED_DAYS) {
        const oldest = Math.min(...this.#byDay.keys());
        this.#byDay.delete(oldest);
      }
      this.#byDay.set(day, tags);
    }
    return tags;
  }
}
