/**
 * How group items travel between connected members (the protocol in group-engine.ts): batches
 * to one peer, forwarding what is new to every connected member who should get it and is not
 * known to hold it (forwarding.ts decides who), and asking a peer for ops we lack
 * (op-requests.ts). Whoever sent us an item, or got it from us, is remembered as holding it,
 * so nothing goes back and forth.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { forwardTargets, HolderBook, itemAudience } from './forwarding.js';
import type { EffectsBuilder } from './group-effects.js';
import type { GroupReplica } from './group-replica.js';
import { fromHexId, type HexId } from './ids.js';
import { OpRequests } from './op-requests.js';
import { toItemBatches, type HeldItem } from './sync.js';

/** Group items to and from connected members (see the module comment). */
export class ItemTraffic {
  readonly #self: OnionAddress;
  readonly #connected: ReadonlySet<OnionAddress>;
  readonly #holders = new HolderBook();
  readonly #requests = new OpRequests();

  /** Traffic of `self`, whose open sessions are `connected` (the engine keeps that set). */
  constructor(self: OnionAddress, connected: ReadonlySet<OnionAddress>) {
    this.#self = self;
    this.#connected = connected;
  }

  /** `peer` sent us items with these ids: they hold them. */
  received(peer: OnionAddress, ids: Iterable<HexId>): void {
    for (const id of ids) this.#holders.record(id, peer);
  }

  /** `peer`'s session closed. */
  disconnected(peer: OnionAddress): void {
    this.#requests.forget(peer);
  }

  /** Sends `items` to `peer` in batches (at most `maxBatches`); they hold what was sent. */
  send(
    peer: OnionAddress,
    groupId: HexId,
    items: readonly HeldItem[],
    effects: EffectsBuilder,
    maxBatches?: number,
  ): void {
    let sent = 0;
    for (const batch of toItemBatches(groupId, items, maxBatches)) {
      effects.send.push({ to: peer, message: { kind: 'group-items', ...batch } });
      sent += batch.items.length;
    }
    for (const item of items.slice(0, sent)) this.#holders.record(item.id, peer);
  }

  /** Passes items new to us (from `from`, or ours when undefined) on to the connected members who should get them. */
  forward(
    replica: GroupReplica,
    items: readonly HeldItem[],
    from: OnionAddress | undefined,
    effects: EffectsBuilder,
  ): void {
    // A former member forwards nothing it receives (its own leave op still goes out).
    if (items.length === 0 || (!replica.isMember && from !== undefined)) return;
    const state = replica.state;
    const perPeer = new Map<OnionAddress, HeldItem[]>();
    for (const item of items) {
      const targets = forwardTargets(itemAudience(item, state, replica.log), {
        self: this.#self,
        connected: this.#connected,
        from,
        holders: this.#holders.holders(item.id),
      });
      for (const peer of targets) {
        let list = perPeer.get(peer);
        if (list === undefined) perPeer.set(peer, (list = []));
        list.push(item);
      }
    }
    for (const [peer, list] of perPeer) this.send(peer, replica.groupId, list, effects);
  }

  /** Asks `peer` for the ops among `ids` we did not ask them for recently. */
  request(peer: OnionAddress, groupId: HexId, ids: readonly HexId[], now: number, effects: EffectsBuilder): void {
    const wanted = this.#requests.take(peer, ids, now);
    if (wanted.length === 0) return;
    effects.send.push({
      to: peer,
      message: { kind: 'group-sync-request', groupId: fromHexId(groupId), opIds: wanted.map(fromHexId) },
    });
  }
}
