// Regenerates test/vectors/groups.json from fixed inputs:
//   npx tsx test/unit/groups/generate-vectors.ts
// Run it only when the group wire format changes on purpose (and bump the format versions
// then). codecs.test.ts checks that the code still produces and accepts these bytes, and
// re-checks signatures, ids and the message ciphertext with @noble directly.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openEpochKey } from '../../../src/groups/epoch-key-seal.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { messageKeyOf } from '../../../src/groups/group-message.js';
import {
  encodeGroupMessage,
  encodeGroupOp,
  encodeGroupWire,
  type GroupWireMessage,
} from '../../../src/protocol/groups/index.js';
import { buildSyncSummary } from '../../../src/groups/sync.js';
import { fromHexId } from '../../../src/groups/ids.js';
import { hex, member, seededRandom } from './helpers.js';

const T0 = 1_700_000_000_000;
const ada = member(101);
const bob = member(102);
const cat = member(103);

const creator = GroupReplica.create(
  { identity: ada, random: seededRandom('vectors/ada') },
  { name: 'climbers', displayName: 'ada', now: T0 },
);
const addBob = creator.addMember(bob.onionAddress, 'bob', T0 + 1).ops[0]!;
const addCat = creator.addMember(cat.onionAddress, 'cat', T0 + 2).ops[0]!;
const promote = creator.addAdmin(bob.onionAddress, T0 + 3).ops[0]!;
const bobReplica = GroupReplica.restore(
  { identity: bob, random: seededRandom('vectors/bob') },
  creator.groupId,
  creator.log.ordered().map((op) => op.wire),
);
const bobPost = bobReplica.post('hello, group', T0 + 4).message;
creator.receiveMessage(bobPost.wire);
const rename = creator.rename('crags', T0 + 5).ops[0]!;
const removeCat = creator.removeMember(cat.onionAddress, T0 + 6).ops[0]!;
bobReplica.receiveOp(rename.wire);
bobReplica.receiveOp(removeCat.wire);
const bobLeave = bobReplica.leave(T0 + 7).ops[0]!;
creator.receiveOp(bobLeave.wire);
const rotate = creator.rotate(T0 + 8).ops[0]!;
const create = creator.log.get(creator.groupId)!;

const identities = Object.fromEntries(
  Object.entries({ ada, bob, cat }).map(([name, identity]) => [
    name,
    { seed: hex(identity.seed), onion: identity.onionAddress },
  ]),
);
const ops = Object.entries({ create, addBob, addCat, promote, rename, removeCat, bobLeave, rotate }).map(
  ([name, op]) => {
    const opener = name === 'bobLeave' || name === 'promote' || name === 'rename' ? undefined : ada;
    const epochKey =
      opener === undefined || !('grant' in op.payload) ? undefined : openEpochKey(op.payload.grant, opener);
    return {
      name,
      kind: op.kind,
      hex: hex(encodeGroupOp(op.wire)),
      id: op.id,
      signedBytesLength: op.wire.signedBytes.length,
      ...(epochKey === undefined ? {} : { adaEpochKey: hex(epochKey) }),
    };
  },
);
const epochKey = openEpochKey((addCat.payload as { grant: Parameters<typeof openEpochKey>[0] }).grant, bob)!;
const messages = [
  {
    name: 'bobPost',
    hex: hex(encodeGroupMessage(bobPost.wire)),
    id: bobPost.id,
    epoch: bobPost.epoch,
    epochKey: hex(epochKey),
    messageKey: hex(messageKeyOf(epochKey, bobPost.epoch)),
    text: bobPost.content.text,
  },
];

const groupId = fromHexId(creator.groupId);
const inviteId = Uint8Array.from({ length: 16 }, (_, i) => i);
const wire: { name: string; message: GroupWireMessage }[] = [
  { name: 'invite', message: { kind: 'group-invite', groupId, inviteId, groupName: 'crags', memberCount: 1 } },
  { name: 'accept', message: { kind: 'group-invite-accept', groupId, inviteId, displayName: 'dee' } },
  { name: 'decline', message: { kind: 'group-invite-decline', groupId, inviteId } },
  { name: 'summary', message: { kind: 'group-sync-summary', ...buildSyncSummary(creator) } },
  {
    name: 'request',
    message: {
      kind: 'group-sync-request',
      groupId,
      opIds: [addBob.idBytes, addCat.idBytes].sort((a, b) => Buffer.compare(a, b)),
    },
  },
  {
    name: 'items',
    message: {
      kind: 'group-items',
      groupId,
      more: true,
      items: [
        { type: 'op', op: rename.wire },
        { type: 'message', message: bobPost.wire },
      ],
    },
  },
];
const wireVectors = wire.map(({ name, message }) => ({ name, kind: message.kind, hex: hex(encodeGroupWire(message)) }));

// Malformed inputs, each made from a valid encoding by the byte surgery its note describes.
const opHex = (name: string): string => ops.find((op) => op.name === name)!.hex;
const wireHex = (name: string): string => wireVectors.find((vector) => vector.name === name)!.hex;
const setByte = (text: string, offset: number, byte: number): string =>
  text.slice(0, offset * 2) + byte.toString(16).padStart(2, '0') + text.slice(offset * 2 + 2);
const messageHex = messages[0]!.hex;
const decodeErrors = [
  { codec: 'op', note: 'op format 1', hex: setByte(opHex('create'), 0, 1), error: 'UnsupportedGroupFormatError' },
  { codec: 'op', note: 'op kind 9', hex: setByte(opHex('create'), 1, 9), error: 'MalformedInputError' },
  {
    codec: 'op',
    note: 'create op with a parent count of 1',
    hex: setByte(opHex('create'), 2, 1),
    error: 'MalformedInputError',
  },
  {
    codec: 'op',
    note: 'add op with a parent count of 0',
    hex: setByte(opHex('addBob'), 34, 0),
    error: 'MalformedInputError',
  },
  {
    codec: 'op',
    note: 'add op with a parent count of 17',
    hex: setByte(opHex('addBob'), 34, 17),
    error: 'MalformedInputError',
  },
  {
    codec: 'op',
    note: 'add op naming its one parent twice (count 2, not strictly increasing)',
    hex:
      setByte(opHex('addBob'), 34, 2).slice(0, 67 * 2) +
      opHex('addBob').slice(35 * 2, 67 * 2) +
      opHex('addBob').slice(67 * 2),
    error: 'MalformedInputError',
  },
  {
    codec: 'op',
    note: 'rename op with an empty name',
    hex: opHex('rename').slice(0, -(64 + 1 + 5) * 2) + '00' + opHex('rename').slice(-64 * 2),
    error: 'MalformedInputError',
  },
  {
    codec: 'op',
    note: 'rename op whose name has a newline',
    hex: opHex('rename').slice(0, -(64 + 5) * 2) + '63720a6773' + opHex('rename').slice(-64 * 2),
    error: 'MalformedInputError',
  },
  { codec: 'op', note: 'op one byte short', hex: opHex('rotate').slice(0, -2), error: 'IncompleteInputError' },
  { codec: 'op', note: 'op with a trailing byte', hex: opHex('rotate') + '00', error: 'TrailingBytesError' },
  { codec: 'message', note: 'message format 1', hex: setByte(messageHex, 0, 1), error: 'UnsupportedGroupFormatError' },
  {
    codec: 'message',
    note: 'message seq 1 with a prev that is not all zeros',
    hex: setByte(messageHex, 101, 1),
    error: 'MalformedInputError',
  },
  {
    codec: 'message',
    note: 'message seq 0',
    hex: messageHex.slice(0, 97 * 2) + '00000000' + messageHex.slice(101 * 2),
    error: 'MalformedInputError',
  },
  {
    codec: 'message',
    note: 'message ciphertext of 19 bytes (under the minimum)',
    hex: messageHex.slice(0, 173 * 2) + '0013' + '00'.repeat(19) + '00'.repeat(64),
    error: 'MalformedInputError',
  },
  {
    codec: 'message',
    note: 'message with lamport ≥ 2^53',
    hex: messageHex.slice(0, 133 * 2) + '0020000000000000' + messageHex.slice(141 * 2),
    error: 'MalformedInputError',
  },
  { codec: 'wire', note: 'kind 0x36', hex: setByte(wireHex('decline'), 0, 0x36), error: 'UnknownGroupWireKindError' },
  {
    codec: 'wire',
    note: 'invite with member count 0',
    hex: wireHex('invite').slice(0, -4) + '0000',
    error: 'MalformedInputError',
  },
  {
    codec: 'wire',
    note: 'summary with no head',
    hex: wireHex('summary').slice(0, 33 * 2) + '00',
    error: 'MalformedInputError',
  },
  {
    codec: 'wire',
    note: 'request with the same op id twice',
    hex: '34' + hex(groupId) + '02' + hex(addBob.idBytes) + hex(addBob.idBytes),
    error: 'MalformedInputError',
  },
  { codec: 'wire', note: 'items with more = 2', hex: setByte(wireHex('items'), 33, 2), error: 'MalformedInputError' },
  {
    codec: 'wire',
    note: 'items with no item',
    hex: wireHex('items').slice(0, 34 * 2) + '00',
    error: 'MalformedInputError',
  },
  {
    codec: 'wire',
    note: 'items with an item of type 3',
    hex: setByte(wireHex('items'), 35, 3),
    error: 'MalformedInputError',
  },
];

const vectors = {
  description:
    'Burrow group wire format (op format 2, message format 2): one group history made by GroupReplica from fixed identities (seed = sha256("member " + n)) and a seeded random source (sha256 in counter mode), fixed timestamps; the kind-framed session messages (u8 kind ‖ body); malformed inputs with the error each decoder must throw. Generated by test/unit/groups/generate-vectors.ts.',
  timestamps: { t0: T0 },
  groupId: creator.groupId,
  identities,
  ops,
  messages,
  wire: wireVectors,
  decodeErrors,
};
writeFileSync(
  fileURLToPath(new URL('../../vectors/groups.json', import.meta.url)),
  JSON.stringify(vectors, null, 2) + '\n',
);
console.log(
  `wrote ${ops.length} ops, ${messages.length} message, ${wireVectors.length} wire messages, ${decodeErrors.length} decode errors`,
);
