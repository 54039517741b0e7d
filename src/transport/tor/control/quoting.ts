/**
 * Writing command arguments and reading keyword arguments of replies (control-spec §2.1
 * "Description format", §2.1.1 "Notes on an escaping bug", §2.2 "Commands from controller to
 * Tor"):
 *
 *   Command      = Keyword OptArguments CRLF
 *   QuotedString = DQUOTE *qcontent DQUOTE ; "\" escapes the next character
 *
 * A command is one line, so an argument holding CR, LF (or NUL, which tor's C strings end at)
 * could smuggle in a second command: such arguments are refused with a TypeError before
 * anything is sent.
 */
import { TorControlProtocolError } from './errors.js';

const KEYWORD = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Whether `value` holds CR, LF or NUL. */
function hasLineBreak(value: string): boolean {
  return value.includes('\r') || value.includes('\n') || value.includes('\0');
}

/** Whether a value needs quotes: it holds a control character, space, DEL, `"` or `\`. */
function needsQuotes(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

/** Throws a TypeError if `value` holds CR, LF or NUL (`what` names it in the message). */
export function assertSingleLine(value: string, what: string): void {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  if (hasLineBreak(value)) throw new TypeError(`${what} must not contain CR, LF or NUL`);
}

/**
 * A control-spec QuotedString: `"` and `\` are escaped with `\`, the rest is kept.
 * @example quoteString('say "hi"') // '"say \\"hi\\""'
 */
export function quoteString(value: string): string {
  assertSingleLine(value, 'a quoted control-port value');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A value as tor's kvline parser reads it: unchanged if it is one plain token, quoted otherwise.
 * @example formatValue('1') // '1'; formatValue('notice stdout') // '"notice stdout"'
 */
export function formatValue(value: string): string {
  assertSingleLine(value, 'a control-port value');
  return value === '' || needsQuotes(value) ? quoteString(value) : value;
}

/** `key=value` with the value quoted when needed. @example formatKeyValue('Log', 'notice stdout') */
export function formatKeyValue(key: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new TypeError(`invalid control-port key: ${JSON.stringify(key)}`);
  return `${key}=${formatValue(value)}`;
}

/**
 * Checks that `arg` is exactly one argument: no CR/LF/NUL anywhere, no space or control
 * character outside quotes, and every quoted part closed. Use {@link quoteString},
 * {@link formatValue} or {@link formatKeyValue} to build arguments that pass.
 */
export function assertArgument(arg: string): void {
  assertSingleLine(arg, 'a control-port argument');
  if (arg === '') throw new TypeError('a control-port argument must not be empty');
  let inQuotes = false;
  for (let i = 0; i < arg.length; i++) {
    const c = arg.charCodeAt(i);
    if (inQuotes) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inQuotes = false;
    } else if (c === 0x22) {
      inQuotes = true;
    } else if (c <= 0x20 || c === 0x7f) {
      throw new TypeError(
        `control-port argument ${JSON.stringify(arg)} contains a space or control character: quote it with formatValue()`,
      );
    }
  }
  if (inQuotes)
    throw new TypeError(
      `control-port argument ${JSON.stringify(arg)} has an unclosed quote: build it with quoteString()`,
    );
}

/**
 * The bytes of one command line: `KEYWORD arg1 arg2\r\n`, after validating keyword and arguments.
 * @example formatCommand('GETINFO', ['version']) // 'GETINFO version\r\n'
 */
export function formatCommand(keyword: string, args: readonly string[]): string {
  if (typeof keyword !== 'string' || !KEYWORD.test(keyword))
    throw new TypeError(`invalid control-port command keyword: ${JSON.stringify(keyword)}`);
  for (const arg of args) assertArgument(arg);
  return args.length === 0 ? `${keyword}\r\n` : `${keyword} ${args.join(' ')}\r\n`;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  n: 0x0a,
  t: 0x09,
  r: 0x0d,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
};
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Reads a QuotedString at `text[start]` (which must be `"`), undoing tor's C-style escapes
 * (control-spec §2.1.1: `\n \t \r \\ \" \'`, octal `\NNN`, hex `\xHH`; escaped bytes form
 * UTF-8 together). Returns the value and the index after the closing quote; throws
 * {@link TorControlProtocolError} on a malformed string.
 */
export function readQuotedString(text: string, start = 0): { value: string; end: number } {
  if (text[start] !== '"') throw new TorControlProtocolError('expected a quoted string');
  const bytes: number[] = [];
  let runStart = start + 1;
  const flush = (to: number): void => {
    if (to > runStart) for (const b of encoder.encode(text.slice(runStart, to))) bytes.push(b);
  };
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      flush(i);
      return { value: decoder.decode(Uint8Array.from(bytes)), end: i + 1 };
    }
    if (c !== '\\') {
      i++;
      continue;
    }
    flush(i);
    i = readEscape(text, i + 1, bytes);
    runStart = i;
  }
  throw new TorControlProtocolError('a quoted string is not closed');
}

/** Decodes the escape whose letter is at `text[i]` into `bytes`; returns the index after it. */
function readEscape(text: string, i: number, bytes: number[]): number {
  const e = text[i];
  if (e === undefined) throw new TorControlProtocolError('a quoted string is not closed');
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    bytes.push(simple);
    return i + 1;
  }
  if (e === 'x' || e === 'X') {
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new TorControlProtocolError('bad \\x escape in a quoted string');
    bytes.push(parseInt(hex, 16));
    return i + 3;
  }
  const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3))?.[0];
  if (octal === undefined) throw new TorControlProtocolError(`unknown escape \\${e} in a quoted string`);
  const value = parseInt(octal, 8);
  if (value > 0xff) throw new TorControlProtocolError('bad octal escape in a quoted string');
  bytes.push(value);
  return i + octal.length;
}

/** Undoes {@link quoteString} / tor's quoting of a whole string: `unquoteString('"a\\"b"') === 'a"b'`. */
export function unquoteString(text: string): string {
  const { value, end } = readQuotedString(text);
  if (end !== text.length) throw new TorControlProtocolError('text after a quoted string');
  return value;
}

/** The words and `KEY=VALUE` pairs of a reply or event line. */
export interface ReplyArguments {
  /** Words without `=`, in order (e.g. `NOTICE`, `BOOTSTRAP`). */
  readonly positional: readonly string[];
  /** `KEY=VALUE` pairs; quoted values are unquoted. A repeated key keeps its last value. */
  readonly keywords: ReadonlyMap<string, string>;
}

/**
 * Splits a reply line such as `METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/var/lib/tor/x"` or an
 * event body such as `NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay"`.
 * Throws {@link TorControlProtocolError} on an unclosed or malformed quoted value.
 */
export function parseReplyArguments(text: string): ReplyArguments {
  const positional: string[] = [];
  const keywords = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== ' ' && text[j] !== '=' && text[j] !== '"') j++;
    const word = text.slice(i, j);
    if (text[j] === '=') {
      const value = readValue(text, j + 1);
      keywords.set(word, value.value);
      i = value.end;
    } else if (j === i) {
      const value = readValue(text, i);
      positional.push(value.value);
      i = value.end;
    } else {
      if (text[j] === '"') throw new TorControlProtocolError('a quote inside a word');
      positional.push(word);
      i = j;
    }
  }
  return { positional, keywords };
}

/** A raw word or a QuotedString starting at `text[i]`, which must be followed by a space or the end. */
function readValue(text: string, i: number): { value: string; end: number } {
  if (text[i] === '"') {
    const quoted = readQuotedString(text, i);
    if (quoted.end < text.length && text[quoted.end] !== ' ')
      throw new TorControlProtocolError('text right after a quoted string');
    return quoted;
  }
  let end = i;
  while (end < text.length && text[end] !== ' ') end++;
  return { value: text.slice(i, end), end };
}
