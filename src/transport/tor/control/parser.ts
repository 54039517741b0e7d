/**
 * A pure parser for tor's control-port byte stream: bytes in (split anywhere), complete
 * replies and events out (control-spec §2.3). No I/O, no timers.
 *
 * - Every line ends with CRLF; a bare LF, a bad status code or divider is a protocol error.
 * - `+` lines open a data block that ends with a lone `.`; a leading `.` of any other data
 *   line is removed (dot-unstuffing, §2.3 CmdData / RFC 5321 §4.5.2 "transparency").
 * - All lines of one reply share one status code; mixing them is a protocol error.
 * - Lines with a 6yz status are events (§4.1) and are assembled apart from the reply in
 *   progress, so an event can never end up inside a command's reply. Tor writes each reply
 *   whole and events only between replies, but keeping the two apart costs nothing.
 * - Memory is bounded by {@link MAX_LINE_BYTES} per line and {@link MAX_REPLY_BYTES} per reply.
 *
 * After the first error the parser stays failed: every later `push` throws the same error.
 */
import { TorControlProtocolError } from './errors.js';
import type { ControlEvent, ControlReply, ControlReplyLine } from './reply.js';

/**
 * Longest line (without CRLF) accepted. Tor's longest single lines are GETCONF values such as
 * long node lists (tens of KiB); anything longer without a line break is not tor talking.
 */
export const MAX_LINE_BYTES = 256 * 1024;

/**
 * Largest reply (all its lines) accepted. The biggest replies tor sends are `GETINFO ns/all`
 * and `md/all` on the public network, a few MiB each.
 */
export const MAX_REPLY_BYTES = 32 * 1024 * 1024;

/** What the parser produces, in the order the bytes completed them. */
export type ControlMessage =
  { readonly type: 'reply'; readonly reply: ControlReply } | { readonly type: 'event'; readonly event: ControlEvent };

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

interface Assembly {
  readonly code: number;
  readonly lines: ControlReplyLine[];
  bytes: number;
}

interface DataBlock {
  readonly assembly: Assembly;
  readonly code: number;
  readonly text: string;
  readonly lines: string[];
}

const decoder = new TextDecoder('utf-8');

/**
 * Incremental control-reply parser.
 *
 * @example
 * ```ts
 * const parser = new ControlReplyParser();
 * parser.push(Buffer.from('250-version=0.4.9.11\r\n250 O')); // []
 * parser.push(Buffer.from('K\r\n')); // [{ type: 'reply', reply: { code: 250, lines: [...] } }]
 * ```
 */
export class ControlReplyParser {
  /** Bytes of the line being received, as the chunks they came in (no copying per chunk). */
  #partial: Uint8Array[] = [];
  #partialBytes = 0;
  #sync: Assembly | undefined;
  #async: Assembly | undefined;
  #data: DataBlock | undefined;
  #failure: TorControlProtocolError | undefined;

  /**
   * Feeds the next bytes; returns the replies and events they complete, in order.
   * Throws {@link TorControlProtocolError} on malformed input (and on every call after that).
   */
  push(chunk: Uint8Array): ControlMessage[] {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      return this.#push(chunk);
    } catch (error) {
      // Anything but a protocol error is a bug here and propagates as it is.
      if (error instanceof TorControlProtocolError) {
        this.#failure = error;
        this.#partial = [];
      }
      throw error;
    }
  }

  /** Whether bytes of an unfinished reply or event are buffered (e.g. the socket closed mid-reply). */
  get midReply(): boolean {
    return this.#partialBytes > 0 || this.#sync !== undefined || this.#async !== undefined || this.#data !== undefined;
  }

  #push(chunk: Uint8Array): ControlMessage[] {
    const out: ControlMessage[] = [];
    let start = 0;
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, start)) {
      const line = this.#takeLine(chunk.subarray(start, lf));
      start = lf + 1;
      const message = this.#line(line);
      if (message !== undefined) out.push(message);
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#partial.push(Uint8Array.from(rest));
      this.#partialBytes += rest.length;
      this.#checkPartialLength();
    }
    return out;
  }

  /** Joins the buffered start of a line with its end (which precedes an LF) and strips CRLF. */
  #takeLine(end: Uint8Array): Uint8Array {
    let line: Uint8Array;
    if (this.#partialBytes === 0) {
      line = end;
    } else {
      line = new Uint8Array(this.#partialBytes + end.length);
      let offset = 0;
      for (const piece of this.#partial) {
        line.set(piece, offset);
        offset += piece.length;
      }
      line.set(end, offset);
      this.#partial = [];
      this.#partialBytes = 0;
    }
    if (line.length === 0 || line[line.length - 1] !== CR)
      throw new TorControlProtocolError('a line ended with LF instead of CRLF');
    const content = line.subarray(0, line.length - 1);
    if (content.length > MAX_LINE_BYTES)
      throw new TorControlProtocolError(`a line is longer than ${MAX_LINE_BYTES} bytes`);
    return content;
  }

  /**
   * Fails as soon as the unfinished line can no longer fit: its content (everything before a
   * final CR) already exceeds the limit. Same verdict as for the complete line, only earlier.
   */
  #checkPartialLength(): void {
    const length = this.#partialBytes;
    const last = this.#partial[this.#partial.length - 1];
    const endsWithCr = last !== undefined && last[last.length - 1] === CR;
    const contentAtLeast = endsWithCr ? length - 1 : length;
    if (contentAtLeast > MAX_LINE_BYTES) throw new TorControlProtocolError(`no CRLF within ${MAX_LINE_BYTES} bytes`);
  }

  #line(line: Uint8Array): ControlMessage | undefined {
    if (this.#data !== undefined) {
      this.#dataLine(this.#data, line);
      return undefined;
    }
    if (line.length < 4 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2])) {
      throw new TorControlProtocolError('a line does not start with a three-digit status code');
    }
    const code = (line[0]! - 0x30) * 100 + (line[1]! - 0x30) * 10 + (line[2]! - 0x30);
    // control-spec §4: the first digit is 2 (ok), 4 (temporary error), 5 (permanent error) or 6 (async).
    const kind = line[0]! - 0x30;
    if (kind !== 2 && kind !== 4 && kind !== 5 && kind !== 6)
      throw new TorControlProtocolError(`status code ${code} is not a control-spec status`);
    const divider = String.fromCharCode(line[3]!);
    if (divider !== '-' && divider !== '+' && divider !== ' ')
      throw new TorControlProtocolError(`status ${code} is followed by neither "-", "+" nor " "`);
    const isEvent = kind === 6;
    const assembly = this.#assemblyFor(isEvent, code);
    this.#count(assembly, line.length + 2);
    const text = decoder.decode(line.subarray(4));
    if (divider === '+') {
      this.#data = { assembly, code, text, lines: [] };
      return undefined;
    }
    assembly.lines.push({ code, divider, text });
    if (divider === '-') return undefined;
    if (isEvent) {
      this.#async = undefined;
      return { type: 'event', event: toEvent(assembly) };
    }
    this.#sync = undefined;
    return { type: 'reply', reply: { code: assembly.code, lines: assembly.lines } };
  }

  #assemblyFor(isEvent: boolean, code: number): Assembly {
    const current = isEvent ? this.#async : this.#sync;
    if (current !== undefined) {
      if (current.code !== code)
        throw new TorControlProtocolError(`one reply mixes status codes ${current.code} and ${code}`);
      return current;
    }
    const fresh: Assembly = { code, lines: [], bytes: 0 };
    if (isEvent) this.#async = fresh;
    else this.#sync = fresh;
    return fresh;
  }

  #dataLine(block: DataBlock, line: Uint8Array): void {
    this.#count(block.assembly, line.length + 2);
    if (line.length === 1 && line[0] === DOT) {
      block.assembly.lines.push({ code: block.code, divider: '+', text: block.text, data: block.lines.join('\n') });
      this.#data = undefined;
      return;
    }
    block.lines.push(decoder.decode(line[0] === DOT ? line.subarray(1) : line));
  }

  #count(assembly: Assembly, bytes: number): void {
    assembly.bytes += bytes;
    if (assembly.bytes > MAX_REPLY_BYTES)
      throw new TorControlProtocolError(`a reply is larger than ${MAX_REPLY_BYTES} bytes`);
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function toEvent(assembly: Assembly): ControlEvent {
  const first = assembly.lines[0];
  const text = first?.text ?? '';
  const space = text.indexOf(' ');
  const name = space === -1 ? text : text.slice(0, space);
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new TorControlProtocolError('an event does not start with an event name');
  return { code: assembly.code, lines: assembly.lines, name, body: space === -1 ? '' : text.slice(space + 1) };
}
