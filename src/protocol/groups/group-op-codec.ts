/**
 * Membership operations: the signed entries of a group's membership log (docs/ARCHITECTURE.md
 * "Services/Groups"; the rules that give them meaning are in src/groups/resolve.ts).
 *
 *   op        = u8 format (2) ‖ u8 kind ‖ [32-byte group id, absent for `create`]
 *             ‖ u8 parent count ‖ parents (32-byte op ids, strictly increasing; 0 for `create`,
 *               1–16 otherwise) ‖ 32-byte author key ‖ u64 timestamp (author's clock, unix ms)
 *             ‖ payload ‖ 64-byte ed25519 signature over everything before it (with a domain
 *               prefix, src/groups/domains.ts)
 *   payload   = create:    16-byte nonce ‖ name ‖ creator's announced name ‖ grant
 *               add:       32-byte member ‖ member's announced name ‖ grant
 *               remove:    32-byte member ‖ cutoffs ‖ grant
 *               leave:     cutoffs
 *               rotate:    grant
 *               add-admin: 32-byte member
 *               rename:    name
 *   name      = u8 length ‖ UTF-8 (≤ 64 bytes, no control characters; a group name is non-empty)
 *   grant     = 32-byte ephemeral x25519 key ‖ 32-byte key commitment ‖ u16 count (1–256)
 *             ‖ count × (32-byte recipient key ‖ 48-byte sealed epoch key), recipients strictly increasing
 *   cutoffs   = u8 count (0–32) ‖ count × (32-byte epoch id ‖ u32 seq ≥ 1 ‖ 32-byte message id),
 *               epoch ids strictly increasing: the departing member's last message of each epoch
 *               that counts (its id, hence through the messages' `prev` chain every earlier one)
 *
 * The group id is the op id of the group's `create` op, so `create` cannot name it. Every list is
 * sorted, so a decoded op re-encodes to the same bytes: the signature and the op id cover one
 * canonical encoding.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter, malformedInput } from '../bytes.js';
import { unsupportedGroupFormat } from './errors.js';
import {
  checkArray,
  checkRange,
  readFixed,
  readGroupName,
  readMemberName,
  readSortedEntries,
  writeFixed,
  writeGroupName,
  writeMemberName,
  writeSortedEntries,
} from './fields.js';
import {
  GROUP_CREATE_NONCE_BYTES,
  GROUP_EPHEMERAL_KEY_BYTES,
  GROUP_EPOCH_KEY_BYTES,
  GROUP_HASH_BYTES,
  GROUP_SEALED_KEY_BYTES,
  GROUP_SIGNATURE_BYTES,
  MAX_GROUP_CUTOFFS,
  MAX_GROUP_MEMBERS,
  MAX_GROUP_OP_BYTES,
  MAX_GROUP_OP_PARENTS,
  MAX_GROUP_SEQ,
  MEMBER_KEY_BYTES,
} from './limits.js';

/** The op format this Burrow writes and the only one it reads. */
export const GROUP_OP_FORMAT = 2;

/** Kind bytes of membership operations. A number keeps its meaning forever. */
export const GROUP_OP_KINDS = Object.freeze({
  create: 1,
  add: 2,
  remove: 3,
  leave: 4,
  rotate: 5,
  'add-admin': 6,
  rename: 7,
} as const);

/** The name of an op kind. */
export type GroupOpKind = keyof typeof GROUP_OP_KINDS;

const KIND_BY_NUMBER: ReadonlyMap<number, GroupOpKind> = new Map(
  (Object.entries(GROUP_OP_KINDS) as [GroupOpKind, number][]).map(([name, n]) => [n, name]),
);

/** One member's copy of a new epoch key. */
export interface SealedKeyEntry {
  /** The member's identity key. */
  readonly recipient: Uint8Array;
  /** The epoch key sealed to that member (src/groups/epoch-key-seal.ts). */
  readonly sealedKey: Uint8Array;
}

/** A new epoch key, sealed to each member of the group after the op. */
export interface EpochGrant {
  /** The one-time x25519 key the copies were sealed with. */
  readonly ephemeralKey: Uint8Array;
  /** SHA-256 commitment to the key, so every recipient can check they got the same one. */
  readonly commitment: Uint8Array;
  /** One entry per recipient, sorted by recipient key. */
  readonly entries: readonly SealedKeyEntry[];
}

/**
 * "This member's messages of this epoch that count are the one with this id, at this seq, and
 * the ones its `prev` chain leads back to; no other."
 */
export interface DepartureCutoff {
  /** The epoch's id (the op id of the op that granted it). */
  readonly epoch: Uint8Array;
  readonly seq: number;
  /** The id of the member's message `seq` of that epoch. */
  readonly last: Uint8Array;
}

/** What an op does, by kind. */
export type GroupOpPayload =
  | {
      readonly kind: 'create';
      readonly nonce: Uint8Array;
      readonly name: string;
      readonly creatorName: string;
      readonly grant: EpochGrant;
    }
  | { readonly kind: 'add'; readonly member: Uint8Array; readonly memberName: string; readonly grant: EpochGrant }
  | {
      readonly kind: 'remove';
      readonly member: Uint8Array;
      readonly cutoffs: readonly DepartureCutoff[];
      readonly grant: EpochGrant;
    }
  | { readonly kind: 'leave'; readonly cutoffs: readonly DepartureCutoff[] }
  | { readonly kind: 'rotate'; readonly grant: EpochGrant }
  | { readonly kind: 'add-admin'; readonly member: Uint8Array }
  | { readonly kind: 'rename'; readonly name: string };

/** Everything an op's signature covers. */
export interface GroupOpBody {
  /** The group's id; undefined exactly for a `create` op (whose own id is the group id). */
  readonly groupId: Uint8Array | undefined;
  /** Op ids this op follows (the author's heads), strictly increasing; empty exactly for `create`. */
  readonly parents: readonly Uint8Array[];
  /** The author's ed25519 identity key. */
  readonly author: Uint8Array;
  /** The author's clock, unix ms (untrusted: for display only). */
  readonly timestamp: number;
  readonly payload: GroupOpPayload;
}

/**
 * An op as decoded from a peer: nothing in it is checked beyond its shape. Only
 * src/groups/group-op.ts `verifyGroupOp` turns it into something the group state accepts.
 */
export interface UnverifiedGroupOp {
  readonly body: GroupOpBody;
  /** The encoding of `body`: what the signature and the op id cover. */
  readonly signedBytes: Uint8Array;
  readonly signature: Uint8Array;
}

function readGrant(reader: ByteReader): EpochGrant {
  const ephemeralKey = readFixed(reader, GROUP_EPHEMERAL_KEY_BYTES, 'grant ephemeral key');
  const commitment = readFixed(reader, GROUP_EPOCH_KEY_BYTES, 'grant commitment');
  const count = reader.readU16('grant count');
  if (count === 0 || count > MAX_GROUP_MEMBERS)
    throw malformedInput('grant count', `is ${count}, not 1 to ${MAX_GROUP_MEMBERS}`);
  const entries = readSortedEntries(
    reader,
    count,
    (r) => ({
      recipient: readFixed(r, MEMBER_KEY_BYTES, 'grant recipient'),
      sealedKey: readFixed(r, GROUP_SEALED_KEY_BYTES, 'grant sealed key'),
    }),
    (entry) => entry.recipient,
    'grant recipients',
  );
  return { ephemeralKey, commitment, entries };
}

function writeGrant(writer: ByteWriter, grant: EpochGrant): void {
  writeFixed(writer, grant.ephemeralKey, GROUP_EPHEMERAL_KEY_BYTES, 'grant ephemeral key');
  writeFixed(writer, grant.commitment, GROUP_EPOCH_KEY_BYTES, 'grant commitment');
  checkArray(grant.entries, 1, MAX_GROUP_MEMBERS, 'grant entries');
  writer.writeU16(grant.entries.length);
  writeSortedEntries(
    writer,
    grant.entries,
    (w, entry) => {
      writeFixed(w, entry?.recipient, MEMBER_KEY_BYTES, 'grant recipient');
      writeFixed(w, entry.sealedKey, GROUP_SEALED_KEY_BYTES, 'grant sealed key');
    },
    (entry) => entry.recipient,
    'grant recipients',
  );
}

function readCutoffs(reader: ByteReader): DepartureCutoff[] {
  const count = reader.readU8('cutoff count');
  if (count > MAX_GROUP_CUTOFFS)
    throw malformedInput('cutoff count', `is ${count}, over the limit of ${MAX_GROUP_CUTOFFS}`);
  return readSortedEntries(
    reader,
    count,
    (r) => {
      const epoch = readFixed(r, GROUP_HASH_BYTES, 'cutoff epoch');
      const seq = r.readU32('cutoff seq');
      if (seq === 0) throw malformedInput('cutoff seq', 'is 0 (an epoch without messages is left out)');
      const last = readFixed(r, GROUP_HASH_BYTES, 'cutoff message');
      return { epoch, seq, last };
    },
    (cutoff) => cutoff.epoch,
    'cutoffs',
  );
}

function writeCutoffs(writer: ByteWriter, cutoffs: readonly DepartureCutoff[]): void {
  checkArray(cutoffs, 0, MAX_GROUP_CUTOFFS, 'cutoffs');
  writer.writeU8(cutoffs.length);
  writeSortedEntries(
    writer,
    cutoffs,
    (w, cutoff) => {
      writeFixed(w, cutoff?.epoch, GROUP_HASH_BYTES, 'cutoff epoch');
      checkRange(cutoff.seq, 1, MAX_GROUP_SEQ, 'cutoff seq');
      w.writeU32(cutoff.seq);
      writeFixed(w, cutoff.last, GROUP_HASH_BYTES, 'cutoff message');
    },
    (cutoff) => cutoff.epoch,
    'cutoffs',
  );
}

function readPayload(reader: ByteReader, kind: GroupOpKind): GroupOpPayload {
  switch (kind) {
    case 'create':
      return {
        kind,
        nonce: readFixed(reader, GROUP_CREATE_NONCE_BYTES, 'create nonce'),
        name: readGroupName(reader, 'group name'),
        creatorName: readMemberName(reader, 'creator name'),
        grant: readGrant(reader),
      };
    case 'add':
      return {
        kind,
        member: readFixed(reader, MEMBER_KEY_BYTES, 'added member'),
        memberName: readMemberName(reader, 'member name'),
        grant: readGrant(reader),
      };
    case 'remove':
      return {
        kind,
        member: readFixed(reader, MEMBER_KEY_BYTES, 'removed member'),
        cutoffs: readCutoffs(reader),
        grant: readGrant(reader),
      };
    case 'leave':
      return { kind, cutoffs: readCutoffs(reader) };
    case 'rotate':
      return { kind, grant: readGrant(reader) };
    case 'add-admin':
      return { kind, member: readFixed(reader, MEMBER_KEY_BYTES, 'new admin') };
    case 'rename':
      return { kind, name: readGroupName(reader, 'group name') };
  }
}

function writePayload(writer: ByteWriter, payload: GroupOpPayload): void {
  switch (payload.kind) {
    case 'create':
      writeFixed(writer, payload.nonce, GROUP_CREATE_NONCE_BYTES, 'create nonce');
      writeGroupName(writer, payload.name, 'group name');
      writeMemberName(writer, payload.creatorName, 'creator name');
      writeGrant(writer, payload.grant);
      return;
    case 'add':
      writeFixed(writer, payload.member, MEMBER_KEY_BYTES, 'added member');
      writeMemberName(writer, payload.memberName, 'member name');
      writeGrant(writer, payload.grant);
      return;
    case 'remove':
      writeFixed(writer, payload.member, MEMBER_KEY_BYTES, 'removed member');
      writeCutoffs(writer, payload.cutoffs);
      writeGrant(writer, payload.grant);
      return;
    case 'leave':
      writeCutoffs(writer, payload.cutoffs);
      return;
    case 'rotate':
      writeGrant(writer, payload.grant);
      return;
    case 'add-admin':
      writeFixed(writer, payload.member, MEMBER_KEY_BYTES, 'new admin');
      return;
    case 'rename':
      writeGroupName(writer, payload.name, 'group name');
      return;
  }
}

function readBody(reader: ByteReader): GroupOpBody {
  const format = reader.readU8('group op format');
  if (format !== GROUP_OP_FORMAT) throw unsupportedGroupFormat('group operation', format);
  const kindNumber = reader.readU8('group op kind');
  const kind = KIND_BY_NUMBER.get(kindNumber);
  if (kind === undefined) throw malformedInput('group op kind', `is ${kindNumber}, which no Burrow defines`);
  const groupId = kind === 'create' ? undefined : readFixed(reader, GROUP_HASH_BYTES, 'group id');
  const parentCount = reader.readU8('parent count');
  if (kind === 'create' && parentCount !== 0) throw malformedInput('parent count', 'is not 0 for a create op');
  if (kind !== 'create' && (parentCount === 0 || parentCount > MAX_GROUP_OP_PARENTS)) {
    throw malformedInput('parent count', `is ${parentCount}, not 1 to ${MAX_GROUP_OP_PARENTS}`);
  }
  const parents = readSortedEntries(
    reader,
    parentCount,
    (r) => readFixed(r, GROUP_HASH_BYTES, 'parent'),
    (parent) => parent,
    'parents',
  );
  const author = readFixed(reader, MEMBER_KEY_BYTES, 'author');
  const timestamp = reader.readU64Number('timestamp');
  return { groupId, parents, author, timestamp, payload: readPayload(reader, kind) };
}

/**
 * The bytes an op's signature and id cover. Throws `InvalidArgumentError` for a body the
 * decoder would refuse.
 */
export function encodeGroupOpBody(body: GroupOpBody): Uint8Array {
  const kindNumber = (GROUP_OP_KINDS as Record<string, number | undefined>)[body?.payload?.kind];
  if (
    kindNumber === undefined ||
    typeof body.payload.kind !== 'string' ||
    !Object.hasOwn(GROUP_OP_KINDS, body.payload.kind)
  ) {
    throw invalidArgument('op kind', `one of ${Object.keys(GROUP_OP_KINDS).join(', ')}`);
  }
  const isCreate = body.payload.kind === 'create';
  const writer = new ByteWriter().writeU8(GROUP_OP_FORMAT).writeU8(kindNumber);
  if (isCreate) {
    if (body.groupId !== undefined) throw invalidArgument('groupId', 'undefined for a create op');
  } else {
    if (body.groupId === undefined) throw invalidArgument('groupId', 'set for every op but create');
    writeFixed(writer, body.groupId, GROUP_HASH_BYTES, 'group id');
  }
  checkArray(body.parents, isCreate ? 0 : 1, isCreate ? 0 : MAX_GROUP_OP_PARENTS, 'parents');
  writer.writeU8(body.parents.length);
  writeSortedEntries(
    writer,
    body.parents,
    (w, parent) => writeFixed(w, parent, GROUP_HASH_BYTES, 'parent'),
    (parent) => parent,
    'parents',
  );
  writeFixed(writer, body.author, MEMBER_KEY_BYTES, 'author');
  writer.writeU64(body.timestamp);
  writePayload(writer, body.payload);
  const bytes = writer.finish();
  if (bytes.length + GROUP_SIGNATURE_BYTES > MAX_GROUP_OP_BYTES)
    throw invalidArgument('op', `at most ${MAX_GROUP_OP_BYTES} bytes when encoded`);
  return bytes;
}

/** An op's wire form: its signed bytes followed by the signature. */
export function encodeGroupOp(op: UnverifiedGroupOp): Uint8Array {
  if (!(op?.signature instanceof Uint8Array) || op.signature.length !== GROUP_SIGNATURE_BYTES)
    throw invalidArgument('signature', `a ${GROUP_SIGNATURE_BYTES}-byte Uint8Array`);
  return new ByteWriter().writeBytes(op.signedBytes).writeBytes(op.signature).finish();
}

/**
 * Decodes an op from a peer; throws only `DecodeError`s. Nothing is checked beyond the shape:
 * the result is an {@link UnverifiedGroupOp}.
 */
export function decodeGroupOp(bytes: Uint8Array): UnverifiedGroupOp {
  if (bytes.length > MAX_GROUP_OP_BYTES)
    throw malformedInput('group op', `is ${bytes.length} bytes long, over the limit of ${MAX_GROUP_OP_BYTES}`);
  return ByteReader.decode(
    bytes,
    (reader) => {
      const body = readBody(reader);
      // The encoding is canonical (sorted lists, fixed widths), so these bytes are exactly what
      // the signer produced with encodeGroupOpBody.
      const signedBytes = bytes.slice(0, reader.offset);
      const signature = readFixed(reader, GROUP_SIGNATURE_BYTES, 'op signature');
      return { body, signedBytes, signature };
    },
    'group op',
  );
}
