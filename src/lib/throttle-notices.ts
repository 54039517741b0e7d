/**
 * When to tell the user that a peer is being throttled: on the first refusal, then at most once
 * per `intervalMs` while the refusals go on, so a flood makes one notice, not one per message.
 */

/** How often the user hears about one peer's throttled traffic of one kind at most. */
export const THROTTLE_NOTICE_INTERVAL_MS = 60_000;

/**
 * @example if (notices.shouldTell(friend, now)) emit({ type: 'peer-throttled', ... });
 */
export class ThrottleNotices<Peer extends string = string> {
  readonly #intervalMs: number;
  readonly #maxPeers: number;
  /** When each peer was last told about, least recently told first. */
  readonly #toldAt = new Map<Peer, number>();

  /** `maxPeers` bounds the memory when peers are not a known list (the least recently told is forgotten). */
  constructor(intervalMs = THROTTLE_NOTICE_INTERVAL_MS, maxPeers = Number.POSITIVE_INFINITY) {
    if (!Number.isFinite(intervalMs) || intervalMs < 0)
      throw new TypeError(`intervalMs must be a non-negative number, got ${String(intervalMs)}`);
    this.#intervalMs = intervalMs;
    this.#maxPeers = maxPeers;
  }

  /** A refusal of `peer` at `now`: whether to tell the user (and, if so, counts it as told). */
  shouldTell(peer: Peer, now: number): boolean {
    const told = this.#toldAt.get(peer);
    if (told !== undefined && now - told < this.#intervalMs && now >= told) return false;
    this.#toldAt.delete(peer);
    this.#toldAt.set(peer, now);
    if (this.#toldAt.size > this.#maxPeers) this.#toldAt.delete(this.#toldAt.keys().next().value!);
    return true;
  }

  /** Forgets everyone not in `peers`. */
  retain(peers: ReadonlySet<Peer>): void {
    for (const peer of this.#toldAt.keys()) if (!peers.has(peer)) this.#toldAt.delete(peer);
  }
}
