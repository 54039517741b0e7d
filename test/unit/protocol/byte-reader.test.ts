import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, DecodeError, IncompleteInputError } from '../../../src/protocol/bytes.js';
import { errorNamed } from '../../shared/errors.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** A small codec exercising most reader calls, used for the byte vectors below. */
interface Sample {
  flag: boolean;
  count: number;
  big: bigint;
  name: string;
  blob: Uint8Array;
  inner: { a: number; b: string };
}
const MAX_NAME = 16;
const MAX_BLOB = 8;
const readSample = (r: ByteReader): Sample => ({
  flag: r.readBool('flag'),
  count: r.readU16('count'),
  big: r.readU64('big'),
  name: r.readString8(MAX_NAME, 'name'),
  blob: r.readVarBytes16(MAX_BLOB, 'blob'),
  inner: r.readNested8(8, (n) => ({ a: n.readU8('a'), b: n.readString8(4, 'b') }), 'inner'),
});
const writeSample = (s: Sample): Uint8Array =>
  new ByteWriter()
    .writeBool(s.flag)
    .writeU16(s.count)
    .writeU64(s.big)
    .writeString8(s.name, MAX_NAME)
    .writeVarBytes16(s.blob, MAX_BLOB)
    .writeNested8((w) => w.writeU8(s.inner.a).writeString8(s.inner.b, 4), 8)
    .finish();

const sample: Sample = {
  flag: true,
  count: 0x1234,
  big: 0x0102030405060708n,
  name: 'hé',
  blob: Uint8Array.of(0xaa, 0xbb),
  inner: { a: 7, b: 'ok' },
};
const sampleHex = '01' + '1234' + '0102030405060708' + '03' + '68c3a9' + '0002' + 'aabb' + '04' + '07' + '02' + '6f6b';

function roundTrip(hexText: string, value: Sample): void {
  expect(toHex(writeSample(value))).toBe(hexText);
  expect(ByteReader.decode(hex(hexText), readSample)).toEqual(value);
}

function decodeError(hexText: string, name: string): void {
  expect(() => ByteReader.decode(hex(hexText), readSample)).toThrow(errorNamed(name, {}, DecodeError));
}

describe('ByteReader / ByteWriter byte vectors', () => {
  it('round-trips the sample', () => roundTrip(sampleHex, sample));

  it('tells incomplete from malformed from trailing', () => {
    decodeError(sampleHex.slice(0, -2), 'IncompleteInputError');
    decodeError('', 'IncompleteInputError');
    decodeError(sampleHex + '00', 'TrailingBytesError');
    decodeError('02' + sampleHex.slice(2), 'MalformedInputError'); // bool 2
    decodeError(sampleHex.replace('0368c3a9', '03ffc3a9'), 'MalformedInputError'); // invalid UTF-8
    decodeError(sampleHex.replace('0368c3a9', '11'), 'MalformedInputError'); // name length 17 > 16: refused before its bytes
    decodeError(sampleHex.replace('0002aabb', 'ffff'), 'MalformedInputError'); // blob length over max, no bytes follow
    decodeError(sampleHex.replace('0407026f6b', '0307026f'), 'MalformedInputError'); // nested string runs past the nested length
    decodeError(sampleHex.replace('0407026f6b', '0507026f6b00'), 'TrailingBytesError'); // junk inside the nested field
  });

  it('reports how many bytes are missing', () => {
    try {
      new ByteReader(hex('0102')).readU32('len');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IncompleteInputError);
      expect((error as IncompleteInputError).missing).toBe(2);
      expect((error as IncompleteInputError).field).toBe('len');
    }
  });

  it('decodes u64 as bigint or as a safe number', () => {
    expect(new ByteReader(hex('001fffffffffffff')).readU64Number()).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => new ByteReader(hex('0020000000000000')).readU64Number()).toThrow(
      errorNamed('MalformedInputError', {}, DecodeError),
    );
    expect(new ByteReader(hex('ffffffffffffffff')).readU64()).toBe(2n ** 64n - 1n);
  });

  it('keeps a BOM and refuses overlong and surrogate encodings', () => {
    expect(new ByteReader(hex('03efbbbf')).readString8(3)).toBe('\uFEFF');
    expect(() => new ByteReader(hex('02c0af')).readString8(2)).toThrow(
      errorNamed('MalformedInputError', {}, DecodeError),
    ); // overlong '/'
    expect(() => new ByteReader(hex('03eda080')).readString8(3)).toThrow(
      errorNamed('MalformedInputError', {}, DecodeError),
    ); // encoded U+D800
  });

  it('copies what it returns', () => {
    const input = hex('0201020304');
    const out = new ByteReader(input).readVarBytes8(4);
    input[1] = 0xff;
    expect(toHex(out)).toBe('0102');
  });

  it('writes through buffer growth without losing bytes', () => {
    const writer = new ByteWriter();
    for (let i = 0; i < 1000; i++)
      writer
        .writeU8(i & 0xff)
        .writeU16(i)
        .writeU32(i * 65_537)
        .writeU64(BigInt(i) << 40n);
    const reader = new ByteReader(writer.finish());
    for (let i = 0; i < 1000; i++) {
      expect([reader.readU8(), reader.readU16(), reader.readU32(), reader.readU64()]).toEqual([
        i & 0xff,
        i,
        i * 65_537,
        BigInt(i) << 40n,
      ]);
    }
    reader.expectEnd();
  });

  it('refuses to write what the reader would refuse', () => {
    expect(() => new ByteWriter().writeU8(256)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => new ByteWriter().writeU16(-1)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => new ByteWriter().writeU32(1.5)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => new ByteWriter().writeU64(2n ** 64n)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => new ByteWriter().writeVarBytes8(new Uint8Array(256))).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => new ByteWriter().writeString8('abc', 2)).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => new ByteWriter().writeString16('\uD800')).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => new ByteWriter().writeNested8((w) => w.writeBytes(new Uint8Array(3)), 2)).toThrow(
      errorNamed('InvalidArgumentError'),
    );
  });

  it('refuses hostile arguments with InvalidArgumentError', () => {
    const hostile: readonly unknown[] = [
      undefined,
      null,
      NaN,
      -1,
      1.5,
      2 ** 53,
      10n,
      '4',
      [1],
      { length: 4 },
      new Uint16Array(2),
    ];
    for (const value of hostile) {
      expect(() => new ByteReader(value as Uint8Array), String(value)).toThrow(errorNamed('InvalidArgumentError'));
      expect(() => new ByteReader(new Uint8Array(8)).readBytes(value as number), String(value)).toThrow(
        errorNamed('InvalidArgumentError'),
      );
      expect(() => new ByteReader(new Uint8Array(8)).readVarBytes16(value as number), String(value)).toThrow(
        errorNamed('InvalidArgumentError'),
      );
      expect(() => new ByteWriter().writeBytes(value as Uint8Array), String(value)).toThrow(
        errorNamed('InvalidArgumentError'),
      );
      expect(() => new ByteWriter().writeU32(value as number), String(value)).toThrow(
        errorNamed('InvalidArgumentError'),
      );
    }
    // The max of a u8-prefixed read cannot exceed what a u8 can say.
    expect(() => new ByteReader(new Uint8Array(8)).readVarBytes8(256)).toThrow(errorNamed('InvalidArgumentError'));
  });
});

/** One reader call, chosen by fast-check. */
type Op = (r: ByteReader) => unknown;
const ops: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>((r) => r.readU8()),
  fc.constant<Op>((r) => r.readU16()),
  fc.constant<Op>((r) => r.readU32()),
  fc.constant<Op>((r) => r.readU64()),
  fc.constant<Op>((r) => r.readU64Number()),
  fc.constant<Op>((r) => r.readBool()),
  fc.nat(40).map<Op>((n) => (r) => r.readBytes(n)),
  fc.nat(255).map<Op>((max) => (r) => r.readVarBytes8(max)),
  fc.nat(0xffff).map<Op>((max) => (r) => r.readVarBytes16(max)),
  fc.nat(100).map<Op>((max) => (r) => r.readVarBytes32(max)),
  fc.nat(255).map<Op>((max) => (r) => r.readString8(max)),
  fc.nat(300).map<Op>((max) => (r) => r.readString16(max)),
  fc.nat(255).map<Op>((max) => (r) => r.readNested8(max, (n) => [n.readU8(), n.readString8(10)])),
  fc.nat(300).map<Op>((max) => (r) => r.readNested16(max, (n) => n.readVarBytes8(20))),
  fc.nat(300).map<Op>((max) => (r) => r.readNested32(max, (n) => n.readU16())),
  fc.constant<Op>((r) => r.expectEnd()),
);

describe('ByteReader properties', () => {
  it('on arbitrary bytes every read returns a value or throws a DecodeError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(ops, { maxLength: 8 }), (bytes, sequence) => {
        const reader = new ByteReader(bytes);
        for (const op of sequence) {
          try {
            op(reader);
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
            return;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a read that fails for lack of bytes succeeds once the input is complete', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.string({ maxLength: 10 }), (blob, text) => {
        const encoded = new ByteWriter().writeVarBytes16(blob).writeString16(text).finish();
        for (let cut = 0; cut < encoded.length; cut++) {
          expect(() =>
            ByteReader.decode(encoded.subarray(0, cut), (r) => [r.readVarBytes16(64), r.readString16(64)]),
          ).toThrow(IncompleteInputError);
        }
        expect(ByteReader.decode(encoded, (r) => [r.readVarBytes16(64), r.readString16(64)])).toEqual([blob, text]);
      }),
    );
  });

  it('writer and reader round-trip arbitrary samples', () => {
    const samples = fc.record({
      flag: fc.boolean(),
      count: fc.integer({ min: 0, max: 0xffff }),
      big: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      name: fc.string({ unit: 'grapheme', maxLength: 4 }).filter((n) => Buffer.byteLength(n) <= MAX_NAME),
      blob: fc.uint8Array({ maxLength: MAX_BLOB }),
      inner: fc.record({ a: fc.integer({ min: 0, max: 255 }), b: fc.string({ maxLength: 4, unit: 'binary-ascii' }) }),
    });
    fc.assert(
      fc.property(samples, (s) => {
        expect(ByteReader.decode(writeSample(s), readSample)).toEqual(s);
      }),
    );
  });
});
