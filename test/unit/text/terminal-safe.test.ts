/* eslint-disable no-control-regex -- the assertions look for control characters */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { terminalSafe } from '../../../src/text/terminal-safe.js';

describe('terminalSafe', () => {
  it.each([
    ['cursor movement (CSI)', 'a\u001b[2J\u001b[H\u001b[10;10Hb', 'ab'],
    ['colours (SGR)', '\u001b[31;1mred\u001b[0m', 'red'],
    ['window title (OSC 0, BEL)', 'x\u001b]0;pwned\u0007y', 'xy'],
    ['hyperlink (OSC 8, ST)', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['8-bit OSC', 'a\u009d0;t\u009cb', 'ab'],
    ['DCS', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['unterminated OSC eats the rest', 'a\u001b]0;forever', 'a'],
    ['lone ESC', 'a\u001b', 'a'],
    ['carriage return overwrite', 'safe\rEVIL', 'safe EVIL'],
    ['backspace', 'ab\u0008\u0008cd', 'abcd'],
    ['bidi override', 'abc\u202edcba', 'abcdcba'],
    ['plain unicode kept', 'héllo — 你好 🙂', 'héllo — 你好 🙂'],
    ['zero-width space and joiner', 'Ad\u200ba\u200c\u200d', 'Ada'],
    ['word joiner and byte-order mark', '\ufeffA\u2060da', 'Ada'],
    ['Hangul filler posing as a blank name', '\u3164', ''],
    ['tag characters', 'Ada\u{e0041}\u{e007f}', 'Ada'],
    ['braille blank', 'A\u2800da', 'Ada'],
    ['an emoji joiner is kept', '👩\u200d💻 and 👍🏽\u200d👍', '👩\u200d💻 and 👍🏽\u200d👍'],
  ])('removes %s', (_label, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it('keeps newlines and tabs only in multiline mode', () => {
    expect(terminalSafe('a\nb\tc\r\nd', { multiline: true })).toBe('a\nb\tc\nd');
    expect(terminalSafe('a\nb\tc')).toBe('a b c');
  });

  it('never lets a control character through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (input, multiline) => {
        const out = terminalSafe(input, { multiline });
        const allowed = multiline ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/ : /[\u0000-\u001f\u007f-\u009f]/;
        expect(allowed.test(out)).toBe(false);
        expect(/[\u202a-\u202e\u2066-\u2069]/.test(out)).toBe(false);
        // Invisible format characters never survive, except a joiner between two pictographs.
        expect(
          /[\p{Cf}\u3164\u115f\u1160\uffa0\u2800]/u.test(
            out.replace(
              /(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?\uFE0F?)\u200d(?=\p{Extended_Pictographic})/gu,
              '',
            ),
          ),
        ).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
