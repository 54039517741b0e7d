import { describe, expect, it } from 'vitest';
import { ADA, GRACE, LINUS, MAX_QUOTE_CHARS, quote } from '../../../src/demo/personas.js';
import { MAX_MESSAGE_BYTES, MAX_REQUEST_MESSAGE_BYTES } from '../../../src/protocol/envelope/index.js';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('quote', () => {
  it('keeps a short one-line message as it is', () => {
    expect(quote('  hello Ada  ')).toBe('hello Ada');
  });

  it('cuts at the first line break or the character limit, and says so', () => {
    expect(quote('first line\nsecond line')).toBe('first line…');
    const long = '🦊'.repeat(MAX_QUOTE_CHARS + 5);
    expect(quote(long)).toBe('🦊'.repeat(MAX_QUOTE_CHARS) + '…');
  });
});

describe('personas', () => {
  it('Ada answers with a different tip to each message, quoting the first, then keeps answering', () => {
    const replies = Array.from({ length: 10 }, (_, index) => ADA.reply(`message number ${index}`, index));
    expect(replies[0]).toContain('“message number 0”');
    expect(new Set(replies.slice(0, 6)).size).toBe(6);
    expect(replies[9]).toContain('“message number 9”');
  });

  it('every line fits in a message, and Grace’s request in a contact request', () => {
    const longest = 'x'.repeat(10_000);
    for (const persona of [ADA, GRACE, LINUS]) {
      expect(bytes(persona.greeting)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      for (let index = 0; index < 10; index++) {
        expect(bytes(persona.reply(longest, index))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
        expect(bytes(persona.groupReply?.(longest, index) ?? '')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      }
      expect(bytes(persona.groupHello?.(longest) ?? '')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(bytes(persona.fileReceived?.(longest, '1.0 KiB', 'ab'.repeat(8)) ?? '')).toBeLessThanOrEqual(
        MAX_MESSAGE_BYTES,
      );
      for (const line of [
        persona.typo?.wrong,
        persona.typo?.fixed,
        persona.timerNoted?.('52 weeks'),
        persona.changeNoticed?.(longest),
        persona.changeNoticed?.(undefined),
      ])
        expect(bytes(line ?? '')).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    }
    for (const persona of [GRACE, LINUS])
      expect(bytes(persona.requestMessage)).toBeLessThanOrEqual(MAX_REQUEST_MESSAGE_BYTES);
  });
});
