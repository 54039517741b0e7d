/**
 * What a friend may put on our disk through 1:1 chat (docs/PROTOCOL.md "Budgets"): a rate,
 * and the bytes of their messages we have not read yet. A message over either budget is
 * refused: not stored and not acknowledged, so the sender's node keeps it queued and writes
 * it again later (outbox-pump.ts); an honest friend's message is late, never lost. Pure:
 * time and the unread bytes are passed in.
 *
 * Order: once a message is refused, every other new message from that friend is refused too
 * until the refused one comes again (or {@link REFUSAL_HOLD_MS} passed). The sender writes
 * unacknowledged messages again oldest first, so what we store keeps their order even when the
 * rate refills between two of their messages.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { PeerBuckets } from '../lib/peer-buckets.js';
import type { TokenBucketLimits } from '../lib/token-bucket.js';

/**
 * Per friend: a burst of 2,000 messages, then 100 a second. Far above typing speed, and above
 * what a bot driving `burrow ctl` sends (the chat benchmark's burst of 2,000 gets through at
 * once); what bounds a flood's disk use is the unread-bytes budget below, this only its pace.
 */
export const CHAT_MESSAGES_PER_FRIEND: TokenBucketLimits = { capacity: 2_000, refillIntervalMs: 10 };

/**
 * Per friend: 8 MiB of messages not read yet (512 of the longest, tens of thousands of usual
 * ones). Reading the conversation frees it; until then more waits at the sender.
 */
export const MAX_UNREAD_BYTES_PER_FRIEND = 8 * 1024 * 1024;

/**
 * How long the first refused message holds back the friend's later ones: twice the longest wait
 * of the sender's pump between two writes of a message (outbox-pump.ts MAX_RESEND_UNACKED_MS),
 * so a sender that will not write it again (it was delivered another way, or its node lost
 * it) cannot stall the conversation longer.
 */
export const REFUSAL_HOLD_MS = 60 * 60_000;

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
  /** Per friend: the first message refused (hex id), which later ones wait behind, and until when. */
  readonly #held = new Map<
    OnionAddress,
    { readonly id: string; readonly until: number; readonly reason: ChatRefusal }
  >();

  constructor(limits: ChatBudgetLimits, unreadBytes: (peer: OnionAddress) => number) {
    if (!Number.isSafeInteger(limits.maxUnreadBytes) || limits.maxUnreadBytes < 1)
      throw new TypeError(`maxUnreadBytes must be a positive integer, got ${String(limits.maxUnreadBytes)}`);
    this.#limits = limits;
    this.#unreadBytes = unreadBytes;
    this.#rates = new PeerBuckets(limits.rate);
  }

  /** A new message `id` (hex) of `bytes` from `peer`: undefined to store it, or which budget refuses it. */
  admit(peer: OnionAddress, id: string, bytes: number, now: number): ChatRefusal | undefined {
    const held = this.#held.get(peer);
    if (held !== undefined && held.id !== id && now < held.until && now >= held.until - REFUSAL_HOLD_MS)
      return held.reason;
    this.#held.delete(peer);
    const refusal = this.#check(peer, bytes, now);
    if (refusal !== undefined) this.#held.set(peer, { id, until: now + REFUSAL_HOLD_MS, reason: refusal });
    return refusal;
  }

  /**
   * Whether a message of `bytes` that `peer` sealed to us through friends fits their budget of
   * unread bytes. Only the disk budget: the friends who carry it are held to the relay's own
   * rates, and what is refused waits with them for their next session with us.
   */
  fitsUnread(peer: OnionAddress, bytes: number): boolean {
    return this.#unreadBytes(peer) + bytes <= this.#limits.maxUnreadBytes;
  }

  /** Message `id` (hex) from `peer` was stored (directly or through friends): later ones need not wait for it. */
  stored(peer: OnionAddress, id: string): void {
    if (this.#held.get(peer)?.id === id) this.#held.delete(peer);
  }

  /** Forgets everyone not in `friends`. */
  retain(friends: ReadonlySet<OnionAddress>): void {
    this.#rates.retain(friends);
    for (const peer of this.#held.keys()) if (!friends.has(peer)) this.#held.delete(peer);
  }

  #check(peer: OnionAddress, bytes: number, now: number): ChatRefusal | undefined {
    // The rate first, without spending (a counter; the unread bytes are a query of the store), so
    // a flood over its rate costs no query. Then the disk budget: a refusal for it spends no
    // token, so reading frees the way at once.
    if (!this.#rates.canTake(peer, now)) return 'rate';
    if (this.#unreadBytes(peer) + bytes > this.#limits.maxUnreadBytes) return 'unread-bytes';
    this.#rates.take(peer, now);
    return undefined;
  }
}
