// The values behind test/vectors/files-messages.json: one of each file message form, with
// fixed bytes so the encoding is reproducible. generate-vectors.ts writes the JSON from these;
// file-messages.test.ts checks that encoding them still gives the stored bytes and decoding the
// stored bytes gives them back.
import { Bitfield } from '../../../src/protocol/files/bitfield.js';
import type { FileMessage } from '../../../src/protocol/files/index.js';

export const counting = (start: number, length: number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);

export const FILE_ID = counting(0xa0, 32);
const GROUP_ID = counting(0x10, 32);
const HASH_0 = counting(0x00, 32);
const HASH_1 = counting(0x40, 32);

const bits = new Bitfield(10);
bits.set(0);
bits.set(9);

/** Named messages; the JSON stores each one's body bytes in hex. */
export const MESSAGE_VECTORS: Record<string, FileMessage> = {
  'file-offer direct, empty file': {
    kind: 'file-offer',
    scope: { kind: 'direct' },
    fileId: FILE_ID,
    header: { name: 'a', size: 0, chunkSize: 261_120 },
    firstHashes: new Uint8Array(0),
  },
  'file-offer to a group, two chunks': {
    kind: 'file-offer',
    scope: { kind: 'group', groupId: GROUP_ID },
    fileId: FILE_ID,
    header: { name: 'café.txt', size: 261_121, chunkSize: 261_120 },
    firstHashes: new Uint8Array([...HASH_0, ...HASH_1]),
  },
  'file-accept': { kind: 'file-accept', fileId: FILE_ID },
  'file-decline': { kind: 'file-decline', fileId: FILE_ID },
  'file-cancel download': { kind: 'file-cancel', fileId: FILE_ID, scope: { kind: 'download' } },
  'file-cancel offer': { kind: 'file-cancel', fileId: FILE_ID, scope: { kind: 'offer' } },
  'file-cancel requests': {
    kind: 'file-cancel',
    fileId: FILE_ID,
    scope: { kind: 'requests', requestIds: [1, 0xffff_ffff] },
  },
  'hash-request': { kind: 'hash-request', fileId: FILE_ID, piece: 1 },
  'hash-piece': { kind: 'hash-piece', fileId: FILE_ID, piece: 1, hashes: HASH_1 },
  'chunk-request': {
    kind: 'chunk-request',
    fileId: FILE_ID,
    entries: [
      { index: 5, requestId: 1 },
      { index: 2, requestId: 2 },
    ],
  },
  'chunk-data': { kind: 'chunk-data', fileId: FILE_ID, requestId: 7, index: 3, block: 1, data: counting(0, 5) },
  'have none': { kind: 'have', fileId: FILE_ID, have: { form: 'none' } },
  'have all': { kind: 'have', fileId: FILE_ID, have: { form: 'all' } },
  'have bitfield': { kind: 'have', fileId: FILE_ID, have: { form: 'bitfield', bitfield: bits } },
  'have indices': { kind: 'have', fileId: FILE_ID, have: { form: 'indices', indices: [0, 65_535] } },
};

/** The file bytes of the manifest vector: 261 121 bytes (one full default chunk and one byte), counting mod 251. */
export function manifestVectorFile(): Uint8Array {
  return Uint8Array.from({ length: 261_121 }, (_, i) => i % 251);
}
