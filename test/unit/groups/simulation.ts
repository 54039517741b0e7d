// An in-memory network of GroupEngines for the simulation tests: nodes, a friend graph,
// sessions between online friends, and FIFO delivery of encoded group messages. Pure: the
// test drives the clock and decides who is online.
import type { IdentityKeyPair } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { GroupEffects, GroupEvent } from '../../../src/groups/group-effects.js';
import { GroupEngine } from '../../../src/groups/group-engine.js';
import type { GroupRateLimits } from '../../../src/groups/rate-limit.js';
import { decodeGroupWire, encodeGroupWire } from '../../../src/protocol/groups/index.js';
import { memberCached, seededRandom } from './helpers.js';

/** One simulated node: its engine, what it stored, what it heard. */
export interface SimNode {
  readonly index: number;
  readonly identity: IdentityKeyPair;
  readonly engine: GroupEngine;
  readonly events: GroupEvent[];
  /** What the node persisted, per group: op and message bytes by id. */
  readonly stored: Map<string, { ops: Map<string, Uint8Array>; messages: Map<string, Uint8Array> }>;
}

const pairKey = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);

export class Simulation {
  readonly nodes: SimNode[] = [];
  readonly #friends = new Set<string>();
  readonly #byOnion = new Map<OnionAddress, number>();
  readonly #online = new Set<number>();
  readonly #sessions = new Set<string>();
  #queue: { from: number; to: number; bytes: Uint8Array }[] = [];
  now = 1_700_000_000_000;
  delivered = 0;

  constructor(size: number, friendships: readonly (readonly [number, number])[], limits?: GroupRateLimits) {
    for (const [a, b] of friendships) this.#friends.add(pairKey(a, b));
    for (let index = 0; index < size; index++) {
      const identity = memberCached(1_000 + index);
      this.#byOnion.set(identity.onionAddress, index);
      const engine = new GroupEngine({
        identity,
        isFriend: (peer) => this.areFriends(index, this.#byOnion.get(peer) ?? -1),
        now: this.now,
        random: seededRandom(`node ${index}`),
        ...(limits === undefined ? {} : { limits }),
      });
      this.nodes.push({ index, identity, engine, events: [], stored: new Map() });
    }
  }

  areFriends(a: number, b: number): boolean {
    return this.#friends.has(pairKey(a, b));
  }

  friendsOf(a: number): number[] {
    return this.nodes.map((node) => node.index).filter((b) => b !== a && this.areFriends(a, b));
  }

  indexOf(onion: OnionAddress): number {
    return this.#byOnion.get(onion)!;
  }

  isOnline(index: number): boolean {
    return this.#online.has(index);
  }

  /** Brings nodes online and opens sessions with their online friends. */
  online(...indexes: number[]): void {
    for (const index of indexes) {
      this.#online.add(index);
      for (const friend of this.friendsOf(index)) {
        if (!this.#online.has(friend) || this.#sessions.has(pairKey(index, friend))) continue;
        this.#sessions.add(pairKey(index, friend));
        this.apply(index, this.nodes[index]!.engine.peerConnected(this.nodes[friend]!.identity.onionAddress, this.now));
        this.apply(
          friend,
          this.nodes[friend]!.engine.peerConnected(this.nodes[index]!.identity.onionAddress, this.now),
        );
      }
    }
  }

  /** Takes nodes offline, closing their sessions (messages in flight on them are lost). */
  offline(...indexes: number[]): void {
    for (const index of indexes) {
      this.#online.delete(index);
      for (const friend of this.friendsOf(index)) {
        if (!this.#sessions.delete(pairKey(index, friend))) continue;
        this.nodes[index]!.engine.peerDisconnected(this.nodes[friend]!.identity.onionAddress);
        this.nodes[friend]!.engine.peerDisconnected(this.nodes[index]!.identity.onionAddress);
      }
    }
  }

  /** Carries out a node's effects: queue its sends on open sessions, persist its changes, keep its events. */
  apply(index: number, effects: GroupEffects): void {
    const node = this.nodes[index]!;
    for (const { to, message } of effects.send) {
      const target = this.indexOf(to);
      if (this.#sessions.has(pairKey(index, target)))
        this.#queue.push({ from: index, to: target, bytes: encodeGroupWire(message) });
    }
    for (const change of effects.changes) {
      let stored = node.stored.get(change.groupId);
      if (stored === undefined) node.stored.set(change.groupId, (stored = { ops: new Map(), messages: new Map() }));
      for (const op of change.ops) stored.ops.set(op.id, op.encoded());
      for (const message of change.messages) stored.messages.set(message.id, message.encoded());
      for (const message of change.retracted) stored.messages.delete(message.id);
    }
    node.events.push(...effects.events);
  }

  /** Delivers queued messages (and what they cause) until the network is quiet. */
  run(maxDeliveries = 200_000): void {
    while (this.#queue.length > 0) {
      if (this.delivered++ > maxDeliveries) throw new Error('the network never went quiet');
      const { from, to, bytes } = this.#queue.shift()!;
      if (!this.#sessions.has(pairKey(from, to))) continue;
      this.apply(
        to,
        this.nodes[to]!.engine.receive(this.nodes[from]!.identity.onionAddress, decodeGroupWire(bytes), this.now),
      );
    }
  }

  /** Runs a command on a node and applies its effects. */
  act(index: number, command: (engine: GroupEngine) => GroupEffects): void {
    this.apply(index, command(this.nodes[index]!.engine));
  }

  /** Every event of a type a node heard. */
  eventsOf<T extends GroupEvent['type']>(index: number, type: T): Extract<GroupEvent, { type: T }>[] {
    return this.nodes[index]!.events.filter((event): event is Extract<GroupEvent, { type: T }> => event.type === type);
  }
}
