/**
 * A snapshot of what the relay holds for friends and sends for us, for `burrow ctl relay status
 * --json` (relay/feature/views.ts turns it into the API's view).
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RelayHolder } from './holder.js';
import type { HolderLimits } from './holder-limits.js';
import type { OutgoingState, OutgoingTracker } from './outgoing-tracker.js';
import type { Usage } from './usage-ledger.js';

/** The snapshot (see the module comment). */
export interface RelayStatus {
  /** Envelopes and bytes we hold for friends. */
  readonly held: Usage;
  /** Our own envelopes waiting for hand-off or receipt. */
  readonly own: number;
  /** Ids remembered (held or not). */
  readonly tracked: number;
  /** Envelope ids addressed to us that we remember. */
  readonly inbox: number;
  readonly perFriend: readonly { readonly friend: OnionAddress; readonly count: number; readonly bytes: number }[];
  readonly outgoing: readonly {
    readonly envelopeId: string;
    readonly ref: string;
    readonly recipient: OnionAddress;
    readonly expiry: number;
    readonly state: OutgoingState;
  }[];
  readonly limits: HolderLimits;
}

/** The snapshot of a holder, the size of the inbox, and the sender's tracker. */
export function relayStatus(holder: RelayHolder, inboxSize: number, tracker: OutgoingTracker): RelayStatus {
  return {
    held: holder.totals,
    own: holder.ownHeld,
    tracked: holder.tracked,
    inbox: inboxSize,
    perFriend: holder.usageByFriend().map(([friend, usage]) => ({ friend, ...usage })),
    outgoing: tracker.list().map(({ entry, state }) => ({
      envelopeId: Buffer.from(entry.envelopeId).toString('hex'),
      ref: entry.ref,
      recipient: entry.recipient,
      expiry: entry.expiry,
      state,
    })),
    limits: holder.limits,
  };
}
