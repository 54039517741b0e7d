import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/protocol/bytes.js';
import {
  BLOCK_BYTES,
  Bitfield,
  decodeFileMessageBody,
  decodeManifestRecord,
  encodeFileMessageBody,
  encodeManifestRecord,
  FILE_MESSAGE_KINDS,
  fileMessageKind,
  GROUP_ID_BYTES,
  HASHES_PER_PIECE,
  MAX_CHUNK_COUNT,
  MAX_CHUNK_SIZE,
  MAX_FILE_NAME_BYTES,
  MAX_FILE_SIZE,
  MAX_HAVE_INDICES,
  MAX_REQUEST_ENTRIES,
  type FileMessage,
  type FileMessageKind,
} from '../../../src/protocol/files/index.js';
import { MAX_FRAME_BODY } from '../../../src/protocol/frame/frame-limits.js';
import { MESSAGE_ID_BYTES } from '../../../src/protocol/envelope/limits.js';
import { FILE_ID, MESSAGE_VECTORS } from './vector-values.js';
import { errorNamed } from '../../shared/errors.js';

interface Vectors {
  kinds: Record<string, number>;
  messages: Record<string, { kind: FileMessageKind; hex: string }>;
  manifest: { name: string; size: number; chunkSize: number; chunkHashes: string[]; rootHash: string; record: string };
  decodeErrors: { note: string; kind: FileMessageKind; hex: string; error: string }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('../../vectors/files-messages.json', import.meta.url), 'utf8'),
) as Vectors;
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const id = toHex(FILE_ID);

function decodeErrorName(kind: FileMessageKind, bytes: Uint8Array): string | undefined {
  try {
    decodeFileMessageBody(kind, bytes);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return (error as Error).name;
  }
}

describe('file message byte vectors (test/vectors/files-messages.json)', () => {
  it('has a vector for every named value and every kind', () => {
    expect(Object.keys(vectors.messages).sort()).toEqual(Object.keys(MESSAGE_VECTORS).sort());
    expect(new Set(Object.values(vectors.messages).map((m) => m.kind))).toEqual(
      new Set(Object.keys(FILE_MESSAGE_KINDS)),
    );
    expect(vectors.kinds).toEqual(FILE_MESSAGE_KINDS);
  });

  for (const [name, message] of Object.entries(MESSAGE_VECTORS)) {
    it(`round-trips ${name}`, () => {
      const vector = vectors.messages[name]!;
      expect(toHex(encodeFileMessageBody(message))).toBe(vector.hex);
      expect(decodeFileMessageBody(vector.kind, fromHex(vector.hex))).toEqual(message);
    });
  }

  it('pins a few layouts by hand', () => {
    // chunk-request: id ‖ u16 2 ‖ (u32 5, u32 1) ‖ (u32 2, u32 2)
    expect(vectors.messages['chunk-request']!.hex).toBe(
      `${id}0002${'00000005'}${'00000001'}${'00000002'}${'00000002'}`,
    );
    // chunk-data: id ‖ u32 request 7 ‖ u32 index 3 ‖ u8 block 1 ‖ 5 data bytes
    expect(vectors.messages['chunk-data']!.hex).toBe(`${id}${'00000007'}${'00000003'}01${'0001020304'}`);
    // have bitfield of 10 bits {0, 9}: form 2 ‖ u32 10 ‖ 1000 0000 0100 0000
    expect(vectors.messages['have bitfield']!.hex).toBe(`${id}02${'0000000a'}8040`);
    // offer, direct, empty file named "a": scope 0 ‖ id ‖ u8 1 "a" ‖ u64 0 ‖ u32 261120 ‖ no hashes
    expect(vectors.messages['file-offer direct, empty file']!.hex).toBe(`00${id}0161${'0000000000000000'}0003fc00`);
  });

  for (const vector of vectors.decodeErrors) {
    it(`refuses ${vector.note}`, () => {
      expect(decodeErrorName(vector.kind, fromHex(vector.hex))).toBe(vector.error);
    });
  }

  it('refuses chunk data over one block before copying it', () => {
    // id ‖ request 1 ‖ index 0 ‖ block 0 ‖ BLOCK_BYTES + 1 bytes
    const bytes = fromHex(`${id}${'00000001'}${'00000000'}00` + '00'.repeat(BLOCK_BYTES + 1));
    expect(decodeErrorName('chunk-data', bytes)).toBe('MalformedInputError');
  });

  it('maps kind bytes both ways', () => {
    for (const [name, number] of Object.entries(FILE_MESSAGE_KINDS)) expect(fileMessageKind(number)).toBe(name);
    expect(fileMessageKind(0x49)).toBeUndefined();
    expect(fileMessageKind(0x10)).toBeUndefined();
  });
});

describe('manifest record', () => {
  it('decodes the stored manifest vector and re-encodes it', () => {
    const record = decodeManifestRecord(fromHex(vectors.manifest.record));
    expect(record.header).toEqual({
      name: vectors.manifest.name,
      size: vectors.manifest.size,
      chunkSize: vectors.manifest.chunkSize,
    });
    expect(toHex(record.rootHash)).toBe(vectors.manifest.rootHash);
    expect(toHex(record.chunkHashes)).toBe(vectors.manifest.chunkHashes.join(''));
    expect(toHex(encodeManifestRecord(record))).toBe(vectors.manifest.record);
  });

  it('refuses another version, a missing hash and trailing bytes', () => {
    const record = fromHex(vectors.manifest.record);
    const wrongVersion = Uint8Array.from(record);
    wrongVersion[0] = 2;
    expect(() => decodeManifestRecord(wrongVersion)).toThrow(DecodeError);
    expect(() => decodeManifestRecord(record.subarray(0, -1))).toThrow(DecodeError);
    expect(() => decodeManifestRecord(new Uint8Array([...record, 0]))).toThrow(DecodeError);
  });
});

describe('sizes fit one session frame', () => {
  const ENVELOPE_HEADER = 2 + MESSAGE_ID_BYTES;
  const fits = (message: FileMessage): boolean =>
    ENVELOPE_HEADER + encodeFileMessageBody(message).length <= MAX_FRAME_BODY;
  const groupId = new Uint8Array(GROUP_ID_BYTES);

  it('the largest offer, hash piece, request, data, have and cancel fit', () => {
    const longName = 'é'.repeat(MAX_FILE_NAME_BYTES >> 1) + 'x';
    const largest: FileMessage[] = [
      {
        kind: 'file-offer',
        scope: { kind: 'group', groupId },
        fileId: FILE_ID,
        header: { name: longName, size: MAX_FILE_SIZE, chunkSize: MAX_CHUNK_SIZE },
        firstHashes: new Uint8Array(HASHES_PER_PIECE * 32),
      },
      { kind: 'hash-piece', fileId: FILE_ID, piece: 0, hashes: new Uint8Array(HASHES_PER_PIECE * 32) },
      {
        kind: 'chunk-request',
        fileId: FILE_ID,
        entries: Array.from({ length: MAX_REQUEST_ENTRIES }, (_, i) => ({ index: i, requestId: i })),
      },
      {
        kind: 'chunk-data',
        fileId: FILE_ID,
        requestId: 0xffff_ffff,
        index: MAX_CHUNK_COUNT - 1,
        block: 15,
        data: new Uint8Array(BLOCK_BYTES),
      },
      { kind: 'have', fileId: FILE_ID, have: { form: 'bitfield', bitfield: new Bitfield(MAX_CHUNK_COUNT) } },
      {
        kind: 'have',
        fileId: FILE_ID,
        have: { form: 'indices', indices: Array.from({ length: MAX_HAVE_INDICES }, (_, i) => i) },
      },
      {
        kind: 'file-cancel',
        fileId: FILE_ID,
        scope: { kind: 'requests', requestIds: Array.from({ length: MAX_REQUEST_ENTRIES }, (_, i) => i) },
      },
    ];
    for (const message of largest) expect(fits(message), message.kind).toBe(true);
  });

  it('a full chunk-data block lands in the 64 KiB padding bucket with under 200 bytes of padding', () => {
    const body = encodeFileMessageBody({
      kind: 'chunk-data',
      fileId: FILE_ID,
      requestId: 1,
      index: 1,
      block: 0,
      data: new Uint8Array(BLOCK_BYTES),
    });
    const padding = MAX_FRAME_BODY - (ENVELOPE_HEADER + body.length);
    expect(padding).toBeGreaterThanOrEqual(0);
    expect(padding).toBeLessThan(200);
  });
});

describe('encoders refuse what decoders would refuse', () => {
  const bad: [string, FileMessage][] = [
    [
      'a name with a slash',
      {
        ...(MESSAGE_VECTORS['file-offer direct, empty file'] as Extract<FileMessage, { kind: 'file-offer' }>),
        header: { name: 'a/b', size: 0, chunkSize: 261_120 },
      },
    ],
    [
      'a wrong hash count',
      {
        ...(MESSAGE_VECTORS['file-offer direct, empty file'] as Extract<FileMessage, { kind: 'file-offer' }>),
        header: { name: 'a', size: 1, chunkSize: 261_120 },
      },
    ],
    ['a 31-byte file id', { kind: 'file-accept', fileId: new Uint8Array(31) }],
    ['an empty request list', { kind: 'chunk-request', fileId: FILE_ID, entries: [] }],
    [
      'a repeated chunk',
      {
        kind: 'chunk-request',
        fileId: FILE_ID,
        entries: [
          { index: 1, requestId: 1 },
          { index: 1, requestId: 2 },
        ],
      },
    ],
    [
      'empty chunk data',
      { kind: 'chunk-data', fileId: FILE_ID, requestId: 1, index: 0, block: 0, data: new Uint8Array(0) },
    ],
    ['decreasing have indices', { kind: 'have', fileId: FILE_ID, have: { form: 'indices', indices: [2, 1] } }],
    ['a hash piece of 0 hashes', { kind: 'hash-piece', fileId: FILE_ID, piece: 0, hashes: new Uint8Array(0) }],
    ['an unknown kind', { kind: 'nope' } as unknown as FileMessage],
  ];
  for (const [what, message] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => encodeFileMessageBody(message)).toThrow(errorNamed('InvalidArgumentError'));
    });
  }
});

describe('every decoder returns a value or a DecodeError', () => {
  const kinds = Object.keys(FILE_MESSAGE_KINDS) as FileMessageKind[];

  it('for random bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.uint8Array({ maxLength: 400 }), (kind, bytes) => {
        try {
          decodeFileMessageBody(kind, bytes);
        } catch (error) {
          return error instanceof DecodeError;
        }
        return true;
      }),
      { numRuns: 3_000 },
    );
  });

  it('for random bytes after a valid file id and form byte', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.uint8Array({ maxLength: 300 }), (kind, tail) => {
        try {
          decodeFileMessageBody(kind, new Uint8Array([...FILE_ID, ...tail]));
        } catch (error) {
          return error instanceof DecodeError;
        }
        return true;
      }),
      { numRuns: 3_000 },
    );
  });

  it('for mutations and truncations of every vector', () => {
    const encoded = Object.values(MESSAGE_VECTORS).map((message) => ({
      kind: message.kind,
      bytes: encodeFileMessageBody(message),
    }));
    fc.assert(
      fc.property(
        fc.constantFrom(...encoded),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        ({ kind, bytes }, position, value, cut) => {
          const mutated = Uint8Array.from(bytes);
          mutated[position % bytes.length] = value;
          for (const candidate of [mutated, bytes.subarray(0, cut % bytes.length)]) {
            try {
              decodeFileMessageBody(kind, candidate);
            } catch (error) {
              if (!(error instanceof DecodeError)) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('round-trips arbitrary chunk requests and haves', () => {
    const entries = fc
      .uniqueArray(
        fc.record({ index: fc.integer({ min: 0, max: MAX_CHUNK_COUNT - 1 }), requestId: fc.nat({ max: 0xffff_ffff }) }),
        {
          minLength: 1,
          maxLength: MAX_REQUEST_ENTRIES,
          selector: (entry) => entry.index,
        },
      )
      .filter((list) => new Set(list.map((e) => e.requestId)).size === list.length);
    const indices = fc
      .uniqueArray(fc.integer({ min: 0, max: MAX_CHUNK_COUNT - 1 }), { minLength: 1, maxLength: MAX_HAVE_INDICES })
      .map((list) => list.sort((a, b) => a - b));
    fc.assert(
      fc.property(entries, indices, (requestEntries, haveIndices) => {
        const request: FileMessage = { kind: 'chunk-request', fileId: FILE_ID, entries: requestEntries };
        const have: FileMessage = { kind: 'have', fileId: FILE_ID, have: { form: 'indices', indices: haveIndices } };
        expect(decodeFileMessageBody('chunk-request', encodeFileMessageBody(request))).toEqual(request);
        expect(decodeFileMessageBody('have', encodeFileMessageBody(have))).toEqual(have);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Bitfield', () => {
  it('sets, clears, counts and lists', () => {
    const field = new Bitfield(12);
    expect(field.set(3)).toBe(true);
    expect(field.set(3)).toBe(false);
    field.set(11);
    expect([...field.indices()]).toEqual([3, 11]);
    expect(field.count).toBe(2);
    expect(field.clear(3)).toBe(true);
    expect(field.has(3)).toBe(false);
    expect(field.has(-1)).toBe(false);
    expect(field.has(12)).toBe(false);
    expect([...field.missing()].length).toBe(11);
    expect(Bitfield.full(12).isFull).toBe(true);
    expect(new Bitfield(0).isFull).toBe(true);
  });

  it('round-trips through bytes and refuses a wrong length or spare bits', () => {
    const field = Bitfield.full(10);
    expect(toHex(field.toBytes())).toBe('ffc0');
    expect(Bitfield.fromBytes(field.toBytes(), 10).count).toBe(10);
    expect(() => Bitfield.fromBytes(new Uint8Array([0xff, 0xe0]), 10)).toThrow(DecodeError);
    expect(() => Bitfield.fromBytes(new Uint8Array([0xff]), 10)).toThrow(DecodeError);
    expect(() => new Bitfield(MAX_CHUNK_COUNT + 1)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => field.set(10)).toThrow(errorNamed('InvalidArgumentError'));
  });
});
