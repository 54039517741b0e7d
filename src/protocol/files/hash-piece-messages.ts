/**
 * Fetching the rest of a large manifest's hash list (pieces 1 and up; piece 0 came with the
 * offer). Piece p holds the hashes of chunks p × HASHES_PER_PIECE onward.
 *
 *   hash-request = 32-byte file id ‖ u16 piece (< MAX_HASH_PIECES)
 *   hash-piece   = 32-byte file id ‖ u16 piece ‖ u16 count (1–HASHES_PER_PIECE) ‖ count × 32-byte hash
 *
 * The decoder cannot know the file's chunk count, so whether `count` is right for that piece
 * is checked by the receiver against the header it holds (src/files/manifest-assembly.ts).
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { readFileId, readHashes, readListCount, writeFileId, writeHashes } from './file-fields.js';
import { CHUNK_HASH_BYTES, HASHES_PER_PIECE, MAX_HASH_PIECES } from './file-wire-limits.js';

/** A hash-request's body. */
export interface HashRequestBody {
  readonly fileId: Uint8Array;
  readonly piece: number;
}

/** A hash-piece's body. */
export interface HashPieceBody {
  readonly fileId: Uint8Array;
  readonly piece: number;
  /** 1 to HASHES_PER_PIECE concatenated 32-byte chunk hashes. */
  readonly hashes: Uint8Array;
}

function readPiece(reader: ByteReader, field: string): number {
  const piece = reader.readU16(field);
  if (piece >= MAX_HASH_PIECES)
    throw malformedInput(field, `is ${piece}, over the largest piece ${MAX_HASH_PIECES - 1}`);
  return piece;
}

function writePiece(writer: ByteWriter, piece: number, field: string): void {
  if (!Number.isInteger(piece) || piece < 0 || piece >= MAX_HASH_PIECES)
    throw invalidArgument(field, `an integer from 0 to ${MAX_HASH_PIECES - 1}`);
  writer.writeU16(piece);
}

/** Reads a hash-request's body. */
export function readHashRequest(reader: ByteReader): HashRequestBody {
  return { fileId: readFileId(reader, 'hash-request file id'), piece: readPiece(reader, 'hash-request piece') };
}

/** Writes a hash-request's body. */
export function writeHashRequest(writer: ByteWriter, body: HashRequestBody): void {
  writeFileId(writer, body.fileId, 'hash-request file id');
  writePiece(writer, body.piece, 'hash-request piece');
}

/** Reads a hash-piece's body. */
export function readHashPiece(reader: ByteReader): HashPieceBody {
  const fileId = readFileId(reader, 'hash-piece file id');
  const piece = readPiece(reader, 'hash-piece piece');
  const count = readListCount(reader, HASHES_PER_PIECE, 'hash-piece hashes');
  return { fileId, piece, hashes: readHashes(reader, count, 'hash-piece hashes') };
}

/** Writes a hash-piece's body. */
export function writeHashPiece(writer: ByteWriter, body: HashPieceBody): void {
  writeFileId(writer, body.fileId, 'hash-piece file id');
  writePiece(writer, body.piece, 'hash-piece piece');
  const hashes = body.hashes;
  const count = hashes instanceof Uint8Array ? hashes.length / CHUNK_HASH_BYTES : NaN;
  if (!Number.isInteger(count) || count < 1 || count > HASHES_PER_PIECE) {
    throw invalidArgument('hash-piece hashes', `1 to ${HASHES_PER_PIECE} concatenated ${CHUNK_HASH_BYTES}-byte hashes`);
  }
  writer.writeU16(count);
  writeHashes(writer, hashes, count, 'hash-piece hashes');
}
