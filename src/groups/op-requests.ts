/**
 * The ops we asked each peer for, and when (group-engine.ts asks for ops it lacks). An op is
 * not asked of the same peer again within OP_REQUEST_RETRY_MS (limits.ts says why: two nodes
 * would otherwise loop on an op one of them refuses), and at most MAX_TRACKED_REQUESTS pairs
 * are remembered. A new session starts with summaries, so a peer's entries go when it leaves.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { MAX_REQUEST_OP_IDS } from '../protocol/groups/limits.js';
import type { HexId } from './ids.js';
import { MAX_TRACKED_REQUESTS, OP_REQUEST_RETRY_MS } from './limits.js';

/** Ops asked of peers (see the module comment). */
export class OpRequests {
  /** `${peer}/${opId}` → when we last asked that peer for that op. */
  readonly #asked = new Map<string, number>();

  /**
   * Of `ids`, those to ask `peer` for now (at most MAX_REQUEST_OP_IDS, sorted), recorded as
   * asked; empty if we asked for all of them recently.
   */
  take(peer: OnionAddress, ids: readonly HexId[], now: number): HexId[] {
    for (const [key, at] of this.#asked) if (now - at >= OP_REQUEST_RETRY_MS || now < at) this.#asked.delete(key);
    const wanted = ids.filter((id) => !this.#asked.has(`${peer}/${id}`)).slice(0, MAX_REQUEST_OP_IDS);
    for (const id of wanted) {
      if (this.#asked.size >= MAX_TRACKED_REQUESTS) this.#asked.delete(this.#asked.keys().next().value!);
      this.#asked.set(`${peer}/${id}`, now);
    }
    return [...wanted].sort();
  }

  /** `peer`'s session closed: the next one may ask again for whatever is still missing. */
  forget(peer: OnionAddress): void {
    for (const key of this.#asked.keys()) if (key.startsWith(`${peer}/`)) this.#asked.delete(key);
  }
}
