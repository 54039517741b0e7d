/**
 * Offline delivery through friends (docs/ARCHITECTURE.md "Services/Relay"): sealed envelopes, recipient
 * tags, receipts, the holder's storage policy, the sender's tracker, and the engine that joins
 * them into one pure state machine for the node to drive. Wire codecs are in
 * src/protocol/relay/. Import from here.
 */
export { RelayEngine, type RelayEngineOptions, type RelaySendResult } from './engine.js';
export type { RelayAction } from './relay-actions.js';
export type { RelayStatus } from './relay-status.js';
export type { RelaySendRequest } from './send-request.js';
export {
  isDurablePeerMark,
  isEmptyChange,
  loadHeld,
  saveHeld,
  type DurablePeerMark,
  type RelayStateChanges,
  type RelayStateSnapshot,
  type SavedHeld,
  type SavedInboxEntry,
  type SavedOutgoing,
} from './engine-state.js';
export {
  EnvelopeUnreadableError,
  InnerAuthenticationError,
  invalidRelayLimit,
  UnauthorizedRelaySenderError,
} from './errors.js';
export {
  DEFAULT_RELAY_RATE_LIMITS,
  FriendRateLimits,
  type RelayRateCategory,
  type RelayRateLimits,
} from './friend-rate-limits.js';
export {
  RelayHolder,
  type AcceptOutcome,
  type ConsiderVerdict,
  type HandOff,
  type RelayHolderOptions,
  type ReleaseOutcome,
} from './holder.js';
export { type DropEvent, type PeerResult } from './peer-reports.js';
export { DEFAULT_HOLDER_LIMITS, holderLimits, type HolderLimits } from './holder-limits.js';
export { RelayInbox, type InboxEntry } from './inbox.js';
export * from './limits.js';
export {
  OutgoingTracker,
  type OutgoingChange,
  type OutgoingEntry,
  type OutgoingRecord,
  type OutgoingState,
} from './outgoing-tracker.js';
export { createReceipt, receiptMac, secretOpensCommitment, verifyReceipt } from './receipt.js';
export { pairKeys, type PairKeys } from './pair-keys.js';
export { passOnHopsOf, STEM_HOPS, stemCoin } from './stem.js';
export {
  innerMac,
  openEnvelope,
  sealEnvelope,
  type SealedEnvelope,
  type SealOptions,
  type UnverifiedInnerMessage,
} from './seal.js';
export { receiptCommitment } from './seal-keys.js';
export { envelopeTag, recipientTag, relayDay, TagIndex } from './tag.js';
export type { PeerMark, Release, TrackedEnvelope, TrackedState } from './tracked-envelope.js';
export {
  senderScopeOf,
  verifyInner,
  type RelaySenderPolicy,
  type RelaySenderScope,
  type VerifiedInnerMessage,
} from './verify-inner.js';
