/**
 * The sender's view of its own sealed envelopes: for each, which friends hold it, and one of
 *
 * - `waiting-on-sender`: no friend has taken it yet (we offer it to each friend that comes online);
 * - `held-by-friends` (n): n friends accepted it from us and have not dropped it;
 * - `delivered`: the recipient's receipt came back and its MAC verified;
 * - `dropped`: friends held it and now none does (evicted, rejected by the recipient, or
 *   expired); the reason says which. Not final while the envelope lives: a friend that comes
 *   online later may take it again.
 *
 * Holder counts come from unauthenticated stored-reports and dropped notices, so they are what
 * our friends *say*: a friend can lie about holding a copy, but nothing but the recipient's
 * MAC over the id, with the secret that opens the commitment, makes a message delivered.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { DropReason, RelayReceipt } from '../protocol/relay/release-codec.js';
import { verifyReceipt } from './receipt.js';
import { hex } from '../lib/hex.js';

/** The state of one outgoing envelope. */
export type OutgoingState =
  | { readonly state: 'waiting-on-sender' }
  | { readonly state: 'held-by-friends'; readonly holders: number }
  | { readonly state: 'delivered' }
  | { readonly state: 'dropped'; readonly reason: DropReason };

/** What the sender remembers about one outgoing envelope. */
export interface OutgoingEntry {
  readonly envelopeId: Uint8Array;
  /** The node's own reference to what was sent (e.g. the chat message id in hex); opaque here. */
  readonly ref: string;
  readonly recipient: OnionAddress;
  readonly recipientKey: Uint8Array;
  readonly commitment: Uint8Array;
  /** Unix seconds. */
  readonly expiry: number;
}

/** A state change to report. */
export interface OutgoingChange {
  readonly envelopeId: Uint8Array;
  readonly ref: string;
  readonly recipient: OnionAddress;
  readonly state: OutgoingState;
}

/** One tracked envelope as saved and restored (for persistence). */
export interface OutgoingRecord {
  readonly entry: OutgoingEntry;
  readonly holders: readonly OnionAddress[];
  readonly state: OutgoingState;
}

interface Tracked {
  readonly entry: OutgoingEntry;
  readonly holders: Set<OnionAddress>;
  state: OutgoingState;
}

function sameState(a: OutgoingState, b: OutgoingState): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'held-by-friends' && b.state === 'held-by-friends') return a.holders === b.holders;
  if (a.state === 'dropped' && b.state === 'dropped') return a.reason === b.reason;
  return true;
}

/**
 * The tracker. Every method returns the change to report, or undefined when nothing changed.
 *
 * @example
 * ```ts
 * tracker.track({ envelopeId, ref: formatMessageId(id), recipient, recipientKey, commitment, expiry });
 * tracker.holderAdded(envelopeId, friend); // { state: { state: 'held-by-friends', holders: 1 }, … }
 * ```
 */
export class OutgoingTracker {
  readonly #entries = new Map<string, Tracked>();
  /** Keys changed or forgotten since the last {@link takeDirty}, first change first. */
  readonly #dirty = new Set<string>();

  /** Starts tracking a freshly sealed envelope (state `waiting-on-sender`). */
  track(entry: OutgoingEntry): OutgoingChange {
    const tracked: Tracked = { entry, holders: new Set(), state: { state: 'waiting-on-sender' } };
    this.#entries.set(hex(entry.envelopeId), tracked);
    this.#dirty.add(hex(entry.envelopeId));
    return this.#change(tracked);
  }

  /** Loads entries saved earlier into an empty tracker. */
  restore(records: Iterable<OutgoingRecord>): void {
    if (this.#entries.size > 0) throw new RangeError('restore() needs an empty tracker');
    for (const { entry, holders, state } of records)
      this.#entries.set(hex(entry.envelopeId), { entry, holders: new Set(holders), state });
  }

  /** Marks `envelopeId` changed from outside (the engine's receipt secret for it went). */
  touch(envelopeId: Uint8Array): void {
    if (this.#entries.has(hex(envelopeId))) this.#dirty.add(hex(envelopeId));
  }

  /** Entries changed since the last call and keys (hex) of entries forgotten since; clears the list. */
  takeDirty(): { readonly changed: OutgoingRecord[]; readonly forgotten: string[] } {
    const changed: OutgoingRecord[] = [];
    const forgotten: string[] = [];
    for (const key of this.#dirty) {
      const tracked = this.#entries.get(key);
      if (tracked === undefined) forgotten.push(key);
      else changed.push({ entry: tracked.entry, holders: [...tracked.holders], state: tracked.state });
    }
    this.#dirty.clear();
    return { changed, forgotten };
  }

  /** The entry and state of `envelopeId`, if tracked. */
  get(
    envelopeId: Uint8Array,
  ):
    | { readonly entry: OutgoingEntry; readonly state: OutgoingState; readonly holders: readonly OnionAddress[] }
    | undefined {
    const tracked = this.#entries.get(hex(envelopeId));
    return tracked === undefined
      ? undefined
      : { entry: tracked.entry, state: tracked.state, holders: [...tracked.holders] };
  }

  /** Every tracked envelope with its state. */
  list(): { readonly entry: OutgoingEntry; readonly state: OutgoingState }[] {
    return [...this.#entries.values()].map(({ entry, state }) => ({ entry, state }));
  }

  /** `friend` accepted the envelope from us. */
  holderAdded(envelopeId: Uint8Array, friend: OnionAddress): OutgoingChange | undefined {
    const tracked = this.#open(envelopeId);
    if (tracked === undefined) return undefined;
    tracked.holders.add(friend);
    this.#dirty.add(hex(envelopeId));
    return this.#set(tracked, { state: 'held-by-friends', holders: tracked.holders.size });
  }

  /** `friend` no longer holds it (nor anyone behind them). */
  holderDropped(envelopeId: Uint8Array, friend: OnionAddress, reason: DropReason): OutgoingChange | undefined {
    const tracked = this.#open(envelopeId);
    if (tracked === undefined || !tracked.holders.delete(friend)) return undefined;
    this.#dirty.add(hex(envelopeId));
    return this.#set(
      tracked,
      tracked.holders.size > 0
        ? { state: 'held-by-friends', holders: tracked.holders.size }
        : { state: 'dropped', reason },
    );
  }

  /** The recipient rejected it (unreadable or unwanted): nobody will deliver it. */
  rejected(envelopeId: Uint8Array): OutgoingChange | undefined {
    const tracked = this.#open(envelopeId);
    if (tracked === undefined) return undefined;
    tracked.holders.clear();
    return this.#set(tracked, { state: 'dropped', reason: 'rejected' });
  }

  /** It expired undelivered. */
  expired(envelopeId: Uint8Array): OutgoingChange | undefined {
    const tracked = this.#open(envelopeId);
    if (tracked === undefined) return undefined;
    tracked.holders.clear();
    return this.#set(tracked, { state: 'dropped', reason: 'expired' });
  }

  /**
   * A receipt came back. Returns the change to `delivered` only if it verifies (`identity` is
   * ours: the MAC is under our pair key with the recipient) against the commitment; a forged or
   * foreign receipt changes nothing.
   */
  receipt(receipt: RelayReceipt, identity: IdentityKeyPair): OutgoingChange | undefined {
    const tracked = this.#open(receipt.id);
    if (
      tracked === undefined ||
      !verifyReceipt(receipt, identity, tracked.entry.recipientKey, tracked.entry.commitment)
    )
      return undefined;
    tracked.holders.clear();
    return this.#set(tracked, { state: 'delivered' });
  }

  /** Stops tracking (the node withdrew the envelope, or has recorded its final state). */
  forget(envelopeId: Uint8Array): void {
    if (this.#entries.delete(hex(envelopeId))) this.#dirty.add(hex(envelopeId));
  }

  /** Forgets entries whose expiry passed more than `graceS` seconds before `now`. */
  sweep(now: number, graceS: number): void {
    for (const [key, tracked] of this.#entries) {
      if (tracked.entry.expiry + graceS >= now) continue;
      this.#entries.delete(key);
      this.#dirty.add(key);
    }
  }

  #open(envelopeId: Uint8Array): Tracked | undefined {
    const tracked = this.#entries.get(hex(envelopeId));
    // Delivered is final: nothing a holder says afterwards changes it.
    return tracked === undefined || tracked.state.state === 'delivered' ? undefined : tracked;
  }

  #set(tracked: Tracked, state: OutgoingState): OutgoingChange | undefined {
    if (sameState(tracked.state, state)) return undefined;
    tracked.state = state;
    this.#dirty.add(hex(tracked.entry.envelopeId));
    return this.#change(tracked);
  }

  #change(tracked: Tracked): OutgoingChange {
    const { envelopeId, ref, recipient } = tracked.entry;
    return { envelopeId, ref, recipient, state: tracked.state };
  }
}
