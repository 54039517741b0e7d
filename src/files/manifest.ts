/**
 * A checked file manifest (docs/ARCHITECTURE.md "Services/Files"): name, size, chunk size, the SHA-256 of
 * each chunk, and the root hash that identifies the file:
 *
 *   chunk hash = SHA-256(chunk bytes)
 *   root hash  = SHA-256("burrow file manifest v1" ‖ header ‖ chunk hash 0 ‖ … ‖ chunk hash n−1)
 *
 * with `header` as on the wire (src/protocol/files/manifest-header.ts). The name is part
 * of the id, so nobody forwarding an offer can rename the file without changing its id. A
 * {@link Manifest} exists only through {@link Manifest.check} (root recomputed) or the builder
 * (root computed from the file): holding one means every chunk hash is bound to the file id,
 * so a chunk that matches its hash is the sender's chunk (arti tor-checkable habit).
 *
 * SHA-256 through node:crypto was measured on this project's 2-core dev machine at ~0.9 GB/s
 * per 256 KiB chunk (SHA-NI), against ~20 MB/s for @noble/hashes' BLAKE3 and ~10 MB/s for its
 * BLAKE2b (pure JS) and ~0.7 GB/s for OpenSSL's BLAKE2b-512: SHA-256 is the fastest choice.
 */
import { checkBytes, checkInteger, invalidArgument } from '../lib/argument-checks.js';
import { constantTimeEqual } from '../crypto/constant-time.js';
import { sha256 } from '../crypto/sha256.js';
import { ByteWriter } from '../protocol/bytes.js';
import { CHUNK_HASH_BYTES, FILE_ID_BYTES } from '../protocol/files/file-wire-limits.js';
import {
  checkManifestHeader,
  chunkCountOf,
  writeManifestHeader,
  type ManifestHeader,
} from '../protocol/files/manifest-header.js';
import type { UnverifiedManifest } from '../protocol/files/manifest-record.js';
import { ManifestMismatchError } from './errors.js';

/** Domain separation of the root hash: no other Burrow hash starts with these bytes. */
const ROOT_CONTEXT = new TextEncoder().encode('burrow file manifest v1');

// Only this module (and the builder, through manifestFromHashes) can make a Manifest.
const CONSTRUCT = Symbol('Manifest.construct');

/**
 * The root hash (file id) of a manifest with these fields and chunk hashes.
 * @example manifestRootHash({ name: 'a.txt', size: 0, chunkSize: DEFAULT_CHUNK_SIZE }, new Uint8Array(0))
 */
export function manifestRootHash(header: ManifestHeader, chunkHashes: Uint8Array): Uint8Array {
  checkManifestHeader(header, 'header');
  checkBytes(chunkHashes, 'chunkHashes', chunkCountOf(header.size, header.chunkSize) * CHUNK_HASH_BYTES);
  const headerBytes = new ByteWriter();
  writeManifestHeader(headerBytes, header, 'header');
  return sha256(ROOT_CONTEXT, headerBytes.finish(), chunkHashes);
}

/**
 * The SHA-256 of one chunk's bytes.
 * @example chunkHash(bytes)
 */
export function chunkHash(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/** A manifest whose root hash was checked. Immutable. */
export class Manifest implements UnverifiedManifest {
  readonly header: ManifestHeader;
  readonly rootHash: Uint8Array;
  readonly chunkHashes: Uint8Array;
  /** Number of chunks (0 for an empty file). */
  readonly chunkCount: number;

  /** @internal Use {@link Manifest.check} or the builder. */
  constructor(token: symbol, header: ManifestHeader, rootHash: Uint8Array, chunkHashes: Uint8Array) {
    if (token !== CONSTRUCT)
      throw invalidArgument('Manifest', 'made by Manifest.check() or buildManifest(), not new Manifest()');
    this.header = Object.freeze({ name: header.name, size: header.size, chunkSize: header.chunkSize });
    this.rootHash = Uint8Array.from(rootHash);
    this.chunkHashes = Uint8Array.from(chunkHashes);
    this.chunkCount = chunkCountOf(header.size, header.chunkSize);
    Object.freeze(this);
  }

  /**
   * Checks an unverified manifest: recomputes the root hash from its header and chunk hashes.
   * Throws `ManifestMismatchError` if it differs from the claimed one (and
   * `InvalidArgumentError` for fields outside the limits, which a decoded manifest never has).
   * @example const manifest = Manifest.check(decodeManifestRecord(bytes));
   */
  static check(unverified: UnverifiedManifest): Manifest {
    if (typeof unverified !== 'object' || unverified === null)
      throw invalidArgument('manifest', 'an UnverifiedManifest');
    checkBytes(unverified.rootHash, 'manifest.rootHash', FILE_ID_BYTES);
    const computed = manifestRootHash(unverified.header, unverified.chunkHashes);
    if (!constantTimeEqual(computed, unverified.rootHash)) throw new ManifestMismatchError();
    return new Manifest(CONSTRUCT, unverified.header, computed, unverified.chunkHashes);
  }

  /** The file id: the root hash. */
  get fileId(): Uint8Array {
    return this.rootHash;
  }

  /** The file id in hex (for map keys and store rows). */
  get fileIdHex(): string {
    return Buffer.from(this.rootHash).toString('hex');
  }

  /** Byte offset of chunk `index` in the file. */
  chunkOffset(index: number): number {
    this.#checkIndex(index);
    return index * this.header.chunkSize;
  }

  /** Length of chunk `index` (the last one may be shorter). */
  chunkLength(index: number): number {
    this.#checkIndex(index);
    return Math.min(this.header.chunkSize, this.header.size - index * this.header.chunkSize);
  }

  /** The expected hash of chunk `index` (a view: do not change it). */
  chunkHash(index: number): Uint8Array {
    this.#checkIndex(index);
    return this.chunkHashes.subarray(index * CHUNK_HASH_BYTES, (index + 1) * CHUNK_HASH_BYTES);
  }

  /** Whether `bytes` are exactly chunk `index`. */
  verifyChunk(index: number, bytes: Uint8Array): boolean {
    checkBytes(bytes, 'bytes');
    return bytes.length === this.chunkLength(index) && constantTimeEqual(chunkHash(bytes), this.chunkHash(index));
  }

  #checkIndex(index: number): void {
    checkInteger(index, 'chunk index', 0, this.chunkCount - 1);
  }
}

/**
 * A manifest from fields and chunk hashes computed here (from the file itself), so there is no
 * claimed root to check: the root is computed. For the builder; peers' manifests go through
 * {@link Manifest.check}.
 */
export function manifestFromHashes(header: ManifestHeader, chunkHashes: Uint8Array): Manifest {
  return new Manifest(CONSTRUCT, header, manifestRootHash(header, chunkHashes), chunkHashes);
}
