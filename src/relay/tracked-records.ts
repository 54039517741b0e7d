/**
 * The holder's table of tracked envelope ids (holder.ts keeps the policy): the records oldest
 * first, what the held copies weigh per friend and in all, how many of our own are waiting,
 * and which records changed since they were last saved (engine-state.ts persists them).
 *
 * Every change to a record goes through here or is followed by {@link TrackedRecords.touch},
 * so the saved state never misses one.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { envelopeWireBytes, type RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { TrackedEnvelope } from './tracked-envelope.js';
import { UsageLedger, type Usage } from './usage-ledger.js';
import { hex } from '../lib/hex.js';

/** Tracked envelopes with their accounting (see the module comment). */
export class TrackedRecords {
  /** Every tracked id, oldest first (Map order is insertion order: eviction relies on it). */
  readonly #records = new Map<string, TrackedEnvelope>();
  readonly #ledger = new UsageLedger();
  /** Keys of records changed or forgotten since the last {@link takeDirty}, first change first. */
  readonly #dirty = new Set<string>();
  #ownHeld = 0;

  /** Ids tracked (held or remembered). */
  get size(): number {
    return this.#records.size;
  }

  /** Our own envelopes held for hand-off. */
  get ownHeld(): number {
    return this.#ownHeld;
  }

  /** What all friends together have us hold (our own envelopes not counted). */
  get totals(): Usage {
    return this.#ledger.total;
  }

  /** What `friend` has us hold. */
  usage(friend: OnionAddress): Usage {
    return this.#ledger.of(friend);
  }

  /** Friends with envelopes held for them, and their usage. */
  usageByFriend(): [OnionAddress, Usage][] {
    return [...this.#ledger.entries()];
  }

  /** The tracked envelope with this id, if any. */
  get(id: Uint8Array): TrackedEnvelope | undefined {
    return this.#records.get(hex(id));
  }

  /** Every tracked envelope, oldest first. */
  values(): IterableIterator<TrackedEnvelope> {
    return this.#records.values();
  }

  /** The oldest copy held for the friend holding the most bytes: the first to evict. */
  evictionCandidate(): TrackedEnvelope | undefined {
    const heaviest = this.#ledger.heaviest();
    if (heaviest === undefined) return undefined;
    for (const record of this.#records.values())
      if (record.state === 'held' && record.owner === heaviest) return record;
    return undefined;
  }

  /**
   * Records changed since the last call (to store them) and keys of records forgotten since
   * (to delete them), in the order they were first touched, which is the order new records
   * were created. Clears the list.
   */
  takeDirty(): { readonly changed: TrackedEnvelope[]; readonly forgotten: string[] } {
    const changed: TrackedEnvelope[] = [];
    const forgotten: string[] = [];
    for (const key of this.#dirty) {
      const record = this.#records.get(key);
      if (record === undefined) forgotten.push(key);
      else changed.push(record);
    }
    this.#dirty.clear();
    return { changed, forgotten };
  }

  /** Loads saved records (oldest first) into an empty table, recounting usage. */
  restore(records: Iterable<TrackedEnvelope>): void {
    if (this.#records.size > 0) throw new RangeError('restore() needs an empty holder');
    for (const record of records) {
      if (this.#records.has(record.key)) continue;
      this.#records.set(record.key, record);
      if (record.state === 'held') this.#count(record, +1);
    }
  }

  /** Starts tracking a held copy, counted against `owner` (undefined: our own envelope). */
  track(envelope: RelayEnvelope, owner: OnionAddress | undefined, passOnHops: number): TrackedEnvelope {
    const record: TrackedEnvelope = {
      id: Uint8Array.from(envelope.id),
      key: hex(envelope.id),
      tag: envelope.tag,
      expiry: envelope.expiry,
      commitment: envelope.commitment,
      size: envelopeWireBytes(envelope),
      owner,
      passOnHops,
      state: 'held',
      envelope,
      goneReason: undefined,
      release: undefined,
      peers: new Map(),
      releasedTo: new Set(),
      dropNotice: undefined,
    };
    this.#records.set(record.key, record);
    this.#count(record, +1);
    this.touch(record);
    return record;
  }

  /** Drops the copy of a held record (its state is the caller's to set), uncounting it. */
  removeCopy(record: TrackedEnvelope): void {
    if (record.state !== 'held') return;
    this.touch(record);
    this.#count(record, -1);
    record.envelope = undefined;
  }

  /** Forgets the oldest ids without a copy while more than `limit` are tracked. */
  forgetOverflow(limit: number): void {
    if (this.#records.size <= limit) return;
    for (const record of this.#records.values()) {
      if (this.#records.size <= limit) break;
      if (record.state !== 'held') this.forget(record);
    }
  }

  /** Stops tracking an id. */
  forget(record: TrackedEnvelope): void {
    this.#records.delete(record.key);
    this.#dirty.add(record.key);
  }

  /** Marks a record changed, to be saved. */
  touch(record: TrackedEnvelope): void {
    this.#dirty.add(record.key);
  }

  #count(record: TrackedEnvelope, sign: 1 | -1): void {
    if (record.owner === undefined) this.#ownHeld += sign;
    else if (sign > 0) this.#ledger.add(record.owner, record.size);
    else this.#ledger.remove(record.owner, record.size);
  }
}
