/**
 * The bytes of group lifecycle actions: group content carrying an action (a reply, an edit, a
 * delete, a reaction, a timer) with 32-byte targets, and the redacted record our store keeps of
 * a message whose text went. Round trips, refusals, and only values or DecodeErrors for any bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/protocol/bytes.js';
import type { ChatAction } from '../../../src/protocol/chat/chat-action.js';
import { decodeGroupContent, encodeGroupContent } from '../../../src/protocol/groups/group-message-codec.js';
import { MAX_GROUP_TEXT_BYTES } from '../../../src/protocol/groups/limits.js';
import { decodeRedactedRecord, encodeRedactedRecord } from '../../../src/groups/redacted-record.js';

const target = new Uint8Array(32).fill(7);

function valueOrDecodeError(decode: () => unknown): boolean {
  try {
    decode();
    return true;
  } catch (error) {
    return error instanceof DecodeError;
  }
}

describe('group content with an action', () => {
  it('round-trips every action, and a plain post keeps its old bytes', () => {
    const cases: [string, ChatAction | undefined][] = [
      ['hi', undefined],
      ['answer', { kind: 'reply', target }],
      ['x'.repeat(MAX_GROUP_TEXT_BYTES), { kind: 'edit', target }],
      ['', { kind: 'delete', target }],
      ['👍', { kind: 'react', target }],
      ['', { kind: 'react', target }],
      ['', { kind: 'timer', seconds: 3600 }],
      ['', { kind: 'timer', seconds: 0 }],
    ];
    for (const [text, action] of cases) {
      const content = { type: 'text' as const, text, ...(action === undefined ? {} : { action }) };
      expect(decodeGroupContent(encodeGroupContent(content))).toEqual(content);
    }
    expect(Buffer.from(encodeGroupContent({ type: 'text', text: 'hi' })).toString('hex')).toBe('0100026869');
  });

  it('refuses a text its action does not allow, a 16-byte target, a timer out of range, an unknown tag', () => {
    expect(() => encodeGroupContent({ type: 'text', text: '' })).toThrow();
    expect(() => encodeGroupContent({ type: 'text', text: 'x', action: { kind: 'delete', target } })).toThrow();
    expect(() =>
      encodeGroupContent({ type: 'text', text: 'x', action: { kind: 'edit', target: target.slice(16) } }),
    ).toThrow();
    const edit = encodeGroupContent({ type: 'text', text: 'x', action: { kind: 'edit', target } });
    expect(() => decodeGroupContent(edit.slice(0, -16))).toThrow(DecodeError);
    const timer = Buffer.from('010000050000000003', 'hex'); // 3 s: under the shortest timer
    expect(() => decodeGroupContent(timer)).toThrow(DecodeError);
    expect(() => decodeGroupContent(Buffer.from('01000009', 'hex'))).toThrow(DecodeError);
    expect(() => decodeGroupContent(Buffer.from('0100000300', 'hex'))).toThrow(DecodeError); // a delete without its target
  });

  it('returns a value or a DecodeError for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => valueOrDecodeError(() => decodeGroupContent(bytes))),
    );
    const valid = encodeGroupContent({ type: 'text', text: 'ok', action: { kind: 'reply', target } });
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.nat(255), (index, byte) => {
        const mutated = valid.slice();
        mutated[index] = byte;
        return valueOrDecodeError(() => decodeGroupContent(mutated));
      }),
    );
  });
});

describe('redacted record', () => {
  const headerBytes = new Uint8Array([
    2,
    ...new Uint8Array(96),
    0,
    0,
    0,
    1,
    ...new Uint8Array(32),
    ...new Uint8Array(16),
  ]);

  it('round-trips, is refused with a bad header, and any bytes give a value or a DecodeError', () => {
    for (const record of [
      { headerBytes, id: target, gone: false },
      { headerBytes, id: target, gone: true, action: { kind: 'edit', target } as ChatAction },
    ]) {
      const decoded = decodeRedactedRecord(encodeRedactedRecord(record));
      expect(decoded).toMatchObject({ id: target, gone: record.gone, action: record.action });
      expect(decoded.header.seq).toBe(1);
    }
    const badHeader = headerBytes.slice();
    badHeader[0] = 1;
    expect(() =>
      decodeRedactedRecord(encodeRedactedRecord({ headerBytes: badHeader, id: target, gone: false })),
    ).toThrow(DecodeError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => valueOrDecodeError(() => decodeRedactedRecord(bytes))),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) =>
        valueOrDecodeError(() => decodeRedactedRecord(new Uint8Array([0xff, ...bytes]))),
      ),
    );
  });
});
