/**
 * The relay engine's state in a form to save and load (the node keeps it in the encrypted
 * profile store, so held envelopes, provenance, the inbox and our own outgoing envelopes with
 * their receipt secrets survive a restart). Pure data: the store decides the encoding.
 *
 * What is not saved, on purpose: offers and hand-offs in flight (`offered` / `sent` marks —
 * after a restart nobody is connected, and a friend that reconnects is offered everything
 * again), rate-limit buckets, and the tag cache (recomputed from friends and fellow group members).
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { DropReason } from '../protocol/relay/release-codec.js';
import type { RelayHolder } from './holder.js';
import type { InboxEntry, RelayInbox } from './inbox.js';
import type { OutgoingRecord, OutgoingTracker } from './outgoing-tracker.js';
import type { PeerMark, Release, TrackedEnvelope, TrackedState } from './tracked-envelope.js';
import { hex } from '../lib/hex.js';

/** Peer marks that outlive a session (the others are about offers in flight). */
export type DurablePeerMark = Exclude<PeerMark, 'offered' | 'sent'>;

const fromHex = (key: string): Uint8Array => Uint8Array.from(Buffer.from(key, 'hex'));

const DURABLE_MARKS: ReadonlySet<PeerMark> = new Set<PeerMark>(['gave', 'holds', 'has', 'declined']);

/** Whether `mark` is saved. */
export function isDurablePeerMark(mark: PeerMark): mark is DurablePeerMark {
  return DURABLE_MARKS.has(mark);
}

/** One tracked envelope id as saved: the copy (while held) and its provenance. */
export interface SavedHeld {
  readonly id: Uint8Array;
  readonly tag: Uint8Array;
  readonly expiry: number;
  readonly commitment: Uint8Array;
  readonly size: number;
  /** The friend whose quota it counts against; undefined for our own envelope. */
  readonly owner: OnionAddress | undefined;
  readonly passOnHops: number;
  readonly state: TrackedState;
  /** The copy, while `state` is 'held'. */
  readonly envelope: RelayEnvelope | undefined;
  readonly goneReason: DropReason | undefined;
  readonly release: Release | undefined;
  readonly peers: readonly (readonly [OnionAddress, DurablePeerMark])[];
  readonly releasedTo: readonly OnionAddress[];
  readonly dropNotice: { readonly reason: DropReason; readonly pending: readonly OnionAddress[] } | undefined;
}

/** An envelope id addressed to us, and what we did with it. */
export interface SavedInboxEntry {
  readonly id: Uint8Array;
  readonly entry: InboxEntry;
}

/** One of our own outgoing envelopes: its tracker entry and, until it is done with, its receipt secret. */
export interface SavedOutgoing extends OutgoingRecord {
  readonly receiptSecret: Uint8Array | undefined;
}

/** Everything to load into a new engine; each list oldest first. */
export interface RelayStateSnapshot {
  readonly held: readonly SavedHeld[];
  readonly inbox: readonly SavedInboxEntry[];
  readonly outgoing: readonly SavedOutgoing[];
}

/**
 * What changed since the engine last reported: rows to write (new ones in creation order) and
 * ids to delete. Apply in one transaction.
 */
export interface RelayStateChanges {
  readonly held: readonly SavedHeld[];
  readonly heldForgotten: readonly Uint8Array[];
  readonly inbox: readonly SavedInboxEntry[];
  readonly inboxForgotten: readonly Uint8Array[];
  readonly outgoing: readonly SavedOutgoing[];
  readonly outgoingForgotten: readonly Uint8Array[];
}

/** The relay engine's parts whose state is saved. */
export interface RelayStateParts {
  readonly holder: RelayHolder;
  readonly inbox: RelayInbox;
  readonly tracker: OutgoingTracker;
  /** The receipt secrets of our own envelopes (by hex id), kept while a copy is held here. */
  readonly receiptSecrets: Map<string, Uint8Array>;
}

/** What changed in `parts` since the last call, to save; clears their change lists. */
export function takeStateChanges(parts: RelayStateParts): RelayStateChanges {
  const held = parts.holder.takeDirty();
  const inbox = parts.inbox.takeDirty();
  const outgoing = parts.tracker.takeDirty();
  return {
    held: held.changed.map(saveHeld),
    heldForgotten: held.forgotten.map(fromHex),
    inbox: inbox.changed.map(([key, entry]) => ({ id: fromHex(key), entry })),
    inboxForgotten: inbox.forgotten.map(fromHex),
    outgoing: outgoing.changed.map((record): SavedOutgoing => ({
      ...record,
      receiptSecret: parts.receiptSecrets.get(hex(record.entry.envelopeId)),
    })),
    outgoingForgotten: outgoing.forgotten.map(fromHex),
  };
}

/** Loads a saved snapshot into fresh, empty parts. */
export function restoreState(parts: RelayStateParts, state: RelayStateSnapshot): void {
  parts.holder.restore(state.held.map(loadHeld));
  parts.inbox.restore(state.inbox.map(({ id, entry }) => [hex(id), entry] as const));
  parts.tracker.restore(state.outgoing);
  for (const { entry, receiptSecret } of state.outgoing) {
    if (receiptSecret !== undefined) parts.receiptSecrets.set(hex(entry.envelopeId), receiptSecret);
  }
}

/** Whether `changes` has nothing to write. */
export function isEmptyChange(changes: RelayStateChanges): boolean {
  return (
    changes.held.length === 0 &&
    changes.heldForgotten.length === 0 &&
    changes.inbox.length === 0 &&
    changes.inboxForgotten.length === 0 &&
    changes.outgoing.length === 0 &&
    changes.outgoingForgotten.length === 0
  );
}

/** The saved form of a tracked envelope (a copy: later changes to `record` do not show). */
export function saveHeld(record: TrackedEnvelope): SavedHeld {
  return {
    id: record.id,
    tag: record.tag,
    expiry: record.expiry,
    commitment: record.commitment,
    size: record.size,
    owner: record.owner,
    passOnHops: record.passOnHops,
    state: record.state,
    envelope: record.envelope,
    goneReason: record.goneReason,
    release: record.release,
    peers: [...record.peers].filter((pair): pair is [OnionAddress, DurablePeerMark] => isDurablePeerMark(pair[1])),
    releasedTo: [...record.releasedTo],
    dropNotice:
      record.dropNotice === undefined
        ? undefined
        : { reason: record.dropNotice.reason, pending: [...record.dropNotice.pending] },
  };
}

/** A tracked envelope from its saved form. A copy is kept only while the state is 'held'. */
export function loadHeld(saved: SavedHeld): TrackedEnvelope {
  return {
    id: Uint8Array.from(saved.id),
    key: hex(saved.id),
    tag: saved.tag,
    expiry: saved.expiry,
    commitment: saved.commitment,
    size: saved.size,
    owner: saved.owner,
    passOnHops: saved.passOnHops,
    state: saved.state,
    envelope: saved.state === 'held' ? saved.envelope : undefined,
    goneReason: saved.goneReason,
    release: saved.release,
    peers: new Map(saved.peers),
    releasedTo: new Set(saved.releasedTo),
    dropNotice:
      saved.dropNotice === undefined
        ? undefined
        : { reason: saved.dropNotice.reason, pending: new Set(saved.dropNotice.pending) },
  };
}
