/** The wall item codec (walls/wall-item.ts): exact texts, every refusal, and any text decoding to an item or a typed error. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BurrowError } from '../../../src/errors.js';
import { MAX_WALL_TEXT_BYTES } from '../../../src/walls/limits.js';
import { decodeWallItem, encodeWallItem, type WallItem } from '../../../src/walls/wall-item.js';

const ID = 'ab'.repeat(32);

describe('wall items', () => {
  it.each<[string, WallItem]>([
    ['burrow-wall/1 post\nhello\nsecond line', { type: 'post', text: 'hello\nsecond line' }],
    [`burrow-wall/1 comment ${ID}\nnice`, { type: 'comment', post: ID, text: 'nice' }],
    [`burrow-wall/1 react ${ID}\n👍🏽`, { type: 'react', post: ID, emoji: '👍🏽' }],
    [`burrow-wall/1 react ${ID}\n`, { type: 'react', post: ID, emoji: '' }],
    [`burrow-wall/1 delete ${ID}\n`, { type: 'delete', target: ID }],
    [
      `burrow-wall/1 edit ${ID} ${ID} 1764000000000\nfixed the typo`,
      { type: 'edit', target: ID, post: ID, targetCreatedAt: 1764000000000, text: 'fixed the typo' },
    ],
    [
      `burrow-wall/1 edit ${ID} ${'cd'.repeat(32)} 0\nx`,
      { type: 'edit', target: ID, post: 'cd'.repeat(32), targetCreatedAt: 0, text: 'x' },
    ],
  ])('round-trips %j', (text, item) => {
    expect(encodeWallItem(item)).toBe(text);
    expect(decodeWallItem(text)).toEqual(item);
  });

  it.each([
    ['no header', 'hello'],
    ['another format', 'burrow-wall/2 post\nhello'],
    ['an unknown type', `burrow-wall/1 poke ${ID}\nx`],
    ['a post with a target', `burrow-wall/1 post ${ID}\nx`],
    ['an empty post', 'burrow-wall/1 post\n'],
    ['an upper-case id', `burrow-wall/1 comment ${ID.toUpperCase()}\nx`],
    ['a short id', 'burrow-wall/1 comment abcd\nx'],
    ['no id', 'burrow-wall/1 comment\nx'],
    ['an extra header word', `burrow-wall/1 delete ${ID} more\n`],
    ['a delete with a body', `burrow-wall/1 delete ${ID}\nwhy`],
    ['a reaction of two emoji', `burrow-wall/1 react ${ID}\n👍👍`],
    ['a reaction of text', `burrow-wall/1 react ${ID}\nlol`],
    ['an oversized post', `burrow-wall/1 post\n${'x'.repeat(MAX_WALL_TEXT_BYTES + 1)}`],
    ['an edit without its post', `burrow-wall/1 edit ${ID}\nx`],
    ['an edit without its time', `burrow-wall/1 edit ${ID} ${ID}\nx`],
    ['an edit with a time in another form', `burrow-wall/1 edit ${ID} ${ID} 017\nx`],
    ['an edit with a negative time', `burrow-wall/1 edit ${ID} ${ID} -1\nx`],
    ['an edit with a time past 2^53', `burrow-wall/1 edit ${ID} ${ID} 9999999999999999\nx`],
    ['an edit with an extra header word', `burrow-wall/1 edit ${ID} ${ID} 1 more\nx`],
    ['an empty edit', `burrow-wall/1 edit ${ID} ${ID} 1\n`],
  ])('refuses %s', (_what, text) => {
    expect(() => decodeWallItem(text)).toThrow(expect.objectContaining({ name: 'WallItemMalformedError' }));
  });

  it('refuses what the user typed wrong with errors saying what to do', () => {
    expect(() => encodeWallItem({ type: 'post', text: '' })).toThrow(
      expect.objectContaining({ name: 'WallTextTooLongError', action: 'tell-user' }),
    );
    expect(() => encodeWallItem({ type: 'post', text: 'é'.repeat(MAX_WALL_TEXT_BYTES) })).toThrow(
      expect.objectContaining({ name: 'WallTextTooLongError' }),
    );
    expect(() => encodeWallItem({ type: 'react', post: ID, emoji: 'ok' })).toThrow(
      expect.objectContaining({ name: 'InvalidWallReactionError' }),
    );
  });

  it('decodes any text to an item or a typed error, and re-encodes items exactly', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc
        .tuple(
          fc.constantFrom('post', 'comment', 'react', 'delete', 'edit', 'x'),
          fc.option(fc.oneof(fc.constant('ab'.repeat(32)), fc.stringMatching(/^[0-9a-f]{0,70}$/))),
          fc.option(fc.oneof(fc.constant(` ${'cd'.repeat(32)} 12`), fc.stringMatching(/^( [0-9a-f-]{0,66}){0,3}$/))),
          fc.string(),
        )
        .map(([type, id, more, body]) => `burrow-wall/1 ${type}${id === null ? '' : ` ${id}`}${more ?? ''}\n${body}`),
    );
    fc.assert(
      fc.property(texts, (text) => {
        try {
          expect(encodeWallItem(decodeWallItem(text))).toBe(text);
        } catch (error) {
          expect(error).toBeInstanceOf(BurrowError);
        }
      }),
    );
  });
});
