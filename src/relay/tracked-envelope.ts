/**
 * What a holder remembers about one envelope id: the copy itself while it holds one, and its
 * provenance — how each friend relates to it — for as long as the id is remembered. Provenance
 * is what lets receipts travel back along the same paths, and dropped notices reach the
 * friends who handed the envelope over.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RelayEnvelope } from '../protocol/relay/envelope-codec.js';
import type { DropReason, RelayReceipt, RelayWithdrawal } from '../protocol/relay/release-codec.js';

/**
 * How one friend relates to one envelope:
 * - `gave`: handed it to us (upstream; our dropped notice goes to them)
 * - `offered`: we offered it and wait for the answer
 * - `sent`: we handed it over and wait for the stored-report
 * - `holds`: accepted it from us (downstream; it counts as a holder)
 * - `has`: has it from elsewhere, or is its recipient and has read it
 * - `declined`: refused it, or held it and dropped it; not offered again
 */
export type PeerMark = 'gave' | 'offered' | 'sent' | 'holds' | 'has' | 'declined';

/** The proof that an envelope is done with: the recipient's receipt or the sender's withdrawal. */
export type Release =
  | { readonly kind: 'receipt'; readonly receipt: RelayReceipt }
  | { readonly kind: 'withdrawal'; readonly withdrawal: RelayWithdrawal };

/** The lifecycle of a tracked id: a copy held, the copy gone (evicted, expired, rejected), or released. */
export type TrackedState = 'held' | 'gone' | 'released';

/** One tracked envelope id. Mutable: only the holder changes it. */
export interface TrackedEnvelope {
  readonly id: Uint8Array;
  /** The id in hex: the map key. */
  readonly key: string;
  readonly tag: Uint8Array;
  /** Unix seconds. */
  readonly expiry: number;
  readonly commitment: Uint8Array;
  /** Encoded size of the copy. */
  readonly size: number;
  /** The friend whose quota the copy counts against; undefined for our own envelope. */
  readonly owner: OnionAddress | undefined;
  /** The hops a copy we pass on carries; −1 when we may not pass it on (only deliver it). */
  readonly passOnHops: number;
  state: TrackedState;
  /** The copy, while `state` is 'held'. */
  envelope: RelayEnvelope | undefined;
  /** Why the copy went, once `state` is 'gone'. */
  goneReason: DropReason | undefined;
  release: Release | undefined;
  readonly peers: Map<OnionAddress, PeerMark>;
  /** Friends that already have the release from us (or gave it to us). */
  readonly releasedTo: Set<OnionAddress>;
  /**
   * Set once nothing behind us holds it: the reason, and the upstream friends still to be told
   * (those offline hear it when they reconnect). Set with no one to tell when it expired.
   */
  dropNotice: { readonly reason: DropReason; readonly pending: Set<OnionAddress> } | undefined;
}

/** Friends that accepted the envelope from us and have not dropped it. */
export function downstreamHolders(record: TrackedEnvelope): OnionAddress[] {
  return [...record.peers].filter(([, mark]) => mark === 'holds').map(([friend]) => friend);
}

/** Friends that handed the envelope to us. */
export function upstreamFriends(record: TrackedEnvelope): OnionAddress[] {
  return [...record.peers].filter(([, mark]) => mark === 'gave').map(([friend]) => friend);
}

/** Whether we, or anyone we handed it to, still holds a copy. */
export function isHeldBehindUs(record: TrackedEnvelope): boolean {
  return record.state === 'held' || downstreamHolders(record).length > 0;
}

/** Friends that may still have a copy and so should hear of its release (everyone who saw the id, except those that declined it). */
export function releaseTargets(record: TrackedEnvelope): OnionAddress[] {
  return [...record.peers]
    .filter(([friend, mark]) => mark !== 'declined' && !record.releasedTo.has(friend))
    .map(([friend]) => friend);
}

/** Friends a copy has been offered or handed to, or that hold one from us: the fan-out so far. */
export function fanOut(record: TrackedEnvelope): number {
  let count = 0;
  for (const mark of record.peers.values()) if (mark === 'offered' || mark === 'sent' || mark === 'holds') count++;
  return count;
}
