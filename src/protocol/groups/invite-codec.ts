/**
 * Invitations, which travel over the 1:1 session between an admin and a friend of theirs:
 *
 *   invite  = 32-byte group id ‖ 16-byte invite id ‖ group name ‖ u16 member count (1–256)
 *   accept  = 32-byte group id ‖ 16-byte invite id ‖ the name the invitee announces to the group
 *   decline = 32-byte group id ‖ 16-byte invite id
 *
 * Names are u8 length ‖ UTF-8 (≤ 64 bytes, no control characters; a group name is non-empty).
 * The inviter is the session's peer, proven by the handshake, so it is not in the body.
 */
import type { ByteReader, ByteWriter } from '../bytes.js';
import { malformedInput } from '../bytes.js';
import {
  checkRange,
  readFixed,
  readGroupName,
  readMemberName,
  writeFixed,
  writeGroupName,
  writeMemberName,
} from './fields.js';
import { GROUP_HASH_BYTES, GROUP_INVITE_ID_BYTES, MAX_GROUP_MEMBERS } from './limits.js';

/** "Join my group?" */
export interface GroupInviteBody {
  readonly groupId: Uint8Array;
  /** 16 random bytes naming this invitation. */
  readonly inviteId: Uint8Array;
  readonly groupName: string;
  readonly memberCount: number;
}

/** "Yes: add me, under this name." */
export interface GroupInviteAcceptBody {
  readonly groupId: Uint8Array;
  readonly inviteId: Uint8Array;
  readonly displayName: string;
}

/** "No, thanks." */
export interface GroupInviteDeclineBody {
  readonly groupId: Uint8Array;
  readonly inviteId: Uint8Array;
}

function readIds(reader: ByteReader): { groupId: Uint8Array; inviteId: Uint8Array } {
  return {
    groupId: readFixed(reader, GROUP_HASH_BYTES, 'group id'),
    inviteId: readFixed(reader, GROUP_INVITE_ID_BYTES, 'invite id'),
  };
}

function writeIds(writer: ByteWriter, body: { readonly groupId: Uint8Array; readonly inviteId: Uint8Array }): void {
  writeFixed(writer, body.groupId, GROUP_HASH_BYTES, 'group id');
  writeFixed(writer, body.inviteId, GROUP_INVITE_ID_BYTES, 'invite id');
}

/** Reads an invite's body. */
export function readGroupInvite(reader: ByteReader): GroupInviteBody {
  const ids = readIds(reader);
  const groupName = readGroupName(reader, 'group name');
  const memberCount = reader.readU16('member count');
  if (memberCount === 0 || memberCount > MAX_GROUP_MEMBERS)
    throw malformedInput('member count', `is ${memberCount}, not 1 to ${MAX_GROUP_MEMBERS}`);
  return { ...ids, groupName, memberCount };
}

/** Writes an invite's body. */
export function writeGroupInvite(writer: ByteWriter, body: GroupInviteBody): void {
  writeIds(writer, body);
  writeGroupName(writer, body.groupName, 'group name');
  checkRange(body.memberCount, 1, MAX_GROUP_MEMBERS, 'member count');
  writer.writeU16(body.memberCount);
}

/** Reads an accept's body. */
export function readGroupInviteAccept(reader: ByteReader): GroupInviteAcceptBody {
  const ids = readIds(reader);
  return { ...ids, displayName: readMemberName(reader, 'display name') };
}

/** Writes an accept's body. */
export function writeGroupInviteAccept(writer: ByteWriter, body: GroupInviteAcceptBody): void {
  writeIds(writer, body);
  writeMemberName(writer, body.displayName, 'display name');
}

/** Reads a decline's body. */
export function readGroupInviteDecline(reader: ByteReader): GroupInviteDeclineBody {
  return readIds(reader);
}

/** Writes a decline's body. */
export function writeGroupInviteDecline(writer: ByteWriter, body: GroupInviteDeclineBody): void {
  writeIds(writer, body);
}
