/**
 * Field codecs shared by several message kinds: message ids, id lists, display names. Each
 * reader validates what it reads and throws only `DecodeError`s; each writer refuses (with
 * `InvalidArgumentError`, a caller bug) what the matching reader would refuse.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { MAX_DISPLAY_NAME_BYTES, MAX_RECEIPT_IDS, MESSAGE_ID_BYTES } from './limits.js';

// Unicode "Cc" (C0, DEL, C1): a display name is one line of plain text.
const CONTROL_CHARACTER = /\p{Cc}/u;

/** A 16-byte message id. */
export function readMessageId(reader: ByteReader, field: string): Uint8Array {
  return reader.readBytes(MESSAGE_ID_BYTES, field);
}

/** Writes a 16-byte message id. */
export function writeMessageId(writer: ByteWriter, id: Uint8Array, field: string): void {
  if (!(id instanceof Uint8Array) || id.length !== MESSAGE_ID_BYTES)
    throw invalidArgument(field, `a ${MESSAGE_ID_BYTES}-byte Uint8Array`);
  writer.writeBytes(id);
}

/**
 * u16 count (1 to {@link MAX_RECEIPT_IDS}) ‖ count ids, no id twice: one encoding per set of ids,
 * and a peer cannot make us do the same work twice in one message.
 */
export function readIdList(reader: ByteReader, field: string): Uint8Array[] {
  const count = reader.readU16(`${field} count`);
  if (count === 0) throw malformedInput(`${field} count`, 'is 0; a list carries at least one id');
  if (count > MAX_RECEIPT_IDS)
    throw malformedInput(`${field} count`, `is ${count}, over the limit of ${MAX_RECEIPT_IDS}`);
  const ids: Uint8Array[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const id = readMessageId(reader, field);
    const key = Buffer.from(id).toString('hex');
    if (seen.has(key)) throw malformedInput(field, 'lists the same id twice');
    seen.add(key);
    ids.push(id);
  }
  return ids;
}

/** Writes an id list (see {@link readIdList}). */
export function writeIdList(writer: ByteWriter, ids: readonly Uint8Array[], field: string): void {
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_RECEIPT_IDS) {
    throw invalidArgument(field, `an array of 1 to ${MAX_RECEIPT_IDS} ids`);
  }
  const seen = new Set<string>();
  writer.writeU16(ids.length);
  for (const id of ids as readonly unknown[]) {
    if (!(id instanceof Uint8Array)) throw invalidArgument(field, `an array of ${MESSAGE_ID_BYTES}-byte Uint8Arrays`);
    writeMessageId(writer, id, field);
    const key = Buffer.from(id).toString('hex');
    if (seen.has(key)) throw invalidArgument(field, 'a list without repeated ids');
    seen.add(key);
  }
}

/** u8 length ‖ UTF-8 display name: at most {@link MAX_DISPLAY_NAME_BYTES} bytes, no control characters. */
export function readDisplayName(reader: ByteReader, field: string): string {
  const name = reader.readString8(MAX_DISPLAY_NAME_BYTES, field);
  if (CONTROL_CHARACTER.test(name)) throw malformedInput(field, 'contains control characters');
  return name;
}

/** Writes a display name; use {@link toWireDisplayName} first on a name the user typed. */
export function writeDisplayName(writer: ByteWriter, name: string, field: string): void {
  if (typeof name !== 'string' || CONTROL_CHARACTER.test(name))
    throw invalidArgument(field, 'a string without control characters');
  writer.writeString8(name, MAX_DISPLAY_NAME_BYTES);
}

/**
 * The form of a local display name that fits the wire: control characters dropped, cut to
 * {@link MAX_DISPLAY_NAME_BYTES} UTF-8 bytes at a character boundary.
 * @example toWireDisplayName('ada\n') // 'ada'
 */
export function toWireDisplayName(name: string): string {
  const encoder = new TextEncoder();
  let out = '';
  let bytes = 0;
  for (const character of name.replace(/\p{Cc}/gu, '')) {
    // A lone surrogate would become 3 bytes of U+FFFD; dropping it keeps the writer happy.
    if (/\p{Cs}/u.test(character)) continue;
    const size = encoder.encode(character).length;
    if (bytes + size > MAX_DISPLAY_NAME_BYTES) break;
    out += character;
    bytes += size;
  }
  return out;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The UTF-8 length of `text`, or undefined when it cannot be encoded (a lone surrogate, which
 * JSON input can carry). User input is checked with this before it reaches an encoder.
 * @example wellFormedUtf8Length('é') // 2
 */
export function wellFormedUtf8Length(text: string): number | undefined {
  if (typeof text !== 'string' || LONE_SURROGATE.test(text)) return undefined;
  return Buffer.byteLength(text, 'utf8');
}
