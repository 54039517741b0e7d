// A simulated friend graph for relay tests: one RelayEngine per person, friendships as links,
// people going online and offline, and every relay message carried through the wire codec
// between two online friends, in order, until nothing is left to send.
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import {
  decodeRelayMessage,
  encodeRelayMessage,
  type RelayMessage,
} from '../../../src/protocol/relay/relay-message-codec.js';
import type { InnerContent } from '../../../src/protocol/relay/inner-codec.js';
import { RelayEngine, type RelayAction, type RelayEngineOptions } from '../../../src/relay/engine.js';
import type { OutgoingChange } from '../../../src/relay/outgoing-tracker.js';
import type { RelaySenderPolicy } from '../../../src/relay/verify-inner.js';
import type { VerifiedInnerMessage } from '../../../src/relay/verify-inner.js';
import { onion, people, T0_MS, type Name } from './fixtures.js';

const MAX_STEPS = 100_000;

/** One message on its way between two people. */
export interface Sent {
  readonly from: Name;
  readonly to: Name;
  readonly message: RelayMessage;
}

/** Per-person engine options (limits, policy). */
export type EngineOverrides = Partial<Omit<RelayEngineOptions, 'identity' | 'friends'>>;

/** The simulated network. */
export class Network {
  readonly engines = new Map<Name, RelayEngine>();
  readonly friends = new Map<Name, Set<Name>>();
  readonly online = new Set<Name>();
  readonly delivered = new Map<Name, VerifiedInnerMessage[]>();
  readonly outgoing = new Map<Name, OutgoingChange[]>();
  /** Every message carried, in order (for assertions about paths). */
  readonly log: Sent[] = [];
  /** Pairs of people that were ever online together. */
  readonly metOnline = new Set<string>();
  now = T0_MS;
  readonly #queue: Sent[] = [];
  readonly #byAddress = new Map<OnionAddress, Name>();

  constructor(links: readonly (readonly [Name, Name])[], overrides: Partial<Record<Name, EngineOverrides>> = {}) {
    for (const [a, b] of links) {
      this.#friendSet(a).add(b);
      this.#friendSet(b).add(a);
    }
    for (const [name, friends] of this.friends) {
      this.#byAddress.set(onion(name), name);
      const defaultPolicy: RelaySenderPolicy = (sender, scope) =>
        scope.kind === 'direct' && friends.has(this.#byAddress.get(sender) as Name);
      const options = overrides[name] ?? {};
      this.engines.set(
        name,
        new RelayEngine({
          identity: people[name],
          friends: [...friends].map(onion),
          senderPolicy: options.senderPolicy ?? defaultPolicy,
          ...options,
        }),
      );
      this.delivered.set(name, []);
      this.outgoing.set(name, []);
    }
  }

  /** The engine of `name`. */
  engine(name: Name): RelayEngine {
    const engine = this.engines.get(name);
    if (engine === undefined) throw new Error(`${name} is not in this network`);
    return engine;
  }

  /** `name` comes online: sessions open with every online friend, then everything runs. */
  up(...names: Name[]): void {
    for (const name of names) {
      this.online.add(name);
      for (const other of this.online) if (other !== name) this.metOnline.add([name, other].sort().join('+'));
      for (const friend of this.friends.get(name) ?? []) {
        if (!this.online.has(friend) || friend === name) continue;
        this.#perform(name, this.engine(name).friendConnected(onion(friend), this.now));
        this.#perform(friend, this.engine(friend).friendConnected(onion(name), this.now));
      }
    }
    this.run();
  }

  /** `name` goes offline: its sessions close; messages in flight to or from it are lost. */
  down(...names: Name[]): void {
    for (const name of names) {
      this.online.delete(name);
      for (const friend of this.friends.get(name) ?? []) {
        this.engine(name).friendDisconnected(onion(friend));
        this.engine(friend).friendDisconnected(onion(name));
      }
    }
  }

  /** `from` relays `content` (or a chat `text`) to `to`; returns the envelope id. */
  send(
    from: Name,
    to: Name,
    content: InnerContent,
    options: { hopLimit?: number; lifetimeS?: number } = {},
  ): Uint8Array {
    const result = this.engine(from).send(
      { recipient: onion(to), content, ref: `${from}->${to}`, ...options },
      this.now,
    );
    if (result.status !== 'queued') throw new Error(`${from} could not queue: ${result.status}`);
    this.#perform(from, result.actions);
    this.run();
    return result.envelopeId;
  }

  /** Feeds `message` to `to` as if `from` sent it (for hostile peers), then runs. */
  inject(from: Name, to: Name, message: RelayMessage): void {
    this.#queue.push({ from, to, message });
    this.run();
  }

  /** Runs every engine's sweep at the current time. */
  sweep(): void {
    for (const [name, engine] of this.engines) this.#perform(name, engine.sweep(this.now));
    this.run();
  }

  /** Carries queued messages until none is left. */
  run(): void {
    for (let steps = 0; this.#queue.length > 0; steps++) {
      if (steps > MAX_STEPS) throw new Error('the relay did not settle');
      const sent = this.#queue.shift()!;
      // A message reaches its receiver only over a live session between two friends.
      if (!this.online.has(sent.from) || !this.online.has(sent.to)) continue;
      this.log.push(sent);
      const wire = decodeRelayMessage(encodeRelayMessage(sent.message));
      this.#perform(sent.to, this.engine(sent.to).receive(onion(sent.from), wire, this.now));
    }
  }

  /** The last outgoing state `name` reported for its envelope `id`. */
  lastState(name: Name, id: Uint8Array): OutgoingChange['state'] | undefined {
    const changes = (this.outgoing.get(name) ?? []).filter((change) =>
      Buffer.from(change.envelopeId).equals(Buffer.from(id)),
    );
    return changes.at(-1)?.state;
  }

  /** Whether `a` and `b` were ever online at the same time. */
  wereOnlineTogether(a: Name, b: Name): boolean {
    return this.metOnline.has([a, b].sort().join('+'));
  }

  #perform(actor: Name, actions: readonly RelayAction[]): void {
    for (const action of actions) {
      if (action.type === 'send') {
        const to = this.#byAddress.get(action.to);
        if (to === undefined) throw new Error(`${actor} sent to someone outside the network`);
        this.#queue.push({ from: actor, to, message: action.message });
      } else if (action.type === 'deliver') {
        this.delivered.get(actor)!.push(action.message);
      } else {
        this.outgoing.get(actor)!.push(action.change);
      }
    }
  }

  #friendSet(name: Name): Set<Name> {
    let set = this.friends.get(name);
    if (set === undefined) {
      set = new Set();
      this.friends.set(name, set);
    }
    return set;
  }
}
