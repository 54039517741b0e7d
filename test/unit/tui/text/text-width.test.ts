import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  displayWidth,
  padToWidth,
  truncateEnd,
  truncateMiddle,
  truncateStart,
  wrapText,
} from '../../../../src/tui/text/text-width.js';

describe('displayWidth', () => {
  it.each([
    ['ascii', 'hello', 5],
    ['CJK is two columns each', '你好', 4],
    ['emoji is two columns', '🙂', 2],
    ['ZWJ family is one wide cluster', '👨‍👩‍👧', 2],
    ['combining accent takes none', 'e\u0301', 1],
  ])('%s', (_label, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('wrapText', () => {
  it('breaks at spaces and drops the space at the break', () => {
    expect(wrapText('hello wide world', 10)).toEqual(['hello wide', 'world']);
  });

  it('counts wide characters as two columns and never splits one', () => {
    expect(wrapText('你好世界你好', 5)).toEqual(['你好', '世界', '你好']);
    expect(wrapText('ab🙂cd', 3)).toEqual(['ab', '🙂c', 'd']);
  });

  it('breaks a word longer than the line between graphemes', () => {
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('e\u0301e\u0301e\u0301', 2)).toEqual(['e\u0301e\u0301', 'e\u0301']);
  });

  it('keeps newlines and blank lines, and turns tabs into spaces', () => {
    expect(wrapText('a\n\nb', 10)).toEqual(['a', '', 'b']);
    expect(wrapText('a\tb', 10)).toEqual(['a    b']);
    expect(wrapText('', 10)).toEqual(['']);
  });

  it('gives a grapheme wider than the line a line of its own', () => {
    expect(wrapText('a你b', 1)).toEqual(['a', '你', 'b']);
  });

  it('never makes a line wider than asked (unless one grapheme is), and loses no text', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', ' ', '你', '🙂', '\n'), { maxLength: 80 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 30 }), (input, width) => {
        const lines = wrapText(input, width);
        for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        expect(lines.join('').replace(/[ \n]/g, '')).toBe(input.replace(/[ \n]/g, ''));
      }),
    );
  });
});

describe('truncation', () => {
  it('cuts the end, the start or the middle to the width, by columns', () => {
    expect(truncateEnd('abcdef', 4)).toBe('abc…');
    expect(truncateEnd('你好世界', 5)).toBe('你好…');
    expect(truncateStart('abcdef', 4)).toBe('…def');
    expect(truncateMiddle('abcdefghij', 7)).toBe('abc…hij');
    expect(truncateMiddle('abc', 7)).toBe('abc');
    expect(truncateEnd('abc', 0)).toBe('');
  });

  it('pads to an exact width', () => {
    expect(padToWidth('你', 4)).toBe('你  ');
    expect(displayWidth(padToWidth('a long name', 5))).toBe(5);
  });
});
