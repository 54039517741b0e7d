/**
 * The messages one member holds of one group, indexed for dedupe, catch-up sync and display.
 * Pure and in memory; the node persists what it adds (`VerifiedGroupMessage.encoded()`) and
 * deletes what {@link MessageLog.retain} drops.
 *
 * Slots: each (epoch, sender, seq) holds one message, the first that arrived. A sender who signs
 * two different messages for one slot is equivocating: the second is refused, never put in the
 * place of the first (or anyone holding an old epoch key could rewrite a past line, even after
 * being removed), and the sender is remembered as an equivocator so the member view can say
 * that their history may differ between members.
 *
 * Display order (the same on every member): by Lamport clock, then sender, then epoch id,
 * then seq. An honest sender's Lamport clock is 1 + the largest it had seen, so a reply sorts
 * after what it answers, and one sender's messages keep their own order (causal per sender).
 * A sender who lies about the clock only moves their own messages.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { VerifiedGroupMessage } from './group-message.js';
import type { HexId } from './ids.js';

/** What adding a message did. */
export type MessageAddOutcome =
  | { readonly status: 'added' }
  | { readonly status: 'duplicate' }
  /** Its slot already holds another message of the same sender: this one is refused, the first kept. */
  | { readonly status: 'equivocation'; readonly kept: VerifiedGroupMessage };

/** One high-water mark: every seq of `sender` in `epoch` up to `seq` is held. */
export interface HeldMark {
  readonly epoch: HexId;
  readonly sender: OnionAddress;
  readonly seq: number;
}

interface SenderTrack {
  readonly bySeq: Map<number, VerifiedGroupMessage>;
  /** Every seq from 1 to this is held. */
  contiguous: number;
}

/** The display order (see the module comment). */
export function compareDisplayOrder(a: VerifiedGroupMessage, b: VerifiedGroupMessage): number {
  if (a.lamport !== b.lamport) return a.lamport - b.lamport;
  if (a.sender !== b.sender) return a.sender < b.sender ? -1 : 1;
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The message store of one group.
 *
 * @example
 * ```ts
 * const outcome = messages.add(verified);
 * if (outcome.status === 'added') show(verified);
 * ```
 */
export class MessageLog {
  readonly #byId = new Map<HexId, VerifiedGroupMessage>();
  readonly #slots = new Map<HexId, Map<OnionAddress, SenderTrack>>();
  readonly #equivocators = new Set<OnionAddress>();
  #maxLamport = 0;
  #timeline: VerifiedGroupMessage[] | undefined;

  /** Messages held. */
  get size(): number {
    return this.#byId.size;
  }

  /** The largest Lamport clock seen (a new message takes one more). */
  get maxLamport(): number {
    return this.#maxLamport;
  }

  /** Whether a message with this id is held. */
  has(id: HexId): boolean {
    return this.#byId.has(id);
  }

  /** The message with this id. */
  get(id: HexId): VerifiedGroupMessage | undefined {
    return this.#byId.get(id);
  }

  /** Adds a verified message; see {@link MessageAddOutcome}. */
  add(message: VerifiedGroupMessage): MessageAddOutcome {
    if (this.#byId.has(message.id)) return { status: 'duplicate' };
    const track = this.#track(message.epoch, message.sender, true)!;
    const existing = track.bySeq.get(message.seq);
    if (existing !== undefined) {
      this.#equivocators.add(message.sender);
      return { status: 'equivocation', kept: existing };
    }
    track.bySeq.set(message.seq, message);
    this.#byId.set(message.id, message);
    while (track.bySeq.has(track.contiguous + 1)) track.contiguous++;
    this.#maxLamport = Math.max(this.#maxLamport, message.lamport);
    this.#timeline = undefined;
    return { status: 'added' };
  }

  /** Senders seen signing two different messages for one slot (since this log was loaded). */
  equivocators(): ReadonlySet<OnionAddress> {
    return this.#equivocators;
  }

  /** The largest seq such that every seq from 1 to it of `sender` in `epoch` is held (0 if none). */
  contiguous(epoch: HexId, sender: OnionAddress): number {
    return this.#track(epoch, sender, false)?.contiguous ?? 0;
  }

  /** The message of `sender` numbered `seq` in `epoch`, if held. */
  at(epoch: HexId, sender: OnionAddress, seq: number): VerifiedGroupMessage | undefined {
    return this.#track(epoch, sender, false)?.bySeq.get(seq);
  }

  /** The largest seq held of `sender` in `epoch` (0 if none). */
  highest(epoch: HexId, sender: OnionAddress): number {
    let highest = 0;
    for (const seq of this.#track(epoch, sender, false)?.bySeq.keys() ?? []) highest = Math.max(highest, seq);
    return highest;
  }

  /** Every non-zero high-water mark. */
  marks(): HeldMark[] {
    const marks: HeldMark[] = [];
    for (const [epoch, senders] of this.#slots) {
      for (const [sender, track] of senders)
        if (track.contiguous > 0) marks.push({ epoch, sender, seq: track.contiguous });
    }
    return marks;
  }

  /** Epochs with messages held, and their senders. */
  *slots(): Generator<{ readonly epoch: HexId; readonly sender: OnionAddress }> {
    for (const [epoch, senders] of this.#slots) for (const sender of senders.keys()) yield { epoch, sender };
  }

  /** Messages of `sender` in `epoch` with a seq above `seq`, by seq. */
  after(epoch: HexId, sender: OnionAddress, seq: number): VerifiedGroupMessage[] {
    const track = this.#track(epoch, sender, false);
    if (track === undefined) return [];
    return [...track.bySeq.values()].filter((message) => message.seq > seq).sort((a, b) => a.seq - b.seq);
  }

  /**
   * Puts `message.redact(gone)` in the place of the held message with its id (its text is gone:
   * docs/PROTOCOL.md "Message lifecycle in groups"); returns it, or undefined if nothing changed.
   */
  redact(id: HexId, gone = false): VerifiedGroupMessage | undefined {
    const held = this.#byId.get(id);
    if (held === undefined) return undefined;
    const redacted = held.redact(gone);
    if (redacted === held) return undefined;
    this.#byId.set(id, redacted);
    this.#track(held.epoch, held.sender, false)!.bySeq.set(held.seq, redacted);
    this.#timeline = undefined;
    return redacted;
  }

  /** Drops every message `keep` says no to (after a membership change); returns them. */
  retain(keep: (message: VerifiedGroupMessage) => boolean): VerifiedGroupMessage[] {
    const dropped: VerifiedGroupMessage[] = [];
    for (const message of this.#byId.values()) if (!keep(message)) dropped.push(message);
    for (const message of dropped) {
      this.#byId.delete(message.id);
      const track = this.#track(message.epoch, message.sender, false)!;
      track.bySeq.delete(message.seq);
      track.contiguous = Math.min(track.contiguous, message.seq - 1);
    }
    if (dropped.length > 0) this.#timeline = undefined;
    return dropped;
  }

  /** Every message held, in display order. */
  timeline(): readonly VerifiedGroupMessage[] {
    this.#timeline ??= [...this.#byId.values()].sort(compareDisplayOrder);
    return this.#timeline;
  }

  #track(epoch: HexId, sender: OnionAddress, create: boolean): SenderTrack | undefined {
    let senders = this.#slots.get(epoch);
    if (senders === undefined) {
      if (!create) return undefined;
      this.#slots.set(epoch, (senders = new Map<OnionAddress, SenderTrack>()));
    }
    let track = senders.get(sender);
    if (track === undefined && create) senders.set(sender, (track = { bySeq: new Map(), contiguous: 0 }));
    return track;
  }
}
