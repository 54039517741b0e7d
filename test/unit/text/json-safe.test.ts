/* eslint-disable no-control-regex -- the assertions look for control characters */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonSafe } from '../../../src/text/json-safe.js';

/** What must never reach a terminal unescaped: DEL, C1, line separators, format characters. */
const RAW_UNSAFE = /[\u007f-\u009f\u2028\u2029\p{Cf}]/u;

describe('jsonSafe', () => {
  it('escapes C1 controls, bidi overrides, zero-width and tag characters that JSON.stringify passes through', () => {
    const hostile = { name: 'Ada\u202e', text: 'a\u009b2Jb\u200b\u{e0041}\u2028' };
    expect(RAW_UNSAFE.test(JSON.stringify(hostile))).toBe(true);
    const out = jsonSafe(hostile);
    expect(out).toBe('{"name":"Ada\\u202e","text":"a\\u009b2Jb\\u200b\\udb40\\udc41\\u2028"}');
    expect(RAW_UNSAFE.test(out)).toBe(false);
  });

  it('keeps the indentation it is asked for and prints null for undefined', () => {
    expect(jsonSafe({ a: 1 }, 2)).toBe('{\n  "a": 1\n}');
    expect(jsonSafe(undefined)).toBe('null');
  });

  it('means the same to a parser, and lets nothing unsafe through, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const out = jsonSafe({ text, list: [text] });
        expect(RAW_UNSAFE.test(out)).toBe(false);
        expect(/[\u0000-\u001f]/.test(out)).toBe(false);
        expect(JSON.parse(out)).toEqual({ text, list: [text] });
      }),
      { numRuns: 1000 },
    );
  });
});
