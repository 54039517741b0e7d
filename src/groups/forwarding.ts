/**
 * Forwarding (docs/ARCHITECTURE.md "Services/Groups": members forward what they hold to the other members
 * they are connected to, dedupe by id). When a member takes in a new item it passes it on to
 * every member it has a session with, except whoever it came from and whoever is known to hold
 * it already; each receiver does the same for what is new to it. Duplicates stop the flood:
 * an item already held is not forwarded again. So a group works over any connected friend
 * graph, even when not all members are friends.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { GroupState } from './group-state.js';
import type { HexId } from './ids.js';
import { MAX_TRACKED_HOLDINGS } from './limits.js';
import type { HeldItem } from './sync.js';
import type { MembershipLog } from './membership-log.js';

/**
 * Who should get `item`: for an op, the members, plus the member it adds or removes (so they
 * learn of it); for a message, the members who received its epoch's key.
 */
export function itemAudience(item: HeldItem, state: GroupState, log: MembershipLog): Set<OnionAddress> {
  if ('kind' in item) {
    const audience = new Set(state.members.keys());
    if (item.target !== undefined && (item.kind === 'add' || item.kind === 'remove')) audience.add(item.target);
    return audience;
  }
  const recipients = log.get(item.epoch)?.recipients ?? new Set<OnionAddress>();
  return new Set([...state.members.keys()].filter((member) => recipients.has(member)));
}

/** What a forwarding decision looks at. */
export interface ForwardingContext {
  /** Ourselves (never a target). */
  readonly self: OnionAddress;
  /** Peers we have a session with now. */
  readonly connected: Iterable<OnionAddress>;
  /** The peer the item came from (undefined for our own). */
  readonly from?: OnionAddress | undefined;
  /** Peers known to hold the item already (they sent it, we sent it, or their summary covers it). */
  readonly holders?: ReadonlySet<OnionAddress> | undefined;
}

/**
 * The connected members to send a new item to: the audience, minus ourselves, its sender and
 * known holders. Sorted, so the decision is the same whatever order the sets were built in.
 * @example forwardTargets(itemAudience(item, state, log), { self, connected, from: peer, holders })
 */
export function forwardTargets(audience: ReadonlySet<OnionAddress>, context: ForwardingContext): OnionAddress[] {
  const targets: OnionAddress[] = [];
  for (const peer of new Set(context.connected)) {
    if (peer === context.self || peer === context.from || !audience.has(peer) || context.holders?.has(peer) === true)
      continue;
    targets.push(peer);
  }
  return targets.sort();
}

/**
 * Which peers are known to hold which items, for the last MAX_TRACKED_HOLDINGS items (older ones
 * are forgotten: at worst an item is sent once more and dropped as a duplicate).
 */
export class HolderBook {
  readonly #holders = new Map<HexId, Set<OnionAddress>>();
  readonly #limit: number;

  constructor(limit = MAX_TRACKED_HOLDINGS) {
    this.#limit = limit;
  }

  /** `peer` holds item `id`. */
  record(id: HexId, peer: OnionAddress): void {
    let holders = this.#holders.get(id);
    if (holders === undefined) {
      if (this.#holders.size >= this.#limit) this.#holders.delete(this.#holders.keys().next().value!);
      this.#holders.set(id, (holders = new Set()));
    }
    holders.add(peer);
  }

  /** Peers known to hold item `id`. */
  holders(id: HexId): ReadonlySet<OnionAddress> {
    return this.#holders.get(id) ?? new Set();
  }
}
