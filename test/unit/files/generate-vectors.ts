// Regenerates test/vectors/files-messages.json from vector-values.ts:
//   npx tsx test/unit/files/generate-vectors.ts
// Run it only when the file wire format changes on purpose. The manifest vector's hashes were
// cross-checked with Python's hashlib (see the JSON's description).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManifest } from '../../../src/files/disk/manifest-builder.js';
import { encodeFileMessageBody, encodeManifestRecord, FILE_MESSAGE_KINDS } from '../../../src/protocol/files/index.js';
import { manifestVectorFile, MESSAGE_VECTORS } from './vector-values.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const id = hex(MESSAGE_VECTORS['file-accept']!.fileId);

const dir = mkdtempSync(join(tmpdir(), 'burrow-vectors-'));
try {
  const path = join(dir, 'vector.bin');
  writeFileSync(path, manifestVectorFile());
  const manifest = await buildManifest(path, { name: 'vector.bin' });
  const vectors = {
    description:
      'File sharing wire vectors (src/protocol/files). messages: body bytes (without the message envelope) of each named value in test/unit/files/vector-values.ts. manifest: the manifest of a 261 121-byte file (byte i = i mod 251) named vector.bin with the default 261 120-byte chunks; chunk hashes and root were cross-checked with Python hashlib: root = sha256(b"burrow file manifest v1" + header + hash0 + hash1).',
    kinds: FILE_MESSAGE_KINDS,
    messages: Object.fromEntries(
      Object.entries(MESSAGE_VECTORS).map(([name, message]) => [
        name,
        { kind: message.kind, hex: hex(encodeFileMessageBody(message)) },
      ]),
    ),
    manifest: {
      name: 'vector.bin',
      size: manifest.header.size,
      chunkSize: manifest.header.chunkSize,
      chunkHashes: [hex(manifest.chunkHash(0)), hex(manifest.chunkHash(1))],
      rootHash: hex(manifest.rootHash),
      record: hex(encodeManifestRecord(manifest)),
    },
    decodeErrors: [
      { note: 'offer scope 2', kind: 'file-offer', hex: '02' + id, error: 'MalformedInputError' },
      {
        note: 'offer name with a slash',
        kind: 'file-offer',
        hex: '00' + id + '03612f62' + '0000000000000000' + '0003fc00',
        error: 'MalformedInputError',
      },
      {
        note: 'offer name ..',
        kind: 'file-offer',
        hex: '00' + id + '022e2e' + '0000000000000000' + '0003fc00',
        error: 'MalformedInputError',
      },
      {
        note: 'offer name with a newline',
        kind: 'file-offer',
        hex: '00' + id + '02610a' + '0000000000000000' + '0003fc00',
        error: 'MalformedInputError',
      },
      {
        note: 'offer empty name',
        kind: 'file-offer',
        hex: '00' + id + '00' + '0000000000000000' + '0003fc00',
        error: 'MalformedInputError',
      },
      {
        note: 'offer chunk size not a multiple of the block',
        kind: 'file-offer',
        hex: '00' + id + '0161' + '0000000000000000' + '00040000',
        error: 'MalformedInputError',
      },
      {
        note: 'offer chunk size 0',
        kind: 'file-offer',
        hex: '00' + id + '0161' + '0000000000000000' + '00000000',
        error: 'MalformedInputError',
      },
      {
        note: 'offer size 2^53',
        kind: 'file-offer',
        hex: '00' + id + '0161' + '0020000000000000' + '0003fc00',
        error: 'MalformedInputError',
      },
      {
        note: 'offer size over the limit',
        kind: 'file-offer',
        hex: '00' + id + '0161' + '0000001000000001' + '000ff000',
        error: 'MalformedInputError',
      },
      {
        note: 'offer 65 537 one-block chunks',
        kind: 'file-offer',
        hex: '00' + id + '0161' + '00000000ff000001' + '0000ff00',
        error: 'MalformedInputError',
      },
      {
        note: 'offer one hash short',
        kind: 'file-offer',
        hex: '00' + id + '0161' + '0000000000000001' + '0003fc00',
        error: 'IncompleteInputError',
      },
      {
        note: 'offer with a trailing byte',
        kind: 'file-offer',
        hex: '00' + id + '0161' + '0000000000000000' + '0003fc00' + '00',
        error: 'TrailingBytesError',
      },
      { note: 'cancel scope 3', kind: 'file-cancel', hex: id + '03', error: 'MalformedInputError' },
      {
        note: 'cancel with an empty id list',
        kind: 'file-cancel',
        hex: id + '02' + '0000',
        error: 'MalformedInputError',
      },
      {
        note: 'cancel naming a request twice',
        kind: 'file-cancel',
        hex: id + '02' + '0002' + '00000001' + '00000001',
        error: 'MalformedInputError',
      },
      { note: 'hash-request piece 35', kind: 'hash-request', hex: id + '0023', error: 'MalformedInputError' },
      {
        note: 'hash-piece of 1921 hashes',
        kind: 'hash-piece',
        hex: id + '0001' + '0781',
        error: 'MalformedInputError',
      },
      { note: 'chunk-request with 65 entries', kind: 'chunk-request', hex: id + '0041', error: 'MalformedInputError' },
      {
        note: 'chunk-request asking twice for a chunk',
        kind: 'chunk-request',
        hex: id + '0002' + '00000001' + '00000001' + '00000001' + '00000002',
        error: 'MalformedInputError',
      },
      {
        note: 'chunk-request index 65 536',
        kind: 'chunk-request',
        hex: id + '0001' + '00010000' + '00000001',
        error: 'MalformedInputError',
      },
      {
        note: 'chunk-data without data',
        kind: 'chunk-data',
        hex: id + '00000001' + '00000000' + '00',
        error: 'MalformedInputError',
      },
      {
        note: 'chunk-data block 16',
        kind: 'chunk-data',
        hex: id + '00000001' + '00000000' + '10' + '00',
        error: 'MalformedInputError',
      },
      { note: 'have form 4', kind: 'have', hex: id + '04', error: 'MalformedInputError' },
      {
        note: 'have bitfield with a spare bit set',
        kind: 'have',
        hex: id + '02' + '0000000a' + '8060',
        error: 'MalformedInputError',
      },
      { note: 'have bitfield of 0 bits', kind: 'have', hex: id + '02' + '00000000', error: 'MalformedInputError' },
      {
        note: 'have indices not increasing',
        kind: 'have',
        hex: id + '03' + '0002' + '00000002' + '00000002',
        error: 'MalformedInputError',
      },
      { note: 'accept one byte short', kind: 'file-accept', hex: id.slice(2), error: 'IncompleteInputError' },
    ],
  };
  writeFileSync(new URL('../../vectors/files-messages.json', import.meta.url), JSON.stringify(vectors, null, 2) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
