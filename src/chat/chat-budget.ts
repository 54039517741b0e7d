/**
 * What a friend may put on our disk through 1:1 chat (docs/PROTOCOL.md "Budgets"): a rate,
 * and the bytes of their messages we have not read yet. A message over either budget is
 * refused: not stored and not acknowledged, so the sender's node keeps it queued and writes
 * it again later (outbox-pump.ts); an honest friend's message is late, never lost. Pure:
 * time and the unread bytes are passed in.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { PeerBuckets } from '../lib/peer-buckets.js';
import type { TokenBucketLimits } from '../lib/token-bucket.js';

/** Per friend: a burst of 120 messages, then 2 a second (far above typing speed, far below a flood's). */
export const CHAT_MESSAGES_PER_FRIEND: TokenBucketLimits = { capacity: 120, refillIntervalMs: 500 };

/**
 * Per friend: 8 MiB of messages not read yet (512 of the longest, tens of thousands of usual
 * ones). Reading the conversation frees it; until then more waits at the sender.
 */
export const MAX_UNREAD_BYTES_PER_FRIEND = 8 * 1024 * 1024;

/** Which budget refuses a message. */
export type ChatRefusal = 'rate' | 'unread-bytes';

/** The budget's limits; defaults above. */
export interface ChatBudgetLimits {
  readonly rate: TokenBucketLimits;
  readonly maxUnreadBytes: number;
}

/** The defaults. */
export const DEFAULT_CHAT_BUDGET: ChatBudgetLimits = Object.freeze({
  rate: CHAT_MESSAGES_PER_FRIEND,
  maxUnreadBytes: MAX_UNREAD_BYTES_PER_FRIEND,
});

/**
 * @example
 * const budget = new ChatBudget(DEFAULT_CHAT_BUDGET, (peer) => store.messages.unreadBytes(peer));
 * if (budget.admit(friend, bytes, Date.now()) !== undefined) return; // no ack: they send it again later
 */
export class ChatBudget {
  readonly #limits: ChatBudgetLimits;
  readonly #unreadBytes: (peer: OnionAddress) => number;
  readonly #rates: PeerBuckets<OnionAddress>;

  constructor(limits: ChatBudgetLimits, unreadBytes: (peer: OnionAddress) => number) {
    if (!Number.isSafeInteger(limits.maxUnreadBytes) || limits.maxUnreadBytes < 1)
      throw new TypeError(`maxUnreadBytes must be a positive integer, got ${String(limits.maxUnreadBytes)}`);
    this.#limits = limits;
    this.#unreadBytes = unreadBytes;
    this.#rates = new PeerBuckets(limits.rate);
  }

  /** A new message of `bytes` from `peer`: undefined to store it, or which budget refuses it. */
  admit(peer: OnionAddress, bytes: number, now: number): ChatRefusal | undefined {
    // The disk budget first: a refusal for it spends no token, so reading frees the way at once.
    if (this.#unreadBytes(peer) + bytes > this.#limits.maxUnreadBytes) return 'unread-bytes';
    if (!this.#rates.take(peer, now)) return 'rate';
    return undefined;
  }

  /** Forgets everyone not in `friends`. */
  retain(friends: ReadonlySet<OnionAddress>): void {
    this.#rates.retain(friends);
  }
}
