/**
 * Serverless group chat (docs/ARCHITECTURE.md "Services/Groups"), pure: membership log, epoch keys,
 * messages, sync and forwarding decisions, invitations. The node wires {@link GroupEngine} to
 * sessions and the store; the other exports are its parts, for tests and tools.
 */
export { epochKeyCommitment, messageIdOf, opIdOf } from './domains.js';
export { EpochKeyring, type EpochKeyStatus } from './epoch-keyring.js';
export { openEpochKey, sealEpochKey } from './epoch-key-seal.js';
export * from './errors.js';
export { forwardTargets, HolderBook, itemAudience, type ForwardingContext } from './forwarding.js';
export { GroupEngine, type GroupEngineOptions } from './group-engine.js';
export type { GroupChanges, GroupEffects, GroupEvent, OutgoingGroupMessage } from './group-effects.js';
export type { GroupView, TimelineEntry } from './group-view.js';
export {
  groupMessageId,
  hasValidGroupMessageSignature,
  messageKeyOf,
  sealGroupMessage,
  verifyGroupMessage,
  VerifiedGroupMessage,
  type GroupMessageDraft,
  type MessageVerificationContext,
} from './group-message.js';
export {
  groupOpId,
  hasValidGroupOpSignature,
  signGroupOp,
  verifyGroupOp,
  VerifiedGroupOp,
  type GroupOpDraft,
  type OpVerificationContext,
} from './group-op.js';
export { GroupReplica, type GroupReplicaOptions, type ItemAdmission, type ReplicaOutcome } from './group-replica.js';
export { postVerdict, type PostVerdict } from './departure-chain.js';
export {
  needsRotation,
  type DepartureRecord,
  type EpochRef,
  type GroupState,
  type MemberRecord,
} from './group-state.js';
export { groupHistory, systemLineOf, type HistoryItem, type SystemLineEvent } from './history.js';
export { fromHexId, keyOfMember, memberFromKey, parseHexId, toHexId, type HexId } from './ids.js';
export {
  InviteBook,
  type IncomingInvite,
  type InviteRecord,
  type OutgoingInvite,
  type PendingJoin,
} from './invites.js';
export * from './limits.js';
export { memberDisplay, shortFingerprint, type MemberDisplay } from './member-display.js';
export { MembershipLog, type OpAdmission, type OpInsertOutcome } from './membership-log.js';
export { compareDisplayOrder, MessageLog, type HeldMark, type MessageAddOutcome } from './message-log.js';
export { GroupFloodGuard, type GroupRateLimits } from './rate-limit.js';
export { matchReference, MIN_REFERENCE_PREFIX_CHARS, type ReferenceMatch } from './references.js';
export { compareDagNodes, resolveGroupState, type DagNode, type OpFate, type Resolution } from './resolve.js';
export { buildSyncSummary, itemsLacking, toGroupItem, toItemBatches, type HeldItem, type SyncSource } from './sync.js';
export {
  actionsOf,
  adminTest,
  foldGroupActions,
  isActionTarget,
  isHistoryLine,
  type GroupActions,
  type GroupTimer,
  type MessageFate,
} from './message-actions.js';
