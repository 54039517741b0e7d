/**
 * Items of our wall for readers who stay offline, sealed through the relay (docs/PROTOCOL.md
 * "Walls", "Services/Relay"): a reader away for longer than the grace period (the rule of 1:1
 * chat, lib/grace-timers.ts) gets each new item sealed to them, with its epoch's key sealed to
 * them beside it, and handed to our friends online, who pass it on to the reader. Every reader
 * is our friend, so the relay treats these envelopes like any other of ours: a holder learns
 * no more than from a chat message sealed to someone.
 *
 * A reader who connects first is dropped from the wait: the sync that starts every session
 * gives them everything. What waits lives in memory only (sync covers a restart).
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { GraceTimers } from '../../lib/grace-timers.js';
import { logger, sensitive } from '../../log.js';
import type { RelayedWallContent } from '../../relay/feature/ports.js';

const log = logger('walls');

/** Most items waiting for one reader; past it the oldest is dropped (sync delivers it later). */
export const MAX_WAITING_WALL_ITEMS_PER_READER = 256;

/** The relay's side (RelayFeature `sealWallItem`). */
export interface WallItemSealer {
  /** False when too many sealed items wait for receipts already (try again later). */
  sealWallItem(recipient: OnionAddress, content: RelayedWallContent, ref: string): boolean;
}

/** Our wall's items waiting for offline readers. */
export class WallRelaySeals {
  readonly #sealer: WallItemSealer;
  readonly #now: () => number;
  readonly #grace: GraceTimers<OnionAddress>;
  readonly #waiting = new Map<OnionAddress, { readonly content: RelayedWallContent; readonly ref: string }[]>();

  constructor(options: { readonly sealer: WallItemSealer; readonly graceMs: number; readonly now: () => number }) {
    this.#sealer = options.sealer;
    this.#now = options.now;
    this.#grace = new GraceTimers<OnionAddress>({
      graceMs: options.graceMs,
      now: options.now,
      onDue: (reader) => this.#sealDue(reader),
    });
  }

  /** Reader `peer` connected: sync gives them what waited. */
  online(peer: OnionAddress): void {
    this.#grace.online(peer);
    this.#waiting.delete(peer);
  }

  /** Reader `peer` went offline. */
  offline(peer: OnionAddress): void {
    this.#grace.offline(peer);
  }

  /**
   * An item for `reader`, who is not online: sealed now if they have been away for the grace
   * period already, else once they have.
   */
  add(reader: OnionAddress, content: RelayedWallContent, ref: string): void {
    const queue = this.#waiting.get(reader) ?? [];
    queue.push({ content, ref });
    if (queue.length > MAX_WAITING_WALL_ITEMS_PER_READER) queue.shift();
    this.#waiting.set(reader, queue);
    const due = this.#grace.dueAt(reader, 0);
    if (due <= this.#now()) this.#sealDue(reader);
    else this.#grace.schedule(reader, due);
  }

  /** Cancels every timer; nothing is sealed afterwards. */
  stop(): void {
    this.#grace.stop();
    this.#waiting.clear();
  }

  #sealDue(reader: OnionAddress): void {
    const queue = this.#waiting.get(reader) ?? [];
    while (queue.length > 0) {
      const next = queue[0]!;
      if (!this.#sealer.sealWallItem(reader, next.content, next.ref)) {
        log.warn('too many sealed items wait for receipts; wall items wait longer', { peer: sensitive(reader) });
        this.#grace.schedule(reader, this.#now() + this.#grace.graceMs);
        return;
      }
      queue.shift();
    }
    this.#waiting.delete(reader);
  }
}
