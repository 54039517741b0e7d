/**
 * The limits of walls (docs/PROTOCOL.md "Walls"). Everything a friend can make us store or do
 * is bounded per friend: what their wall holds here, how often they comment on ours, how often
 * they ask us for a sync.
 */
import type { StoredBytesLimits } from '../lib/stored-bytes-budget.js';
import type { TokenBucketLimits } from '../lib/token-bucket.js';

/** The first line of every wall item's text: the format and the item's type follow it. */
export const WALL_ITEM_MAGIC = 'burrow-wall/1';

/** Room kept for an item's header line (magic, type, a 64-character target id, spaces, newline). */
export const WALL_ITEM_HEADER_BYTES = 128;

/** Most UTF-8 bytes of a post's or a comment's text. */
export const MAX_WALL_TEXT_BYTES = 16 * 1024 - WALL_ITEM_HEADER_BYTES;

/** Most bytes of an item's text, header included. */
export const MAX_WALL_ITEM_TEXT_BYTES = 16 * 1024;

/** Most items one friend's wall keeps here; past it their new items are refused until they delete. */
export const MAX_WALL_ITEMS_PER_FRIEND = 10_000;

/** Most ciphertext bytes one friend's wall keeps here. */
export const MAX_WALL_BYTES_PER_FRIEND = 16 * 1024 * 1024;

/** Most epoch keys of one friend's wall kept here (a new epoch comes only when their audience changes). */
export const MAX_WALL_KEYS_PER_FRIEND = 4096;

/** Items (and keys) a friend's wall may send us: a burst of 600, then one every 200 ms (as group messages). */
export const WALL_ITEM_RATE: TokenBucketLimits = { capacity: 600, refillIntervalMs: 200 };

/** Comments, reactions and deletes a reader may submit to our wall: 60, then one every 10 s. */
export const WALL_SUBMIT_RATE: TokenBucketLimits = { capacity: 60, refillIntervalMs: 10_000 };

/** Sync requests a friend may make: 10, then one every 30 s (each costs us a pass over our wall). */
export const WALL_SYNC_RATE: TokenBucketLimits = { capacity: 10, refillIntervalMs: 30_000 };

/**
 * Bytes of items our sync answers may carry to one reader: 4 MiB at once, refilled over 10 min.
 * A sync asks for everything after a seq the reader chooses, so without it a hostile friend
 * asking from 0 again and again would have us upload our whole wall each time (up to 17 MB).
 * An answer the budget cuts short is continued as it refills, while the reader stays online.
 */
export const WALL_SYNC_BYTES: StoredBytesLimits = { bytes: 4 * 1024 * 1024, windowMs: 10 * 60_000, maxKeys: 10_000 };

/** How long after a sync answer was cut short by {@link WALL_SYNC_BYTES} its rest is tried. */
export const WALL_SYNC_CONTINUE_MS = 60_000;

/** Most items one sync answer carries, oldest first; the next sync continues from there. */
export const MAX_WALL_SYNC_ITEMS = 1000;

/** Most of our latest posts a new friend may be given to read when they join (`wall first-sync`). */
export const MAX_FIRST_SYNC_POSTS = 100;

/** Most comments, reactions and deletes of ours waiting in memory for an owner who is offline. */
export const MAX_PENDING_SUBMITS = 200;
