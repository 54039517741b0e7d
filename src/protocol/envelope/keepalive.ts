/**
 * Keepalive: a ping asks for a pong that echoes the ping's envelope id. A session that stays
 * silent past its deadline is closed and redialed, which notices a Tor circuit that died
 * without closing the stream.
 *
 *   ping = (empty)
 *   pong = 16-byte id of the ping it answers
 */
import type { ByteReader, ByteWriter } from '../bytes.js';
import { readMessageId, writeMessageId } from './fields.js';

/** A pong's body. */
export interface PongBody {
  readonly pingId: Uint8Array;
}

/** Reads a pong's body. */
export function readPong(reader: ByteReader): PongBody {
  return { pingId: readMessageId(reader, 'pong ping id') };
}

/** Writes a pong's body. */
export function writePong(writer: ByteWriter, body: PongBody): void {
  writeMessageId(writer, body.pingId, 'pong ping id');
}
