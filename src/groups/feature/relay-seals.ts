/**
 * Group items for members who stay offline, sealed through the relay
 * (docs/ARCHITECTURE.md "Services/Relay"): each item we author (a message we post, a membership op, which
 * includes epoch-key rotations) waits here for every member of its audience who was not
 * connected when we made it; once that member has been offline for the grace period, the same
 * rule as 1:1 chat (lib/grace-timers.ts `GraceTimers`), the item is sealed to them and handed to our
 * friends online. A member who connects first is dropped from the wait: the sync that starts
 * every session gives them everything (and the groups engine drops what arrives twice, by
 * item id, so relayed and synced copies never show twice).
 *
 * Who gets a sealed copy: any member, not only our friends. The envelope is sealed to the
 * member's key and carried by our friends, who pass it on and try it on their own friends
 * (src/relay/hand-off-targets.ts), so a member who is not our friend is still reached through
 * a friend we share (often another member). But we cannot see whether a member who is not our
 * friend is online (we have no session with them), so they count as offline since we started,
 * and sealing to all of them would make every post cost our friends one stored envelope per
 * member. Hence the bound: at most {@link MAX_SEALED_COPIES_PER_GROUP_ITEM} recipients per
 * item, our friends first (we know they are away), then the others in address order. The
 * others are the group's own business: forwarding and sync reach them through members anyway.
 *
 * What waits lives in memory only: after a restart, sync (on the next session with any member)
 * is the way items get through, as before the relay existed.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { HeldItem } from '../index.js';
import { logger, sensitive } from '../../log.js';
import type { RelayedGroupItem } from '../../relay/feature/ports.js';
import { GraceTimers } from '../../lib/grace-timers.js';

const log = logger('groups');

/**
 * Most members one group item is sealed to. Each copy costs each friend holding it one envelope
 * of its quota; eight covers the friends of a typical small group and keeps a large group's
 * posts from filling our friends' quotas.
 */
export const MAX_SEALED_COPIES_PER_GROUP_ITEM = 8;
/** Most items waiting for one member; past it the oldest is dropped (sync delivers it later). */
export const MAX_WAITING_GROUP_ITEMS_PER_MEMBER = 256;

/** The relay's side: seals one group item to one member (RelayFeature `sealGroupItem`). */
export interface GroupItemSealer {
  /** False when too many sealed items wait for receipts already (try again later). */
  sealGroupItem(recipient: OnionAddress, item: RelayedGroupItem, ref: string): boolean;
}

/** Options of {@link GroupRelaySeals}. */
export interface GroupRelaySealsOptions {
  readonly sealer: GroupItemSealer;
  /** How long a member is offline before what waits for them is sealed (node-timing.ts `relayGraceMs`). */
  readonly graceMs: number;
  /** Unix ms. */
  readonly now: () => number;
  readonly self: OnionAddress;
  readonly isFriend: (peer: OnionAddress) => boolean;
}

interface Waiting {
  readonly item: RelayedGroupItem;
  readonly ref: string;
  readonly createdAt: number;
}

/** The relay form of a verified group item. */
export function relayedGroupItem(item: HeldItem): RelayedGroupItem {
  return 'kind' in item ? { kind: 'group-op', op: item.wire } : { kind: 'group-message', message: item.wire };
}

/**
 * Our group items waiting for offline members, sealed once the member's grace period is over.
 * @example
 * ```ts
 * const seals = new GroupRelaySeals({ sealer: relay, graceMs, now: Date.now, self, isFriend });
 * seals.created(groupId, message, audience, connected); // sealed later to each absent member
 * ```
 */
export class GroupRelaySeals {
  readonly #options: GroupRelaySealsOptions;
  readonly #grace: GraceTimers<OnionAddress>;
  readonly #waiting = new Map<OnionAddress, Waiting[]>();

  constructor(options: GroupRelaySealsOptions) {
    this.#options = options;
    this.#grace = new GraceTimers<OnionAddress>({
      graceMs: options.graceMs,
      now: options.now,
      onDue: (peer) => this.#sealDue(peer),
    });
  }

  /** Friend `peer` connected: sync gives them what waited, so nothing of it is sealed. */
  online(peer: OnionAddress): void {
    this.#grace.online(peer);
    this.#waiting.delete(peer);
  }

  /** Friend `peer` went offline: items for them made from now on wait out the grace period. */
  offline(peer: OnionAddress): void {
    this.#grace.offline(peer);
  }

  /**
   * We made `item` in group `groupIdHex` for `audience` (forwarding.ts `itemAudience`); members
   * in `connected` got it directly. Every other member (bounded, see the module comment) gets
   * it sealed once their grace period is over.
   */
  created(
    groupIdHex: string,
    item: HeldItem,
    audience: ReadonlySet<OnionAddress>,
    connected: ReadonlySet<OnionAddress>,
  ): void {
    const absent = [...audience].filter(
      (member) => member !== this.#options.self && !connected.has(member) && !this.#grace.isOnline(member),
    );
    const friends = absent.filter((member) => this.#options.isFriend(member)).sort();
    const others = absent.filter((member) => !this.#options.isFriend(member)).sort();
    const recipients = [...friends, ...others].slice(0, MAX_SEALED_COPIES_PER_GROUP_ITEM);
    const createdAt = this.#options.now();
    const waiting: Waiting = { item: relayedGroupItem(item), ref: `group:${groupIdHex}`, createdAt };
    for (const member of recipients) {
      const queue = this.#waiting.get(member) ?? [];
      queue.push(waiting);
      if (queue.length > MAX_WAITING_GROUP_ITEMS_PER_MEMBER) queue.shift();
      this.#waiting.set(member, queue);
      this.#grace.schedule(member, this.#grace.dueAt(member, createdAt));
    }
  }

  /** Cancels every timer; nothing is sealed afterwards. */
  stop(): void {
    this.#grace.stop();
    this.#waiting.clear();
  }

  /** Seals what waits for `member` and is due; arms the timer for the rest. */
  #sealDue(member: OnionAddress): void {
    const queue = this.#waiting.get(member);
    if (queue === undefined) return;
    const now = this.#options.now();
    const rest: Waiting[] = [];
    let next: number | undefined;
    for (const [index, waiting] of queue.entries()) {
      const due = this.#grace.dueAt(member, waiting.createdAt);
      if (due > now) {
        rest.push(waiting);
        next = Math.min(next ?? due, due);
        continue;
      }
      if (!this.#options.sealer.sealGroupItem(member, waiting.item, waiting.ref)) {
        // The relay's own bound on waiting envelopes: try again after another grace period.
        log.warn('too many sealed items wait for receipts; group items wait longer', { peer: sensitive(member) });
        rest.push(...queue.slice(index));
        next = Math.min(next ?? Infinity, now + this.#options.graceMs);
        break;
      }
      log.info('a group item for an offline member was sealed and handed to friends', {
        peer: sensitive(member),
        kind: waiting.item.kind,
      });
    }
    if (rest.length === 0) this.#waiting.delete(member);
    else this.#waiting.set(member, rest);
    if (next !== undefined) this.#grace.schedule(member, next);
  }
}
