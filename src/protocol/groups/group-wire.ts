/**
 * The group service's session messages, told apart by `kind`, and their kind bytes.
 *
 * The kind numbers sit in the block the message envelope reserves for groups (0x30–0x3f,
 * src/protocol/envelope/kinds.ts). The envelope carries a group message as
 * `u8 version ‖ u8 kind ‖ 16-byte id ‖ body`, where body is what {@link writeGroupWireBody}
 * writes; {@link encodeGroupWire} / {@link decodeGroupWire} frame a body with its kind byte
 * alone (`u8 kind ‖ body`), which is what the vectors in test/vectors/groups.json pin.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter } from '../bytes.js';
import { unknownGroupWireKind } from './errors.js';
import {
  readGroupInvite,
  readGroupInviteAccept,
  readGroupInviteDecline,
  writeGroupInvite,
  writeGroupInviteAccept,
  writeGroupInviteDecline,
  type GroupInviteAcceptBody,
  type GroupInviteBody,
  type GroupInviteDeclineBody,
} from './invite-codec.js';
import {
  readGroupItems,
  readGroupSyncRequest,
  readGroupSyncSummary,
  writeGroupItems,
  writeGroupSyncRequest,
  writeGroupSyncSummary,
  type GroupItemsBody,
  type GroupSyncRequestBody,
  type GroupSyncSummaryBody,
} from './sync-codec.js';

/** Kind bytes of the group messages (in the envelope's reserved 0x30–0x3f block). */
export const GROUP_WIRE_KINDS = Object.freeze({
  'group-invite': 0x30,
  'group-invite-accept': 0x31,
  'group-invite-decline': 0x32,
  'group-sync-summary': 0x33,
  'group-sync-request': 0x34,
  'group-items': 0x35,
} as const);

/** The name of a group message kind. */
export type GroupWireKind = keyof typeof GROUP_WIRE_KINDS;

/** Every group message a session carries. */
export type GroupWireMessage =
  | ({ readonly kind: 'group-invite' } & GroupInviteBody)
  | ({ readonly kind: 'group-invite-accept' } & GroupInviteAcceptBody)
  | ({ readonly kind: 'group-invite-decline' } & GroupInviteDeclineBody)
  | ({ readonly kind: 'group-sync-summary' } & GroupSyncSummaryBody)
  | ({ readonly kind: 'group-sync-request' } & GroupSyncRequestBody)
  | ({ readonly kind: 'group-items' } & GroupItemsBody);

const KIND_BY_NUMBER: ReadonlyMap<number, GroupWireKind> = new Map(
  (Object.entries(GROUP_WIRE_KINDS) as [GroupWireKind, number][]).map(([name, number]) => [number, name]),
);

/** The group kind with this number, or undefined. */
export function groupWireKindName(kind: number): GroupWireKind | undefined {
  return KIND_BY_NUMBER.get(kind);
}

/** Reads the body of a group message of a known kind (for the envelope's decoder). */
export function readGroupWireBody(kind: GroupWireKind, reader: ByteReader): GroupWireMessage {
  switch (kind) {
    case 'group-invite':
      return { kind, ...readGroupInvite(reader) };
    case 'group-invite-accept':
      return { kind, ...readGroupInviteAccept(reader) };
    case 'group-invite-decline':
      return { kind, ...readGroupInviteDecline(reader) };
    case 'group-sync-summary':
      return { kind, ...readGroupSyncSummary(reader) };
    case 'group-sync-request':
      return { kind, ...readGroupSyncRequest(reader) };
    case 'group-items':
      return { kind, ...readGroupItems(reader) };
  }
}

/** Writes the body of a group message (for the envelope's encoder). */
export function writeGroupWireBody(writer: ByteWriter, message: GroupWireMessage): void {
  switch (message.kind) {
    case 'group-invite':
      return writeGroupInvite(writer, message);
    case 'group-invite-accept':
      return writeGroupInviteAccept(writer, message);
    case 'group-invite-decline':
      return writeGroupInviteDecline(writer, message);
    case 'group-sync-summary':
      return writeGroupSyncSummary(writer, message);
    case 'group-sync-request':
      return writeGroupSyncRequest(writer, message);
    case 'group-items':
      return writeGroupItems(writer, message);
  }
}

/**
 * `u8 kind ‖ body`. Throws `InvalidArgumentError` for a value the decoder would refuse.
 * @example encodeGroupWire({ kind: 'group-invite-decline', groupId, inviteId })
 */
export function encodeGroupWire(message: GroupWireMessage): Uint8Array {
  const kindNumber = (GROUP_WIRE_KINDS as Record<string, number | undefined>)[message?.kind];
  if (kindNumber === undefined)
    throw invalidArgument('message.kind', `one of ${Object.keys(GROUP_WIRE_KINDS).join(', ')}`);
  const writer = new ByteWriter().writeU8(kindNumber);
  writeGroupWireBody(writer, message);
  return writer.finish();
}

/** Decodes `u8 kind ‖ body`; throws only `DecodeError`s. */
export function decodeGroupWire(bytes: Uint8Array): GroupWireMessage {
  return ByteReader.decode(
    bytes,
    (reader) => {
      const number = reader.readU8('group message kind');
      const kind = groupWireKindName(number);
      if (kind === undefined) throw unknownGroupWireKind(number);
      return readGroupWireBody(kind, reader);
    },
    'group message',
  );
}
