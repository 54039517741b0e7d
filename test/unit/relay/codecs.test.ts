// Relay wire codecs: byte vectors written by hand from the layouts in
// src/protocol/relay/*.ts, strict decoding, and fast-check properties (every decoder
// returns a value or a typed DecodeError; every value re-encodes to the same bytes).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/protocol/bytes.js';
import {
  decodeEnvelope,
  encodeEnvelope,
  envelopeWireBytes,
  type RelayEnvelope,
} from '../../../src/protocol/relay/envelope-codec.js';
import { decodeInnerPadded } from '../../../src/protocol/relay/inner-codec.js';
import { MAX_ENVELOPE_BYTES, MAX_RELAY_LIST_ENTRIES, SEALED_PADDED_SIZES } from '../../../src/protocol/relay/limits.js';
import {
  decodeRelayMessage,
  encodeRelayMessage,
  type RelayMessage,
} from '../../../src/protocol/relay/relay-message-codec.js';
import { RELAY_VERDICTS, type RelayVerdict } from '../../../src/protocol/relay/verdicts.js';
import vectors from '../../vectors/relay.json' with { type: 'json' };
import { hex, unhex } from './vector-inputs.js';
import { errorNamed } from '../../shared/errors.js';

const ID1 = '000102030405060708090a0b0c0d0e0f';
const ID2 = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';
const TAG = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SECRET = '11'.repeat(32);
const MAC = '22'.repeat(32);

function roundTrip(vector: string, message: RelayMessage): void {
  const clean = vector.replace(/\s+/g, '');
  expect(hex(encodeRelayMessage(message))).toBe(clean);
  expect(decodeRelayMessage(unhex(clean))).toEqual(message);
}

function decodeError(vector: string, name: string, decode: (bytes: Uint8Array) => unknown = decodeRelayMessage): void {
  let thrown: unknown;
  try {
    decode(unhex(vector));
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect((thrown as Error).name).toBe(name);
}

describe('relay message byte vectors', () => {
  it('relay-offer: id ‖ tag ‖ u64 expiry ‖ u8 hops ‖ u32 size, sorted by id', () => {
    roundTrip(`01 02 ${ID1} ${TAG} 0000000065653b80 02 00000478 ${ID2} ${TAG} 0000000065653b81 00 0000107c`, {
      type: 'relay-offer',
      entries: [
        { id: unhex(ID1), tag: unhex(TAG), expiry: 1_701_133_184, hops: 2, size: 1144 },
        { id: unhex(ID2), tag: unhex(TAG), expiry: 1_701_133_185, hops: 0, size: 4220 },
      ],
    });
  });

  it('relay-answer and relay-stored: id ‖ verdict byte', () => {
    roundTrip(`02 02 ${ID1} 01 ${ID2} 16`, {
      type: 'relay-answer',
      verdicts: [
        { id: unhex(ID1), verdict: 'want' },
        { id: unhex(ID2), verdict: 'quota-count' },
      ],
    });
    roundTrip(`04 01 ${ID1} 02`, { type: 'relay-stored', verdicts: [{ id: unhex(ID1), verdict: 'accepted' }] });
    roundTrip(`04 01 ${ID1} 05`, { type: 'relay-stored', verdicts: [{ id: unhex(ID1), verdict: 'rejected' }] });
  });

  it('relay-receipt, relay-withdraw, relay-dropped', () => {
    roundTrip(`05 02 ${ID1} ${SECRET} ${MAC}`, {
      type: 'relay-receipt',
      receipt: { id: unhex(ID1), secret: unhex(SECRET), mac: unhex(MAC) },
    });
    roundTrip(`06 ${ID1} ${SECRET}`, { type: 'relay-withdraw', withdrawal: { id: unhex(ID1), secret: unhex(SECRET) } });
    roundTrip(`07 ${ID1} 01`, { type: 'relay-dropped', notice: { id: unhex(ID1), reason: 'expired' } });
    roundTrip(`07 ${ID1} 02`, { type: 'relay-dropped', notice: { id: unhex(ID1), reason: 'evicted' } });
    roundTrip(`07 ${ID1} 03`, { type: 'relay-dropped', notice: { id: unhex(ID1), reason: 'rejected' } });
  });

  it('relay-envelope: the pinned envelope (test/vectors/relay.json)', () => {
    const envelope = decodeEnvelope(unhex(vectors.envelope.wire));
    roundTrip(vectors.relayEnvelopeMessage, { type: 'relay-envelope', envelope });
    expect(envelopeWireBytes(envelope)).toBe(unhex(vectors.envelope.wire).length);
  });

  it('verdict bytes never change', () => {
    expect(RELAY_VERDICTS).toEqual({
      want: 0x01,
      accepted: 0x02,
      duplicate: 0x03,
      delivered: 0x04,
      rejected: 0x05,
      'not-a-friend': 0x10,
      'rate-limited': 0x11,
      expired: 0x12,
      'too-long-lived': 0x13,
      'hop-limit': 0x14,
      'too-large': 0x15,
      'quota-count': 0x16,
      'quota-bytes': 0x17,
      'not-holding': 0x18,
    });
  });
});

describe('strict decoding', () => {
  const envelopeWire = vectors.envelope.wire;
  // Offsets in the pinned envelope: header is 105 bytes, then hops (1) and the u16 length.
  const withByte = (wire: string, offset: number, byte: string): string =>
    wire.slice(0, offset * 2) + byte + wire.slice(offset * 2 + 2);

  it('refuses unknown types, formats and verdicts', () => {
    decodeError('08', 'UnknownRelayMessageTypeError');
    decodeError('00', 'UnknownRelayMessageTypeError');
    // Format 1 (signed receipts; envelopes with public-key tags and signed payloads) is refused.
    decodeError(`05 01 ${ID1} ${SECRET} ${'22'.repeat(64)}`, 'UnsupportedRelayFormatError');
    decodeError(`05 03 ${ID1} ${SECRET} ${MAC}`, 'UnsupportedRelayFormatError');
    decodeError(withByte(envelopeWire, 0, '01'), 'UnsupportedRelayFormatError', decodeEnvelope);
    decodeError(withByte(envelopeWire, 0, '03'), 'UnsupportedRelayFormatError', decodeEnvelope);
    decodeError(`02 01 ${ID1} 02`, 'MalformedInputError'); // `accepted` is not an answer
    decodeError(`04 01 ${ID1} 01`, 'MalformedInputError'); // `want` is not a stored verdict
    decodeError(`02 01 ${ID1} 06`, 'MalformedInputError'); // unassigned verdict byte
    decodeError(`07 ${ID1} 00`, 'MalformedInputError'); // drop reason 0
    decodeError(`07 ${ID1} 04`, 'MalformedInputError');
  });

  it('tells truncated from trailing input', () => {
    decodeError('', 'IncompleteInputError');
    decodeError(`07 ${ID1}`, 'IncompleteInputError');
    decodeError(`07 ${ID1} 01 00`, 'TrailingBytesError');
    decodeError(envelopeWire.slice(0, -2), 'IncompleteInputError', decodeEnvelope);
    decodeError(envelopeWire + '00', 'TrailingBytesError', decodeEnvelope);
  });

  it('refuses lists that are empty, too long, unsorted or repeat an id', () => {
    decodeError('02 00', 'MalformedInputError');
    decodeError(`02 ${(MAX_RELAY_LIST_ENTRIES + 1).toString(16)}`, 'MalformedInputError'); // 65 entries announced
    decodeError(`02 02 ${ID2} 01 ${ID1} 01`, 'MalformedInputError');
    decodeError(`02 02 ${ID1} 01 ${ID1} 03`, 'MalformedInputError');
  });

  it('refuses offer fields out of range', () => {
    const entry = (expiry: string, hops: string, size: string): string =>
      `01 01 ${ID1} ${TAG} ${expiry} ${hops} ${size}`;
    decodeError(entry('0000000000000000', '02', '00000478'), 'MalformedInputError'); // expiry 0
    decodeError(entry('0020000000000000', '02', '00000478'), 'MalformedInputError'); // expiry ≥ 2^53
    decodeError(entry('0000000065653b80', '04', '00000478'), 'MalformedInputError'); // hops over MAX_ENVELOPE_HOPS
    decodeError(entry('0000000065653b80', '02', '00000000'), 'MalformedInputError'); // size 0
    decodeError(
      entry('0000000065653b80', '02', (MAX_ENVELOPE_BYTES + 1).toString(16).padStart(8, '0')),
      'MalformedInputError',
    );
  });

  it('refuses envelope fields out of range', () => {
    decodeError(withByte(envelopeWire, 105, '04'), 'MalformedInputError', decodeEnvelope); // hops 4
    const zeroExpiry = envelopeWire.slice(0, 33 * 2) + '00'.repeat(8) + envelopeWire.slice(41 * 2);
    decodeError(zeroExpiry, 'MalformedInputError', decodeEnvelope);
    // A ciphertext length that is not a padded size plus the tag (1039 instead of 1040).
    const header = envelopeWire.slice(0, 106 * 2);
    decodeError(`${header} 040f ${'00'.repeat(1039)}`, 'MalformedInputError', decodeEnvelope);
    // A length over the largest bucket is refused before its bytes are awaited.
    decodeError(`${header} 8011`, 'MalformedInputError', decodeEnvelope);
    decodeError('00'.repeat(MAX_ENVELOPE_BYTES + 1), 'MalformedInputError', decodeEnvelope);
  });

  it('every decoder returns a value or a DecodeError for any bytes', () => {
    const decoders: ((bytes: Uint8Array) => unknown)[] = [decodeRelayMessage, decodeEnvelope, decodeInnerPadded];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...decoders), (bytes, decode) => {
        try {
          decode(bytes);
        } catch (error) {
          return error instanceof DecodeError;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('mutations of valid messages decode or fail with a DecodeError, never anything else', () => {
    const valid = [
      vectors.relayEnvelopeMessage,
      vectors.receipt.relayReceiptMessage,
      `01 02 ${ID1} ${TAG} 0000000065653b80 02 00000478 ${ID2} ${TAG} 0000000065653b81 00 0000107c`,
    ].map(unhex);
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat({ max: 8 }),
        (bytes, position, byte, cut) => {
          const mutated = Uint8Array.from(bytes);
          mutated[position % mutated.length] = byte;
          for (const candidate of [mutated, mutated.subarray(0, Math.max(0, mutated.length - cut))]) {
            try {
              decodeRelayMessage(candidate);
            } catch (error) {
              if (!(error instanceof DecodeError)) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('encoding is canonical', () => {
  const bytes = (length: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: length, maxLength: length });
  const verdictNames = Object.keys(RELAY_VERDICTS) as RelayVerdict[];
  const sortedUnique = <T extends { id: Uint8Array }>(entries: T[]): T[] => {
    const byKey = new Map(entries.map((entry) => [hex(entry.id), entry]));
    return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, entry]) => entry);
  };

  it('offers, answers and stored-reports round-trip', () => {
    const offer = fc
      .array(
        fc.record({
          id: bytes(16),
          tag: bytes(16),
          expiry: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          hops: fc.integer({ min: 0, max: 3 }),
          size: fc.integer({ min: 1, max: MAX_ENVELOPE_BYTES }),
        }),
        { minLength: 1, maxLength: 64 },
      )
      .map((entries) => ({ type: 'relay-offer' as const, entries: sortedUnique(entries) }));
    const answer = fc
      .array(fc.record({ id: bytes(16), verdict: fc.constantFrom(...verdictNames.filter((v) => v !== 'accepted')) }), {
        minLength: 1,
        maxLength: 64,
      })
      .map((verdicts) => ({ type: 'relay-answer' as const, verdicts: sortedUnique(verdicts) }));
    fc.assert(
      fc.property(fc.oneof(offer, answer), (message) => {
        const encoded = encodeRelayMessage(message);
        expect(decodeRelayMessage(encoded)).toEqual(message);
      }),
      { numRuns: 200 },
    );
  });

  it('envelopes round-trip for every padded size', () => {
    const envelope = fc.record({
      id: bytes(16),
      tag: bytes(16),
      expiry: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      commitment: bytes(32),
      ephemeralKey: bytes(32),
      hops: fc.integer({ min: 0, max: 3 }),
      ciphertext: fc.constantFrom(...SEALED_PADDED_SIZES).map((size) => new Uint8Array(size + 16).fill(7)),
    });
    fc.assert(
      fc.property(envelope, (value: RelayEnvelope) => {
        const encoded = encodeEnvelope(value);
        expect(encoded.length).toBe(envelopeWireBytes(value));
        expect(decodeEnvelope(encoded)).toEqual(value);
      }),
      { numRuns: 12 },
    );
  });

  it('writers refuse what readers would refuse', () => {
    const envelope = decodeEnvelope(unhex(vectors.envelope.wire));
    expect(() => encodeEnvelope({ ...envelope, hops: 4 })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeEnvelope({ ...envelope, ciphertext: new Uint8Array(1039) })).toThrow(
      errorNamed('InvalidArgumentError'),
    );
    expect(() => encodeEnvelope({ ...envelope, expiry: 0 })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeEnvelope({ ...envelope, id: new Uint8Array(15) })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeRelayMessage({ type: 'relay-answer', verdicts: [] })).toThrow(
      errorNamed('InvalidArgumentError'),
    );
    expect(() =>
      encodeRelayMessage({
        type: 'relay-answer',
        verdicts: [
          { id: unhex(ID2), verdict: 'want' },
          { id: unhex(ID1), verdict: 'want' },
        ],
      }),
    ).toThrow(errorNamed('InvalidArgumentError'));
    expect(() =>
      encodeRelayMessage({ type: 'relay-stored', verdicts: [{ id: unhex(ID1), verdict: 'want' as 'accepted' }] }),
    ).toThrow(errorNamed('InvalidArgumentError'));
    expect(() =>
      encodeRelayMessage({ type: 'relay-dropped', notice: { id: unhex(ID1), reason: 'lost' as 'expired' } }),
    ).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeRelayMessage({ type: 'relay-nonsense' } as unknown as RelayMessage)).toThrow(
      errorNamed('InvalidArgumentError'),
    );
  });
});
