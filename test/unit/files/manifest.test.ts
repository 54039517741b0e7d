import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError } from '../../../src/errors.js';
import {
  HashPieceInvalidError,
  Manifest,
  ManifestAssembly,
  ManifestMismatchError,
  buildManifest,
  chooseChunkSize,
  hashPiece,
  hashPieceCount,
  manifestRootHash,
} from '../../../src/files/index.js';
import { manifestFromHashes } from '../../../src/files/manifest.js';
import {
  BLOCK_BYTES,
  DEFAULT_CHUNK_SIZE,
  HASHES_PER_PIECE,
  MAX_CHUNK_COUNT,
  MAX_CHUNK_SIZE,
  MAX_FILE_SIZE,
  MIN_CHUNK_SIZE,
  decodeManifestRecord,
  encodeManifestRecord,
  type UnverifiedManifest,
} from '../../../src/protocol/files/index.js';
import { patternBytes } from '../../shared/bytes.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';
import { chunkOf, manifestOf } from './helpers.js';

afterEach(removeTempDirs);
import { errorNamed } from '../../shared/errors.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('building a manifest from a file', () => {
  const C = MIN_CHUNK_SIZE;
  const cases: [string, number, number][] = [
    ['0 bytes', 0, 0],
    ['1 byte', 1, 1],
    ['one byte under a chunk', C - 1, 1],
    ['exactly one chunk', C, 1],
    ['one chunk + 1 byte', C + 1, 2],
    ['exactly three chunks', 3 * C, 3],
    ['three chunks + 1 byte', 3 * C + 1, 4],
  ];
  for (const [what, size, chunks] of cases) {
    it(`hashes ${what} into ${chunks} chunk(s)`, async () => {
      const bytes = patternBytes(size);
      const { manifest } = await manifestOf(bytes, 'f.bin', C);
      expect(manifest.header).toEqual({ name: 'f.bin', size, chunkSize: C });
      expect(manifest.chunkCount).toBe(chunks);
      let total = 0;
      for (let i = 0; i < chunks; i++) {
        const chunk = chunkOf(manifest, bytes, i);
        expect(hex(manifest.chunkHash(i))).toBe(sha256(chunk));
        expect(manifest.verifyChunk(i, chunk)).toBe(true);
        total += manifest.chunkLength(i);
      }
      expect(total).toBe(size);
      // The root hash recomputes from the fields, and a checked copy equals the built one.
      expect(Manifest.check(decodeManifestRecord(encodeManifestRecord(manifest)))).toEqual(manifest);
    });
  }

  it('uses the default chunk size and the file name, made fit for the wire', async () => {
    const folder = tempDir();
    const path = join(folder, 'notes\n.txt');
    writeFileSync(path, 'hello');
    const manifest = await buildManifest(path);
    expect(manifest.header).toEqual({ name: 'notes_.txt', size: 5, chunkSize: DEFAULT_CHUNK_SIZE });
    expect((await buildManifest(path, { name: 'other.txt' })).header.name).toBe('other.txt');
  });

  it('refuses a file over the user limit, a directory, a missing file, and stops when aborted', async () => {
    const { path } = await manifestOf(patternBytes(10));
    await expect(buildManifest(path, { maxSize: 9 })).rejects.toThrow(errorNamed('FileTooLargeError'));
    const folder = tempDir();
    mkdirSync(join(folder, 'dir'));
    await expect(buildManifest(join(folder, 'dir'))).rejects.toThrow(errorNamed('FileIoError'));
    await expect(buildManifest(join(folder, 'missing'))).rejects.toThrow(errorNamed('FileIoError'));
    await expect(buildManifest(path, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
  });

  it('binds the name, size, chunk size and every chunk hash into the root', async () => {
    const { manifest } = await manifestOf(patternBytes(2 * MIN_CHUNK_SIZE + 5));
    const base: UnverifiedManifest = {
      header: manifest.header,
      rootHash: manifest.rootHash,
      chunkHashes: manifest.chunkHashes,
    };
    const tamperedHashes = Uint8Array.from(manifest.chunkHashes);
    tamperedHashes[40] = tamperedHashes[40]! ^ 1;
    const variants: UnverifiedManifest[] = [
      { ...base, header: { ...manifest.header, name: 'renamed.bin' } },
      { ...base, chunkHashes: tamperedHashes },
      { ...base, rootHash: new Uint8Array(32) },
    ];
    for (const variant of variants) expect(() => Manifest.check(variant)).toThrow(ManifestMismatchError);
    // Chunk sizes and sizes that keep the same hash count still change the root.
    const otherSize = {
      name: manifest.header.name,
      size: manifest.header.size - 1,
      chunkSize: manifest.header.chunkSize,
    };
    expect(hex(manifestRootHash(otherSize, manifest.chunkHashes))).not.toBe(hex(manifest.rootHash));
  });

  it('refuses absurd manifests', () => {
    const absurd: UnverifiedManifest[] = [
      {
        header: { name: 'a', size: MAX_FILE_SIZE + 1, chunkSize: MAX_CHUNK_SIZE },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(0),
      },
      {
        header: { name: 'a', size: -1, chunkSize: MIN_CHUNK_SIZE },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(0),
      },
      {
        header: { name: 'a', size: 1.5, chunkSize: MIN_CHUNK_SIZE },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(32),
      },
      { header: { name: 'a', size: 10, chunkSize: 0 }, rootHash: new Uint8Array(32), chunkHashes: new Uint8Array(32) },
      {
        header: { name: 'a', size: 10, chunkSize: BLOCK_BYTES + 1 },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(32),
      },
      {
        header: { name: 'a', size: 10, chunkSize: MAX_CHUNK_SIZE + BLOCK_BYTES },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(32),
      },
      // More chunks than MAX_CHUNK_COUNT with small chunks, though the size is allowed.
      {
        header: { name: 'a', size: (MAX_CHUNK_COUNT + 1) * MIN_CHUNK_SIZE, chunkSize: MIN_CHUNK_SIZE },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(0),
      },
      // A hash count that disagrees with the size.
      {
        header: { name: 'a', size: 10, chunkSize: MIN_CHUNK_SIZE },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(64),
      },
      {
        header: { name: '../a', size: 0, chunkSize: MIN_CHUNK_SIZE },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(0),
      },
      {
        header: { name: 'a'.repeat(256), size: 0, chunkSize: MIN_CHUNK_SIZE },
        rootHash: new Uint8Array(32),
        chunkHashes: new Uint8Array(0),
      },
    ];
    for (const manifest of absurd)
      expect(() => Manifest.check(manifest), JSON.stringify(manifest.header)).toThrow(
        errorNamed('InvalidArgumentError'),
      );
    expect(() => new Manifest(Symbol('forged'), absurd[0]!.header, new Uint8Array(32), new Uint8Array(0))).toThrow(
      errorNamed('InvalidArgumentError'),
    );
  });

  it('chooses the default chunk size up to MAX_CHUNK_COUNT chunks, then bigger whole-block chunks', () => {
    expect(chooseChunkSize(0)).toBe(DEFAULT_CHUNK_SIZE);
    expect(chooseChunkSize(MAX_CHUNK_COUNT * DEFAULT_CHUNK_SIZE)).toBe(DEFAULT_CHUNK_SIZE);
    expect(chooseChunkSize(MAX_CHUNK_COUNT * DEFAULT_CHUNK_SIZE + 1)).toBe(DEFAULT_CHUNK_SIZE + BLOCK_BYTES);
    expect(chooseChunkSize(MAX_FILE_SIZE)).toBe(MAX_CHUNK_SIZE);
    expect(() => chooseChunkSize(MAX_FILE_SIZE + 1)).toThrow(errorNamed('FileTooLargeError'));
  });
});

describe('assembling a large manifest from hash pieces', () => {
  // 2 000 chunks: piece 0 (1 920 hashes) comes with the offer, piece 1 (80) is fetched.
  const chunkCount = HASHES_PER_PIECE + 80;
  const header = { name: 'big.iso', size: chunkCount * MIN_CHUNK_SIZE - 7, chunkSize: MIN_CHUNK_SIZE };
  const manifest = manifestFromHashes(header, patternBytes(chunkCount * 32, 9));
  const offer = { header, fileId: manifest.fileId, firstHashes: hashPiece(manifest, 0) };

  it('needs piece 1, then yields the checked manifest', () => {
    expect(hashPieceCount(chunkCount)).toBe(2);
    const assembly = new ManifestAssembly(offer);
    expect(assembly.missingPieces()).toEqual([1]);
    assembly.addPiece(1, hashPiece(manifest, 1));
    expect(assembly.isComplete).toBe(true);
    const assembled = assembly.finish();
    expect(assembled.header).toEqual(manifest.header);
    expect(Buffer.from(assembled.chunkHashes).equals(manifest.chunkHashes)).toBe(true);
  });

  it('refuses pieces that do not fit, and a list that does not hash to the root', () => {
    const assembly = new ManifestAssembly(offer);
    expect(() => assembly.addPiece(2, hashPiece(manifest, 1))).toThrow(HashPieceInvalidError);
    expect(() => assembly.addPiece(1, hashPiece(manifest, 1).subarray(32))).toThrow(HashPieceInvalidError);
    expect(() => assembly.finish()).toThrow(HashPieceInvalidError);
    const forged = Uint8Array.from(hashPiece(manifest, 1));
    forged[0] = forged[0]! ^ 0xff;
    assembly.addPiece(1, forged);
    expect(() => assembly.finish()).toThrow(ManifestMismatchError);
    assembly.reset();
    expect(assembly.missingPieces()).toEqual([1]);
    assembly.addPiece(1, hashPiece(manifest, 1));
    expect(assembly.finish().fileIdHex).toBe(manifest.fileIdHex);
  });

  it('is complete at once for a small file, including an empty one', async () => {
    for (const size of [0, 3 * MIN_CHUNK_SIZE]) {
      const { manifest: small } = await manifestOf(patternBytes(size));
      const assembly = new ManifestAssembly({
        header: small.header,
        fileId: small.fileId,
        firstHashes: hashPiece(small, 0),
      });
      expect(assembly.isComplete).toBe(true);
      expect(assembly.finish()).toEqual(small);
    }
  });
});
