/**
 * JSON for a terminal or a pipe into one: `burrow ctl … --json`, `burrow ctl events` and the
 * daemon's socket print peer text (messages, names, file names). `JSON.stringify` escapes the
 * C0 controls (ESC included) but passes DEL, the 8-bit C1 controls (U+0080–U+009F: a bare
 * U+009B is a CSI on many terminals) and the invisible format characters (`\p{Cf}`: bidi
 * overrides and isolates, zero-width spaces and joiners, tag characters) through as they are.
 * Here every one of them is written as a `\uXXXX` escape: the JSON means the same to a parser,
 * and a person reading it sees exactly what a peer sent.
 */

/** DEL, C1, line/paragraph separators and every format character. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

function escapeCodePoint(character: string): string {
  let out = '';
  // A character outside the BMP (tag characters U+E0000…) is escaped as its surrogate pair.
  for (let i = 0; i < character.length; i++) out += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * `JSON.stringify(value, null, space)` with DEL, C1 controls, U+2028/U+2029 and format
 * characters escaped (see the module comment).
 *
 * @example jsonSafe({ text: 'a\u202eb' }) === '{"text":"a\\u202eb"}'
 */
export function jsonSafe(value: unknown, space?: number): string {
  const json = JSON.stringify(value, null, space) as string | undefined;
  return (json ?? 'null').replace(UNSAFE_IN_JSON, escapeCodePoint);
}
