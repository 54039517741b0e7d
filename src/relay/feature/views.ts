/**
 * The relay engine's states → the plain JSON shapes of the relay API (relay/feature/api.ts).
 */
import type { RelayStatus } from '../engine.js';
import type { HolderLimits } from '../holder-limits.js';
import type { OutgoingState } from '../outgoing-tracker.js';
import type { MessageRelayView, RelayLimitsView, RelayStatusView } from './api.js';

/** Where an outgoing envelope stands, as a message shows it. */
export function relayViewOf(state: OutgoingState): MessageRelayView {
  switch (state.state) {
    case 'waiting-on-sender':
      return { state: 'waiting', holders: 0 };
    case 'held-by-friends':
      return { state: 'held', holders: state.holders };
    case 'delivered':
      return { state: 'delivered', holders: 0 };
    case 'dropped':
      return { state: 'dropped', holders: 0, reason: state.reason };
  }
}

/** Whether two views say the same. */
export function sameRelayView(a: MessageRelayView | undefined, b: MessageRelayView | undefined): boolean {
  return a?.state === b?.state && a?.holders === b?.holders && a?.reason === b?.reason;
}

/** The limits a user can see and reason about. */
export function relayLimitsView(limits: HolderLimits): RelayLimitsView {
  return {
    maxEnvelopesPerFriend: limits.maxEnvelopesPerFriend,
    maxBytesPerFriend: limits.maxBytesPerFriend,
    maxHeldEnvelopes: limits.maxHeldEnvelopes,
    maxHeldBytes: limits.maxHeldBytes,
    maxOwnEnvelopes: limits.maxOwnEnvelopes,
    maxEnvelopeBytes: limits.maxEnvelopeBytes,
    maxLifetimeS: limits.maxLifetimeS,
  };
}

/** `relay status` from the engine's snapshot. */
export function relayStatusView(status: RelayStatus, graceMs: number): RelayStatusView {
  return {
    held: { envelopes: status.held.count, bytes: status.held.bytes },
    perFriend: status.perFriend.map(({ friend, count, bytes }) => ({ onion: friend, envelopes: count, bytes })),
    limits: relayLimitsView(status.limits),
    outgoing: status.outgoing.map(({ envelopeId, ref, recipient, expiry, state }) => ({
      envelopeId,
      message: ref,
      recipient,
      expiry,
      relay: relayViewOf(state),
    })),
    tracked: status.tracked,
    inbox: status.inbox,
    graceMs,
  };
}
