/**
 * How many bytes of messages we store from one member of one group per window (a day by
 * default, limits.ts). The message rate limit alone (rate-limit.ts) would still let a member
 * make every other member store gigabytes a day of 16 KiB posts; this bounds what a member can
 * make us keep, whatever the pace. A message over the budget is not lost: it stays outside our
 * high-water marks, and the next sync in a later window fetches it again.
 */
/** A budget: at most `bytes` per `windowMs`, per key; at most `maxKeys` keys remembered. */
export interface StoredBytesLimits {
  readonly bytes: number;
  readonly windowMs: number;
  readonly maxKeys: number;
}

interface Window {
  readonly start: number;
  used: number;
}

/**
 * Fixed windows per key (a key is group/member). Past `maxKeys` keys the least recently
 * charged is forgotten (it starts a fresh window when next charged).
 *
 * @example
 * ```ts
 * const budget = new StoredBytesBudget({ bytes: 4 << 20, windowMs: 86_400_000, maxKeys: 10_000 });
 * if (!budget.take(`${groupId}/${sender}`, message.ciphertext.length, Date.now())) refuse();
 * ```
 */
export class StoredBytesBudget {
  readonly #limits: StoredBytesLimits;
  readonly #windows = new Map<string, Window>();

  constructor(limits: StoredBytesLimits) {
    this.#limits = limits;
  }

  /** Charges `bytes` to `key` if its window has room; false (and nothing charged) if not. */
  take(key: string, bytes: number, now: number): boolean {
    let window = this.#windows.get(key);
    this.#windows.delete(key);
    if (window === undefined || now - window.start >= this.#limits.windowMs || now < window.start)
      window = { start: now, used: 0 };
    this.#windows.set(key, window);
    if (this.#windows.size > this.#limits.maxKeys) this.#windows.delete(this.#windows.keys().next().value!);
    if (window.used + bytes > this.#limits.bytes) return false;
    window.used += bytes;
    return true;
  }
}
