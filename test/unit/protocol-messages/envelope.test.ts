import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecodeError } from '../../../src/protocol/bytes.js';
import {
  decodeMessage,
  encodeMessage,
  MAX_DISPLAY_NAME_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_RECEIPT_IDS,
  MAX_REQUEST_MESSAGE_BYTES,
  toWireDisplayName,
  type WireMessage,
} from '../../../src/protocol/envelope/index.js';
import { errorNamed } from '../../shared/errors.js';

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ID = hex('000102030405060708090a0b0c0d0e0f');
const ID2 = hex('ffeeddccbbaa99887766554433221100');

function roundTrip(vector: string, message: WireMessage): void {
  expect(toHex(encodeMessage(message))).toBe(vector.replace(/\s+/g, ''));
  expect(decodeMessage(hex(vector))).toEqual(message);
}

function decodeError(vector: string, name: string): void {
  let thrown: unknown;
  try {
    decodeMessage(hex(vector));
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect((thrown as Error).name).toBe(name);
}

// Vectors written by hand from the layouts in src/protocol/envelope/*.ts:
// version 01 ‖ kind ‖ 16-byte id ‖ body.
describe('message byte vectors', () => {
  it('contact-request', () => {
    roundTrip('01 01 000102030405060708090a0b0c0d0e0f 03 616461 0002 6869', {
      kind: 'contact-request',
      id: ID,
      displayName: 'ada',
      text: 'hi',
    });
    roundTrip('01 01 000102030405060708090a0b0c0d0e0f 00 0000', {
      kind: 'contact-request',
      id: ID,
      displayName: '',
      text: '',
    });
  });

  it('contact-accept', () => {
    roundTrip('01 02 000102030405060708090a0b0c0d0e0f 03 626f62', {
      kind: 'contact-accept',
      id: ID,
      displayName: 'bob',
    });
  });

  it('chat-message', () => {
    roundTrip('01 10 000102030405060708090a0b0c0d0e0f 0000018bcfe56800 0005 68c3a96c6c', {
      kind: 'chat-message',
      id: ID,
      createdAt: 1_700_000_000_000,
      text: 'héll',
    });
  });

  it('ack and read-receipt', () => {
    roundTrip('01 11 000102030405060708090a0b0c0d0e0f 0001 ffeeddccbbaa99887766554433221100', {
      kind: 'ack',
      id: ID,
      ids: [ID2],
    });
    roundTrip(
      '01 12 000102030405060708090a0b0c0d0e0f 0002 ffeeddccbbaa99887766554433221100 000102030405060708090a0b0c0d0e0f',
      {
        kind: 'read-receipt',
        id: ID,
        ids: [ID2, ID],
      },
    );
  });

  it('ping and pong', () => {
    roundTrip('01 20 000102030405060708090a0b0c0d0e0f', { kind: 'ping', id: ID });
    roundTrip('01 21 000102030405060708090a0b0c0d0e0f ffeeddccbbaa99887766554433221100', {
      kind: 'pong',
      id: ID,
      pingId: ID2,
    });
  });
});

describe('strict decoding', () => {
  const id = '000102030405060708090a0b0c0d0e0f';

  it('refuses an unknown version or kind', () => {
    decodeError(`02 20 ${id}`, 'UnsupportedMessageVersionError');
    decodeError(`00 20 ${id}`, 'UnsupportedMessageVersionError');
    decodeError(`01 03 ${id}`, 'UnknownMessageKindError');
    decodeError(`01 36 ${id}`, 'UnknownMessageKindError');
    decodeError(`01 4f ${id}`, 'UnknownMessageKindError');
    decodeError(`01 51 ${id}`, 'UnknownMessageKindError');
  });

  it('hands the service blocks to their codecs, which decode strictly too', () => {
    // 0x30 group-invite, 0x40 file-offer, 0x50 relay: an empty body is incomplete, not unknown.
    decodeError(`01 30 ${id}`, 'IncompleteInputError');
    decodeError(`01 40 ${id}`, 'IncompleteInputError');
    decodeError(`01 50 ${id}`, 'IncompleteInputError');
  });

  it('tells truncated from trailing input', () => {
    decodeError('', 'IncompleteInputError');
    decodeError(`01 20 ${id.slice(0, 30)}`, 'IncompleteInputError');
    decodeError(`01 20 ${id} 00`, 'TrailingBytesError');
    decodeError(`01 21 ${id} ${id} 00`, 'TrailingBytesError');
  });

  it('refuses fields over their limits before reading them', () => {
    const tooLongRequest = (MAX_REQUEST_MESSAGE_BYTES + 1).toString(16).padStart(4, '0');
    decodeError(`01 01 ${id} 00 ${tooLongRequest}`, 'MalformedInputError');
    const tooLongName = (MAX_DISPLAY_NAME_BYTES + 1).toString(16).padStart(2, '0');
    decodeError(`01 01 ${id} ${tooLongName}`, 'MalformedInputError');
    const tooLongText = (MAX_MESSAGE_BYTES + 1).toString(16).padStart(4, '0');
    decodeError(`01 10 ${id} 0000000000000000 ${tooLongText}`, 'MalformedInputError');
    const tooManyIds = (MAX_RECEIPT_IDS + 1).toString(16).padStart(4, '0');
    decodeError(`01 11 ${id} ${tooManyIds}`, 'MalformedInputError');
  });

  it('refuses invalid field values', () => {
    decodeError(`01 01 ${id} 02 c328 0000`, 'MalformedInputError'); // invalid UTF-8
    decodeError(`01 01 ${id} 02 610a 0000`, 'MalformedInputError'); // newline in a display name
    decodeError(`01 02 ${id} 02 c285`, 'MalformedInputError'); // C1 control (NEL)
    decodeError(`01 10 ${id} 0000000000000000 0000`, 'MalformedInputError'); // empty text
    decodeError(`01 10 ${id} 0020000000000000 0001 61`, 'MalformedInputError'); // created_at ≥ 2^53
    decodeError(`01 11 ${id} 0000`, 'MalformedInputError'); // empty id list
    decodeError(`01 12 ${id} 0002 ${id} ${id}`, 'MalformedInputError'); // repeated id
  });

  it('returns a value or a DecodeError for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeMessage(bytes);
        } catch (error) {
          return error instanceof DecodeError;
        }
        return true;
      }),
      { numRuns: 2_000 },
    );
  });

  it('returns a value or a DecodeError for mutations of valid messages', () => {
    fc.assert(
      fc.property(
        arbitraryMessage(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (message, position, value, cut) => {
          const bytes = encodeMessage(message);
          const mutated = Uint8Array.from(bytes);
          mutated[position % bytes.length] = value;
          for (const candidate of [mutated, bytes.subarray(0, cut % bytes.length)]) {
            try {
              decodeMessage(candidate);
            } catch (error) {
              if (!(error instanceof DecodeError)) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('encoding', () => {
  it('round-trips every valid message', () => {
    fc.assert(
      fc.property(arbitraryMessage(), (message) => {
        expect(decodeMessage(encodeMessage(message))).toEqual(message);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what the decoder would refuse', () => {
    const big = 'x'.repeat(MAX_MESSAGE_BYTES + 1);
    expect(() => encodeMessage({ kind: 'chat-message', id: ID, createdAt: 0, text: big })).toThrow(
      errorNamed('InvalidArgumentError'),
    );
    expect(() => encodeMessage({ kind: 'chat-message', id: ID, createdAt: 0, text: '' })).toThrow(
      errorNamed('InvalidArgumentError'),
    );
    expect(() => encodeMessage({ kind: 'chat-message', id: ID, createdAt: -1, text: 'a' })).toThrow(
      errorNamed('InvalidArgumentError'),
    );
    expect(() => encodeMessage({ kind: 'contact-request', id: ID, displayName: 'a\nb', text: '' })).toThrow(
      errorNamed('InvalidArgumentError'),
    );
    expect(() => encodeMessage({ kind: 'ack', id: ID, ids: [] })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeMessage({ kind: 'ack', id: ID, ids: [ID, ID] })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeMessage({ kind: 'ping', id: ID.subarray(1) })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeMessage({ kind: 'nope', id: ID } as unknown as WireMessage)).toThrow(
      errorNamed('InvalidArgumentError'),
    );
  });

  it('a message of the maximal size fits', () => {
    const text = 'é'.repeat(MAX_MESSAGE_BYTES / 2);
    expect(decodeMessage(encodeMessage({ kind: 'chat-message', id: ID, createdAt: 1, text }))).toMatchObject({ text });
  });
});

describe('toWireDisplayName', () => {
  it('drops control characters and cuts at a character boundary', () => {
    expect(toWireDisplayName('a\u0000d\u001ba\n')).toBe('ada');
    const cut = toWireDisplayName('é'.repeat(MAX_DISPLAY_NAME_BYTES));
    expect(Buffer.byteLength(cut)).toBe(MAX_DISPLAY_NAME_BYTES);
    expect(Buffer.byteLength(toWireDisplayName('a' + '😀'.repeat(16)))).toBe(61);
  });

  it('always yields something the encoder accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (name) => {
        const displayName = toWireDisplayName(name);
        expect(decodeMessage(encodeMessage({ kind: 'contact-accept', id: ID, displayName }))).toMatchObject({
          displayName,
        });
      }),
    );
  });
});

function arbitraryMessage(): fc.Arbitrary<WireMessage> {
  const id = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const name = fc.string({ unit: 'grapheme', maxLength: 20 }).map(toWireDisplayName);
  const text = (min: number, max: number): fc.Arbitrary<string> =>
    fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((s) => Buffer.byteLength(s) <= max);
  const ids = fc.uniqueArray(id, { minLength: 1, maxLength: 5, selector: (v) => toHex(v) });
  return fc.oneof(
    fc.record({ kind: fc.constant('contact-request' as const), id, displayName: name, text: text(0, 200) }),
    fc.record({ kind: fc.constant('contact-accept' as const), id, displayName: name }),
    fc.record({ kind: fc.constant('chat-message' as const), id, createdAt: fc.maxSafeNat(), text: text(1, 300) }),
    fc.record({ kind: fc.constant('ack' as const), id, ids }),
    fc.record({ kind: fc.constant('read-receipt' as const), id, ids }),
    fc.record({ kind: fc.constant('ping' as const), id }),
    fc.record({ kind: fc.constant('pong' as const), id, pingId: id }),
  );
}
