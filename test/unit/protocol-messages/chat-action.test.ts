/** Chat messages that carry a reply target or an action (src/protocol/chat/chat-action.ts). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecodeError } from '../../../src/protocol/bytes.js';
import { decodeMessage, encodeMessage, type WireMessage } from '../../../src/protocol/envelope/index.js';
import { decodeInnerBodyForTest } from './inner-body.js';
import type { ChatAction } from '../../../src/protocol/chat/chat-action.js';

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ID = hex('000102030405060708090a0b0c0d0e0f');
const TARGET = hex('ffeeddccbbaa99887766554433221100');
const HEADER = '01 10 000102030405060708090a0b0c0d0e0f 0000018bcfe56800';

function chat(text: string, action?: ChatAction): WireMessage {
  return {
    kind: 'chat-message',
    id: ID,
    createdAt: 1_700_000_000_000,
    text,
    ...(action === undefined ? {} : { action }),
  };
}

function roundTrip(vector: string, message: WireMessage): void {
  expect(toHex(encodeMessage(message))).toBe(vector.replace(/\s+/g, ''));
  expect(decodeMessage(hex(vector))).toEqual(message);
}

function refused(vector: string): void {
  expect(() => decodeMessage(hex(vector))).toThrow(DecodeError);
}

describe('chat action byte vectors', () => {
  it('a plain message keeps its old bytes (no action byte)', () => {
    roundTrip(`${HEADER} 0002 6869`, chat('hi'));
  });

  it('reply, edit, delete, react and timer', () => {
    roundTrip(`${HEADER} 0002 6869 01 ffeeddccbbaa99887766554433221100`, chat('hi', { kind: 'reply', target: TARGET }));
    roundTrip(`${HEADER} 0002 6f6b 02 ffeeddccbbaa99887766554433221100`, chat('ok', { kind: 'edit', target: TARGET }));
    roundTrip(`${HEADER} 0000 03 ffeeddccbbaa99887766554433221100`, chat('', { kind: 'delete', target: TARGET }));
    roundTrip(
      `${HEADER} 0004 f09f918d 04 ffeeddccbbaa99887766554433221100`,
      chat('👍', { kind: 'react', target: TARGET }),
    );
    roundTrip(`${HEADER} 0000 04 ffeeddccbbaa99887766554433221100`, chat('', { kind: 'react', target: TARGET }));
    roundTrip(`${HEADER} 0000 05 0000000a`, chat('', { kind: 'timer', seconds: 10 }));
    roundTrip(`${HEADER} 0000 05 00000000`, chat('', { kind: 'timer', seconds: 0 }));
  });

  it('refuses text an action does not allow, unknown tags, bad timers and trailing bytes', () => {
    refused(`${HEADER} 0000`); // a plain message with no text
    refused(`${HEADER} 0000 02 ffeeddccbbaa99887766554433221100`); // an empty edit
    refused(`${HEADER} 0002 6869 03 ffeeddccbbaa99887766554433221100`); // a delete with text
    refused(`${HEADER} 0002 6869 05 0000000a`); // a timer with text
    refused(`${HEADER} 0000 05 00000004`); // under the shortest timer
    refused(`${HEADER} 0000 05 ffffffff`); // over the longest
    refused(`${HEADER} 0002 6869 06 ffeeddccbbaa99887766554433221100`); // unknown tag
    refused(`${HEADER} 0002 6869 01 ffeeddccbbaa998877665544332211`); // short target
    refused(`${HEADER} 0002 6869 01 ffeeddccbbaa99887766554433221100 00`); // trailing byte
    refused(`${HEADER} 0021 ${'61'.repeat(33)} 04 ffeeddccbbaa99887766554433221100`); // reaction over 32 bytes
  });

  it('the encoder refuses what the decoder would', () => {
    expect(() => encodeMessage(chat('x', { kind: 'delete', target: TARGET }))).toThrow();
    expect(() => encodeMessage(chat('', { kind: 'timer', seconds: 3 }))).toThrow();
    expect(() => encodeMessage(chat('x', { kind: 'edit', target: new Uint8Array(3) }))).toThrow();
  });

  it('carries the action through the relay inner body as well', () => {
    const message = { id: ID, text: 'new', action: { kind: 'edit', target: TARGET } as const };
    expect(decodeInnerBodyForTest(message)).toEqual(message);
  });
});

describe('chat action decoding of garbage', () => {
  it('throws only DecodeErrors for arbitrary bytes after a chat-message header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
        const bytes = new Uint8Array([...hex(HEADER), ...tail]);
        try {
          decodeMessage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });

  it('round-trips arbitrary actions', () => {
    const target = fc.uint8Array({ minLength: 16, maxLength: 16 });
    const action: fc.Arbitrary<ChatAction> = fc.oneof(
      fc.record({ kind: fc.constantFrom('reply' as const, 'edit' as const), target }),
      fc.record({
        kind: fc.constant('timer' as const),
        seconds: fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 31_536_000 })),
      }),
    );
    fc.assert(
      fc.property(action, fc.string({ minLength: 1, maxLength: 50 }), (act, text) => {
        const message = chat(act.kind === 'timer' ? '' : text, act);
        expect(decodeMessage(encodeMessage(message))).toEqual(message);
      }),
    );
  });
});
