/**
 * Policy limits of the relay, in one place (docs/ARCHITECTURE.md "Conventions": limits are named constants). Wire limits
 * (sizes, MAX_HOP_LIMIT) are in src/protocol/relay/limits.ts. The per-friend quotas
 * are the defaults of the `relay.maxEnvelopesPerFriend` / `relay.maxBytesPerFriend` preferences
 * (src/store/preferences.ts) and must stay equal to them.
 */
import type { TokenBucketLimits } from '../lib/token-bucket.js';

/** Seconds in a relay day (tags change with the day of the envelope's expiry, tag.ts). */
export const SECONDS_PER_DAY = 86_400;

/** How long a friend may be offline before the node seals a message for the relay (30 s). */
export const DEFAULT_OFFLINE_GRACE_MS = 30_000;

/**
 * Hand-offs a sender allows: the most (MAX_HOP_LIMIT), so that its hand-offs carry the hop
 * count forwarded copies on a stem carry too (stem.ts); the last hand-off can only be a
 * delivery, so a recipient up to four hand-offs away (three holders between) is reached.
 */
export const DEFAULT_HOP_LIMIT = 4;

/** Lifetime a sender gives an envelope unless told otherwise (7 days). */
export const DEFAULT_ENVELOPE_LIFETIME_S = 7 * SECONDS_PER_DAY;

/** Longest lifetime anyone may ask for: a holder refuses an expiry further away (plus the skew). */
export const MAX_ENVELOPE_LIFETIME_S = 7 * SECONDS_PER_DAY;

/**
 * How far two friends' clocks may disagree (2 h). Tor itself needs clocks within a few hours
 * of each other (a consensus is valid for 3 hours), so a Burrow that reaches a friend at all
 * has a clock this good.
 */
export const MAX_CLOCK_SKEW_S = 2 * 3600;

/** Envelopes one friend may have us hold (the `relay.maxEnvelopesPerFriend` default). */
export const DEFAULT_MAX_ENVELOPES_PER_FRIEND = 1000;

/** Bytes of envelopes one friend may have us hold (the `relay.maxBytesPerFriend` default, 16 MiB). */
export const DEFAULT_MAX_BYTES_PER_FRIEND = 16 * 1024 * 1024;

/** Envelopes we hold for all friends together; past it the heaviest friend's oldest go first. */
export const DEFAULT_MAX_HELD_ENVELOPES = 5000;

/** Bytes we hold for all friends together (64 MiB). */
export const DEFAULT_MAX_HELD_BYTES = 64 * 1024 * 1024;

/** Our own outgoing envelopes kept for hand-off (a sender past it must wait for receipts). */
export const DEFAULT_MAX_OWN_ENVELOPES = 1000;

/**
 * Envelope ids remembered after their copy is gone (delivered, evicted, expired), for dedupe
 * and for passing receipts back. Oldest forgotten first; each is about 100 bytes plus its
 * provenance.
 */
export const MAX_REMEMBERED_ENVELOPES = 20_000;

/** Friends a holder passes one envelope it carries for others on to (a sender hands its own to every online friend). */
export const MAX_FORWARD_FANOUT = 8;

/** Envelope ids a recipient remembers as delivered or rejected (so a copy is shown once, and refused once). */
export const MAX_INBOX_ENTRIES = 20_000;

/**
 * Envelopes (and offered entries) one friend may hand us: a burst of 200, then 10 a second.
 * Enough for a friend relaying a full backlog at reconnect; a flood is capped by the quotas
 * anyway, this bounds the CPU it costs (an envelope for us costs an x25519 and a signature check).
 */
export const ENVELOPES_PER_FRIEND: TokenBucketLimits = { capacity: 200, refillIntervalMs: 100 };

/** Receipts, withdrawals and dropped notices one friend may send: a burst of 200, then 10 a second. */
export const RELEASES_PER_FRIEND: TokenBucketLimits = { capacity: 200, refillIntervalMs: 100 };
