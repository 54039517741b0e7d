/**
 * Read receipts waiting for their friend's session. Memory only: receipts are a courtesy, and
 * a friend who misses one still sees their message delivered.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { SessionControl } from '../../node/feature.js';
import { MAX_RECEIPT_IDS } from '../../protocol/envelope/index.js';

/** The receipts owed to each friend. */
export class ReadReceipts {
  readonly #sessions: Pick<SessionControl, 'ready' | 'newId'>;
  readonly #pending = new Map<OnionAddress, Uint8Array[]>();

  constructor(sessions: Pick<SessionControl, 'ready' | 'newId'>) {
    this.#sessions = sessions;
  }

  /** We read `ids` from `peer`: tell them now if they are online, else when they are. */
  add(peer: OnionAddress, ids: readonly Uint8Array[]): void {
    this.#pending.set(peer, [...(this.#pending.get(peer) ?? []), ...ids]);
    this.flush(peer);
  }

  /** Sends what waits for `peer` if their session may carry it, in receipts of at most MAX_RECEIPT_IDS ids. */
  flush(peer: OnionAddress): void {
    const session = this.#sessions.ready(peer);
    const ids = this.#pending.get(peer);
    if (session === undefined || ids === undefined) return;
    this.#pending.delete(peer);
    for (let start = 0; start < ids.length; start += MAX_RECEIPT_IDS) {
      session.post({
        kind: 'read-receipt',
        id: this.#sessions.newId(),
        ids: ids.slice(start, start + MAX_RECEIPT_IDS),
      });
    }
  }

  /** Drops what waits for `peer` (they are no longer a contact we talk to). */
  forget(peer: OnionAddress): void {
    this.#pending.delete(peer);
  }
}
