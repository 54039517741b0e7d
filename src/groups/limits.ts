/**
 * Limits of the group service's state machines, in one place (docs/ARCHITECTURE.md "Conventions": limits are named
 * constants). Wire limits are in src/protocol/groups/limits.ts.
 */
import type { TokenBucketLimits } from '../lib/token-bucket.js';
import type { PendingQuotas } from './pending-queue.js';
import type { StoredBytesLimits } from '../lib/stored-bytes-budget.js';

/**
 * Ops kept per group while they wait for a missing parent: 256 in all, at most 64 per known
 * member, 32 shared by every other signer (pending-queue.ts; what is dropped, sync fetches again).
 */
export const PENDING_OP_QUOTAS: PendingQuotas = { total: 256, perKnownSigner: 64, unknownShared: 32 };

/**
 * Messages kept per group while they wait for their epoch's op or (a former member's) for the
 * message after them: 1,024 in all, at most 256 per known member, 64 shared by every other signer.
 */
export const PENDING_MESSAGE_QUOTAS: PendingQuotas = { total: 1024, perKnownSigner: 256, unknownShared: 64 };

/**
 * New messages accepted from one member of one group: a burst of 600, then 5 a second. Far
 * above what a person types, so it only bites a flood; what it drops is not lost, just fetched
 * again by the next sync, so a flood is slowed to this pace instead of filling the store.
 */
export const GROUP_MESSAGE_RATE: TokenBucketLimits = { capacity: 600, refillIntervalMs: 200 };

/** New membership ops accepted from one member of one group: a burst of 30, then one every 20 s. */
export const GROUP_OP_RATE: TokenBucketLimits = { capacity: 30, refillIntervalMs: 20_000 };

/** (group, member) pairs whose rate buckets are remembered; past it full buckets, then the oldest, are forgotten. */
export const MAX_RATE_BUCKETS = 10_000;

/** How long an invitation (sent or received) stays answerable: 14 days. */
export const GROUP_INVITE_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** Unanswered invitations held at once, per direction. */
export const MAX_PENDING_INVITES = 256;

/** Unanswered invitations from one friend held at once. */
export const MAX_PENDING_INVITES_PER_PEER = 16;

/** Batches one answer to a sync summary sends at most; then the last says `more` and the peer asks again. */
export const MAX_BATCHES_PER_SYNC_ANSWER = 8;

/**
 * How long before the same op is asked of the same peer again. An op a peer sends that we
 * refuse (over a rate limit, say) leaves its descendants waiting for it; without this pause
 * every arrival would ask for it again at once, and the two nodes would loop.
 */
export const OP_REQUEST_RETRY_MS = 30_000;

/** (peer, op) pairs remembered for OP_REQUEST_RETRY_MS. */
export const MAX_TRACKED_REQUESTS = 4_096;

/** Item ids whose holders (peers known to have them) the forwarding book remembers. */
export const MAX_TRACKED_HOLDINGS = 20_000;

/** Base32 characters of an onion address shown as a member's fingerprint. */
export const FINGERPRINT_CHARS = 8;

/** New messages accepted from all members of all groups together: a burst of 5 000, then 100 a second. */
export const GROUP_MESSAGE_OVERALL_RATE: TokenBucketLimits = { capacity: 5_000, refillIntervalMs: 10 };

/** New membership ops accepted from all members of all groups together: a burst of 200, then one a second. */
export const GROUP_OP_OVERALL_RATE: TokenBucketLimits = { capacity: 200, refillIntervalMs: 1_000 };

/**
 * Bytes of messages (ciphertext) stored per member per group per day: 4 MiB, some 250 posts of
 * the longest kind or tens of thousands of ordinary ones (lib/stored-bytes-budget.ts).
 */
export const GROUP_STORED_BYTES_PER_MEMBER: StoredBytesLimits = {
  bytes: 4 * 1024 * 1024,
  windowMs: 24 * 60 * 60 * 1000,
  maxKeys: 10_000,
};
