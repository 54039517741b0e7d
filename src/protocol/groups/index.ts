/**
 * The group service's wire format (docs/ARCHITECTURE.md "Services/Groups"): membership ops, group
 * messages, invitations and sync. Pure codecs: bytes in, values or typed `DecodeError`s out.
 */
export { compareBytes } from './fields.js';
export {
  decodeGroupContent,
  decodeGroupMessage,
  encodeGroupContent,
  encodeGroupMessage,
  encodeGroupMessageHeader,
  encodeGroupMessageSignedBytes,
  GROUP_MESSAGE_FORMAT,
  type GroupContent,
  type GroupMessageHeader,
  type UnverifiedGroupMessage,
} from './group-message-codec.js';
export {
  decodeGroupOp,
  encodeGroupOp,
  encodeGroupOpBody,
  GROUP_OP_FORMAT,
  GROUP_OP_KINDS,
  type DepartureCutoff,
  type EpochGrant,
  type GroupOpBody,
  type GroupOpKind,
  type GroupOpPayload,
  type SealedKeyEntry,
  type UnverifiedGroupOp,
} from './group-op-codec.js';
export {
  decodeGroupWire,
  encodeGroupWire,
  GROUP_WIRE_KINDS,
  groupWireKindName,
  readGroupWireBody,
  writeGroupWireBody,
  type GroupWireKind,
  type GroupWireMessage,
} from './group-wire.js';
export type { GroupInviteAcceptBody, GroupInviteBody, GroupInviteDeclineBody } from './invite-codec.js';
export * from './limits.js';
export {
  groupItemWireBytes,
  type GroupItem,
  type GroupItemsBody,
  type GroupSyncRequestBody,
  type GroupSyncSummaryBody,
  type SyncMark,
} from './sync-codec.js';
