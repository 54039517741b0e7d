/**
 * Asking for chunks and sending their bytes.
 *
 *   chunk-request = 32-byte file id ‖ u16 count (1–64) ‖ count × (u32 chunk index ‖ u32 request id)
 *   chunk-data    = 32-byte file id ‖ u32 request id ‖ u32 chunk index ‖ u8 block ‖ data
 *
 * A requested chunk comes back as its blocks in order (block b is bytes b × BLOCK_BYTES … of the
 * chunk; data is 1 to BLOCK_BYTES bytes, the rest of the message). The request id, chosen by
 * the requester and unique per download, ties each block to one request, so blocks of a
 * request that was cancelled or timed out and then re-sent are never mixed with the new one.
 * Within one request no chunk index and no request id appears twice. Whether the index and the
 * data length fit the file is the receiver's check: the decoder knows only the hard limits.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import {
  checkListLength,
  readChunkIndex,
  readFileId,
  readListCount,
  writeChunkIndex,
  writeFileId,
} from './file-fields.js';
import { BLOCK_BYTES, MAX_BLOCKS_PER_CHUNK, MAX_REQUEST_ENTRIES } from './file-wire-limits.js';

/** One requested chunk. */
export interface ChunkRequestEntry {
  readonly index: number;
  /** u32 chosen by the requester, echoed in every block of the answer. */
  readonly requestId: number;
}

/** A chunk-request's body. */
export interface ChunkRequestBody {
  readonly fileId: Uint8Array;
  /** 1 to MAX_REQUEST_ENTRIES chunks, in the order the requester wants them. */
  readonly entries: readonly ChunkRequestEntry[];
}

/** A chunk-data's body: one block of one requested chunk. */
export interface ChunkDataBody {
  readonly fileId: Uint8Array;
  readonly requestId: number;
  readonly index: number;
  /** Which block of the chunk (0 to MAX_BLOCKS_PER_CHUNK − 1). */
  readonly block: number;
  /** 1 to BLOCK_BYTES bytes. */
  readonly data: Uint8Array;
}

/** Reads a chunk-request's body. */
export function readChunkRequest(reader: ByteReader): ChunkRequestBody {
  const fileId = readFileId(reader, 'chunk-request file id');
  const count = readListCount(reader, MAX_REQUEST_ENTRIES, 'chunk-request entries');
  const entries: ChunkRequestEntry[] = [];
  for (let i = 0; i < count; i++) {
    const index = readChunkIndex(reader, 'chunk-request index');
    entries.push({ index, requestId: reader.readU32('chunk-request request id') });
  }
  if (new Set(entries.map((e) => e.index)).size !== count)
    throw malformedInput('chunk-request entries', 'ask for the same chunk twice');
  if (new Set(entries.map((e) => e.requestId)).size !== count)
    throw malformedInput('chunk-request entries', 'use the same request id twice');
  return { fileId, entries };
}

/** Writes a chunk-request's body. */
export function writeChunkRequest(writer: ByteWriter, body: ChunkRequestBody): void {
  writeFileId(writer, body.fileId, 'chunk-request file id');
  checkListLength(body.entries, MAX_REQUEST_ENTRIES, 'chunk-request entries');
  if (
    new Set(body.entries.map((e) => e.index)).size !== body.entries.length ||
    new Set(body.entries.map((e) => e.requestId)).size !== body.entries.length
  ) {
    throw invalidArgument('chunk-request entries', 'entries with distinct indices and distinct request ids');
  }
  writer.writeU16(body.entries.length);
  for (const entry of body.entries) {
    writeChunkIndex(writer, entry.index, 'chunk-request index');
    writer.writeU32(entry.requestId);
  }
}

/** Reads a chunk-data's body. */
export function readChunkData(reader: ByteReader): ChunkDataBody {
  const fileId = readFileId(reader, 'chunk-data file id');
  const requestId = reader.readU32('chunk-data request id');
  const index = readChunkIndex(reader, 'chunk-data index');
  const block = reader.readU8('chunk-data block');
  if (block >= MAX_BLOCKS_PER_CHUNK)
    throw malformedInput('chunk-data block', `is ${block}, over the largest block ${MAX_BLOCKS_PER_CHUNK - 1}`);
  // Check the length before copying: `remaining` is what the frame holds, never more.
  if (reader.remaining === 0) throw malformedInput('chunk-data data', 'is empty');
  if (reader.remaining > BLOCK_BYTES)
    throw malformedInput('chunk-data data', `is ${reader.remaining} bytes, over the ${BLOCK_BYTES}-byte block`);
  return { fileId, requestId, index, block, data: reader.readRest() };
}

/** Writes a chunk-data's body. */
export function writeChunkData(writer: ByteWriter, body: ChunkDataBody): void {
  writeFileId(writer, body.fileId, 'chunk-data file id');
  writer.writeU32(body.requestId);
  writeChunkIndex(writer, body.index, 'chunk-data index');
  if (!Number.isInteger(body.block) || body.block < 0 || body.block >= MAX_BLOCKS_PER_CHUNK) {
    throw invalidArgument('chunk-data block', `an integer from 0 to ${MAX_BLOCKS_PER_CHUNK - 1}`);
  }
  writer.writeU8(body.block);
  if (!(body.data instanceof Uint8Array) || body.data.length === 0 || body.data.length > BLOCK_BYTES) {
    throw invalidArgument('chunk-data data', `1 to ${BLOCK_BYTES} bytes`);
  }
  writer.writeBytes(body.data);
}
