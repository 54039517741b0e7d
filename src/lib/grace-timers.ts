/**
 * Per-peer grace timers, shared by the relay (1:1 messages) and groups (group items): when to
 * seal something for an offline friend. Once the friend has been offline for the grace period
 * (relay/feature/timing.ts `relayGraceMs`), and the item has waited that long too. A
 * friend who drops for a moment (a Tor circuit rebuilt, a laptop lid closed and opened) then
 * gets the message directly and nobody stores anything; one who stays away gets it through
 * friends.
 *
 * One timer per friend, armed for the earliest moment something of theirs falls due; the
 * feature decides what is due when it fires. Friends are taken as offline since the node
 * started until they connect (we cannot know better).
 */

/** Options of {@link GraceTimers}. */
export interface GraceTimersOptions<Peer extends string = string> {
  readonly graceMs: number;
  /** Unix ms. */
  readonly now: () => number;
  /** Something of `peer`'s may be due now. */
  readonly onDue: (peer: Peer) => void;
}

/**
 * Per-friend offline times and timers.
 * @example
 * ```ts
 * const grace = new GraceTimers({ graceMs: 30_000, now: Date.now, onDue: (peer) => sealPending(peer) });
 * grace.offline(peer); // due in 30 s unless grace.online(peer) comes first
 * ```
 */
export class GraceTimers<Peer extends string = string> {
  readonly #options: GraceTimersOptions<Peer>;
  readonly #startedAt: number;
  readonly #offlineSince = new Map<Peer, number>();
  readonly #online = new Set<Peer>();
  readonly #timers = new Map<Peer, { readonly at: number; readonly timer: NodeJS.Timeout }>();
  #stopped = false;

  constructor(options: GraceTimersOptions<Peer>) {
    this.#options = options;
    this.#startedAt = options.now();
  }

  /** The grace period in ms. */
  get graceMs(): number {
    return this.#options.graceMs;
  }

  /** Whether `peer` is online. */
  isOnline(peer: Peer): boolean {
    return this.#online.has(peer);
  }

  /** `peer` connected: nothing of theirs is due while they stay. */
  online(peer: Peer): void {
    this.#online.add(peer);
    this.#offlineSince.delete(peer);
    this.#cancel(peer);
  }

  /** `peer` went offline now: what waits for them falls due after the grace period. */
  offline(peer: Peer): void {
    this.#online.delete(peer);
    const now = this.#options.now();
    this.#offlineSince.set(peer, now);
    this.schedule(peer, now + this.#options.graceMs);
  }

  /** When a message to `peer` written at `createdAt` (unix ms) falls due. */
  dueAt(peer: Peer, createdAt: number): number {
    return Math.max(this.#offlineSince.get(peer) ?? this.#startedAt, createdAt) + this.#options.graceMs;
  }

  /** Calls `onDue(peer)` at `at` (unix ms), or earlier if a timer is already armed for earlier; nothing while `peer` is online. */
  schedule(peer: Peer, at: number): void {
    if (this.#stopped || this.#online.has(peer)) return;
    const armed = this.#timers.get(peer);
    if (armed !== undefined && armed.at <= at) return;
    if (armed !== undefined) clearTimeout(armed.timer);
    const timer = setTimeout(
      () => {
        this.#timers.delete(peer);
        if (!this.#stopped && !this.#online.has(peer)) this.#options.onDue(peer);
      },
      Math.max(0, at - this.#options.now()),
    );
    timer.unref();
    this.#timers.set(peer, { at, timer });
  }

  /** Cancels every timer; nothing falls due afterwards. */
  stop(): void {
    this.#stopped = true;
    for (const peer of [...this.#timers.keys()]) this.#cancel(peer);
  }

  #cancel(peer: Peer): void {
    const armed = this.#timers.get(peer);
    if (armed === undefined) return;
    clearTimeout(armed.timer);
    this.#timers.delete(peer);
  }
}
