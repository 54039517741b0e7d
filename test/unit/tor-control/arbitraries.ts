/**
 * fast-check arbitraries shared by the tor-control tests. Text is built from code points
 * directly: fast-check's `unit: 'binary'` spends seconds building its tables on first use.
 */
import fc from 'fast-check';

/** Any Unicode scalar value (no lone surrogates), ASCII twice as likely. */
const codePoint = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0x01, max: 0x7f }) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xd7ff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0x10ffff }) },
);

/** Text of up to `maxLength` code points without CR, LF or NUL (what one control-port line can hold). */
export function lineText(maxLength: number): fc.Arbitrary<string> {
  return fc
    .array(codePoint, { maxLength })
    .map((points) => String.fromCodePoint(...points.filter((p) => p !== 0x0a && p !== 0x0d)));
}
