/**
 * A budget of bytes per key over time: what a group member can make us store (groups/limits.ts:
 * the message rate alone would still let a member make us keep gigabytes a day of 16 KiB posts),
 * what our wall's sync answers may carry to one reader (walls/limits.ts). Whatever is over the
 * budget waits: the caller decides how it comes again (a later sync, a timer).
 */
import { TokenBucket } from './token-bucket.js';

/** A budget: `bytes` per key, refilled over `windowMs`; at most `maxKeys` keys remembered. */
export interface StoredBytesLimits {
  readonly bytes: number;
  readonly windowMs: number;
  readonly maxKeys: number;
}

/**
 * A token bucket of bytes per key (a key is group/member). Past `maxKeys` keys the least
 * recently charged is forgotten (it starts with a full bucket when next charged).
 *
 * @example
 * ```ts
 * const budget = new StoredBytesBudget({ bytes: 4 << 20, windowMs: 86_400_000, maxKeys: 10_000 });
 * if (!budget.take(`${groupId}/${sender}`, message.ciphertext.length, Date.now())) refuse();
 * ```
 */
export class StoredBytesBudget {
  readonly #limits: StoredBytesLimits;
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(limits: StoredBytesLimits) {
    this.#limits = limits;
  }

  /** Charges `bytes` to `key` if its bucket holds that many; false (and nothing charged) if not. */
  take(key: string, bytes: number, now: number): boolean {
    const { bytes: capacity, windowMs, maxKeys } = this.#limits;
    const bucket = this.#buckets.get(key) ?? new TokenBucket({ capacity, refillIntervalMs: windowMs / capacity }, now);
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
    return bucket.tryTake(now, bytes);
  }
}
