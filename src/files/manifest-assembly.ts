/**
 * Putting a large manifest together from its hash pieces. The offer carries the header, the
 * root hash and piece 0; pieces 1 and up are fetched with hash-request / hash-piece (from the
 * offerer or any source the downloader may ask). The root covers the whole list at once, so
 * the pieces are checked together: fetch them all from one source, and if the list does not
 * hash to the root, blame that source and start over with another.
 *
 * @example
 * ```ts
 * const assembly = new ManifestAssembly(offer);
 * for (const piece of assembly.missingPieces()) send({ kind: 'hash-request', fileId, piece });
 * assembly.addPiece(reply.piece, reply.hashes);          // for each hash-piece
 * if (assembly.isComplete) manifest = assembly.finish(); // ManifestMismatchError: reset(), try elsewhere
 * ```
 */
import { checkInteger } from '../lib/argument-checks.js';
import { CHUNK_HASH_BYTES, HASHES_PER_PIECE } from '../protocol/files/file-wire-limits.js';
import type { FileOfferBody } from '../protocol/files/file-offer.js';
import { checkManifestHeader, chunkCountOf, type ManifestHeader } from '../protocol/files/manifest-header.js';
import { HashPieceInvalidError } from './errors.js';
import { Manifest } from './manifest.js';

/** The number of hash pieces of a file of `chunkCount` chunks (at least 1: piece 0 may be empty). */
export function hashPieceCount(chunkCount: number): number {
  return Math.max(1, Math.ceil(chunkCount / HASHES_PER_PIECE));
}

/** The chunks whose hashes piece `piece` holds. */
export function hashPieceRange(chunkCount: number, piece: number): { readonly first: number; readonly count: number } {
  checkInteger(piece, 'piece', 0, hashPieceCount(chunkCount) - 1);
  const first = piece * HASHES_PER_PIECE;
  return { first, count: Math.min(HASHES_PER_PIECE, chunkCount - first) };
}

/**
 * The hashes of piece `piece` of `manifest`, for answering a hash-request (a view).
 * @example hashPiece(manifest, 1)
 */
export function hashPiece(manifest: Manifest, piece: number): Uint8Array {
  const { first, count } = hashPieceRange(manifest.chunkCount, piece);
  return manifest.chunkHashes.subarray(first * CHUNK_HASH_BYTES, (first + count) * CHUNK_HASH_BYTES);
}

/** Collects the hash pieces of one offered manifest until it can be checked. */
export class ManifestAssembly {
  readonly #header: ManifestHeader;
  readonly #rootHash: Uint8Array;
  readonly #chunkCount: number;
  readonly #pieces: (Uint8Array | undefined)[];

  /** Starts from an offer (its piece 0 included). */
  constructor(offer: Pick<FileOfferBody, 'header' | 'fileId' | 'firstHashes'>) {
    checkManifestHeader(offer.header, 'offer.header');
    this.#header = offer.header;
    this.#rootHash = Uint8Array.from(offer.fileId);
    this.#chunkCount = chunkCountOf(offer.header.size, offer.header.chunkSize);
    this.#pieces = Array.from({ length: hashPieceCount(this.#chunkCount) }, () => undefined);
    this.addPiece(0, offer.firstHashes);
  }

  /** Whether every piece is in. */
  get isComplete(): boolean {
    return this.#pieces.every((piece) => piece !== undefined);
  }

  /** Pieces still to fetch, ascending. */
  missingPieces(): number[] {
    return this.#pieces.flatMap((piece, index) => (piece === undefined ? [index] : []));
  }

  /**
   * Adds piece `piece`. Throws `HashPieceInvalidError` for a piece number past the end or a
   * hash count that does not fit that piece. A piece already held is kept as it was.
   */
  addPiece(piece: number, hashes: Uint8Array): void {
    if (!Number.isInteger(piece) || piece < 0 || piece >= this.#pieces.length) {
      throw new HashPieceInvalidError(`piece ${piece} does not exist (the file has ${this.#pieces.length})`);
    }
    const { count } = hashPieceRange(this.#chunkCount, piece);
    if (!(hashes instanceof Uint8Array) || hashes.length !== count * CHUNK_HASH_BYTES) {
      throw new HashPieceInvalidError(`piece ${piece} must hold ${count} hashes`);
    }
    this.#pieces[piece] ??= Uint8Array.from(hashes);
  }

  /** Drops pieces 1 and up (the list did not match the root: fetch it again from someone else). */
  reset(): void {
    for (let piece = 1; piece < this.#pieces.length; piece++) this.#pieces[piece] = undefined;
  }

  /**
   * The checked manifest. Throws `ManifestMismatchError` if the hash list does not hash to the
   * offered root, `HashPieceInvalidError` if pieces are missing.
   */
  finish(): Manifest {
    const missing = this.missingPieces();
    if (missing.length > 0) throw new HashPieceInvalidError(`${missing.length} pieces are still missing`);
    const chunkHashes = new Uint8Array(this.#chunkCount * CHUNK_HASH_BYTES);
    this.#pieces.forEach((piece, index) => chunkHashes.set(piece!, index * HASHES_PER_PIECE * CHUNK_HASH_BYTES));
    return Manifest.check({ header: this.#header, rootHash: this.#rootHash, chunkHashes });
  }
}
