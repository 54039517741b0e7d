/**
 * Recipient tags: how a holder recognises an envelope for one of its friends without the
 * envelope naming anyone.
 *
 *   tag key  K_R = HKDF-Extract(salt = TAG_KEY_SALT, ikm = R)        = HMAC-SHA256(TAG_KEY_SALT, R)
 *   tag      T   = HKDF-Expand(K_R, info = u32 day, 16 bytes)        = HMAC-SHA256(K_R, day ‖ 0x01)[:16]
 *   day          = floor(envelope expiry / 86 400)
 *
 * (RFC 5869 §2.2–2.3: with one output block, HKDF is exactly the keyed hash the issue asks
 * for, HMAC-SHA256(key derived from R, day)[:16]; src/crypto has HKDF, so no new primitive.)
 * R is the recipient's ed25519 identity key, i.e. the key inside their onion address.
 *
 * Who can link what:
 * - Anyone who knows R (every friend of the recipient: that is the point) recognises the tag,
 *   so a holder that is the recipient's friend learns "someone sent R a message of this size
 *   bucket, expiring that day", and which friend handed it over. Accepted: it is how the
 *   holder knows to deliver, and it learns neither the content nor the sender.
 * - A holder that does not know R learns nothing about the recipient, unless it guesses R: an
 *   attacker with a list of candidate onion addresses can test each (onion addresses are not
 *   secret). Tags cannot hide a recipient from someone who already suspects them.
 * - Within one day, envelopes to the same recipient share a tag, so a holder can tell "these
 *   go to the same person" for that day; across days the tags are unlinkable without R.
 *
 * Why the day of the *expiry* rather than "today ± 1": an envelope lives up to 7 days, so a
 * holder meeting the recipient on day 6 must still recognise a tag made on day 0. Taking the
 * day from the expiry (which travels in the authenticated header) gives every holder the one
 * day to compute, whatever its clock says, and clock skew only matters to the expiry check
 * (MAX_CLOCK_SKEW_S). A holder computes tags only for expiries it accepted (at most now +
 * 7 days), so a flood of envelopes with made-up expiries cannot make it compute tags for
 * arbitrarily many days.
 */
import { checkBytes, checkInteger } from '../lib/argument-checks.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import { ByteWriter } from '../protocol/bytes.js';
import { IDENTITY_KEY_BYTES, RECIPIENT_TAG_BYTES } from '../protocol/relay/limits.js';
import { TAG_KEY_SALT } from './domains.js';
import { SECONDS_PER_DAY } from './limits.js';

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
 * The tag of recipient key `recipient` for `day`.
 * @example recipientTag(publicKeyFromOnionAddress(friend), relayDay(envelope.expiry))
 */
export function recipientTag(recipient: Uint8Array, day: number): Uint8Array {
  checkBytes(recipient, 'recipient', IDENTITY_KEY_BYTES);
  checkInteger(day, 'day', 0, MAX_TAG_DAY);
  return hkdfSha256(recipient, TAG_KEY_SALT, new ByteWriter().writeU32(day).finish(), RECIPIENT_TAG_BYTES);
}

/** The tag an envelope to `recipient` expiring at `expiry` (unix s) carries. */
export function envelopeTag(recipient: Uint8Array, expiry: number): Uint8Array {
  return recipientTag(recipient, relayDay(expiry));
}

/** The relay day of `expiry`, or undefined when it is not a time any tag can have (a peer's nonsense). */
function tagDayOf(expiry: number): number | undefined {
  if (!Number.isSafeInteger(expiry) || expiry < 0) return undefined;
  const day = Math.floor(expiry / SECONDS_PER_DAY);
  return day > MAX_TAG_DAY ? undefined : day;
}

/**
 * Whether `tag` is `recipient`'s tag for an envelope expiring at `expiry` (compared in constant
 * time). Never throws: peers' tags and expiries reach it before any other check.
 */
export function isTagFor(tag: Uint8Array, recipient: Uint8Array, expiry: number): boolean {
  const day = tagDayOf(expiry);
  if (day === undefined || !(tag instanceof Uint8Array) || tag.length !== RECIPIENT_TAG_BYTES) return false;
  return constantTimeEqual(tag, recipientTag(recipient, day));
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Recognises tags of a set of friends: which friend (if any) an envelope is for. Tags are
 * computed per day on first use and cached for a few days (a lookup is then one map access).
 *
 * @example
 * ```ts
 * const index = new TagIndex(friendAddresses);
 * const recipient = index.recipientOf(envelope.tag, envelope.expiry); // OnionAddress | undefined
 * ```
 */
export class TagIndex {
  #keys = new Map<OnionAddress, Uint8Array>();
  readonly #byDay = new Map<number, Map<string, OnionAddress>>();

  constructor(friends: Iterable<OnionAddress> = []) {
    this.setFriends(friends);
  }

  /** Replaces the set of friends whose tags are recognised. */
  setFriends(friends: Iterable<OnionAddress>): void {
    const keys = new Map<OnionAddress, Uint8Array>();
    for (const friend of friends) keys.set(friend, publicKeyFromOnionAddress(friend));
    this.#keys = keys;
    this.#byDay.clear();
  }

  /** Whether `friend` is in the set. */
  has(friend: OnionAddress): boolean {
    return this.#keys.has(friend);
  }

  /** The friend an envelope with `tag` expiring at `expiry` is for, or undefined. Never throws. */
  recipientOf(tag: Uint8Array, expiry: number): OnionAddress | undefined {
    const day = tagDayOf(expiry);
    if (day === undefined || !(tag instanceof Uint8Array) || tag.length !== RECIPIENT_TAG_BYTES) return undefined;
    return this.#day(day).get(hex(tag));
  }

  /** Whether an envelope with `tag` expiring at `expiry` is for `friend`. */
  isFor(tag: Uint8Array, expiry: number, friend: OnionAddress): boolean {
    return this.recipientOf(tag, expiry) === friend;
  }

  #day(day: number): Map<string, OnionAddress> {
    let tags = this.#byDay.get(day);
    if (tags === undefined) {
      tags = new Map();
      for (const [friend, key] of this.#keys) tags.set(hex(recipientTag(key, day)), friend);
      if (this.#byDay.size >= MAX_CACHED_DAYS) {
        const oldest = Math.min(...this.#byDay.keys());
        this.#byDay.delete(oldest);
      }
      this.#byDay.set(day, tags);
    }
    return tags;
  }
}
