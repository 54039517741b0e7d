/**
 * Splits a byte stream into UTF-8 lines with a hard maximum line length, so a peer that never
 * sends a newline cannot make us buffer without bound.
 */
import type { Readable } from 'node:stream';
import { BurrowFailure } from '../errors.js';

/** 'LineTooLongError': a line longer than `limit` bytes. */
export function lineTooLong(limit: number): BurrowFailure {
  return new BurrowFailure('LineTooLongError', `a line exceeded ${limit} bytes`, { action: 'drop-peer' });
}

/** Calls `onLine` for every complete line of `stream`; `onError` once if a line is too long (then stops reading). */
export function readJsonLines(
  stream: Readable,
  maxLineBytes: number,
  onLine: (line: string) => void,
  onError: (error: Error) => void,
): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let failed = false;
  stream.on('data', (chunk: Buffer) => {
    if (failed) return;
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      if (pendingBytes + piece.length > maxLineBytes) return fail();
      const line = Buffer.concat([...pending, piece]).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
      if (line.trim() !== '') onLine(line);
    }
    const rest = chunk.subarray(start);
    if (pendingBytes + rest.length > maxLineBytes) return fail();
    if (rest.length > 0) {
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  });
  function fail(): void {
    failed = true;
    pending = [];
    onError(lineTooLong(maxLineBytes));
  }
}
