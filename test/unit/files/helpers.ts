// Shared fixtures of the file-sharing tests: temporary folders and manifests of known bytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { buildManifest } from '../../../src/files/disk/manifest-builder.js';
import type { Manifest } from '../../../src/files/manifest.js';
import { MIN_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempFolder(prefix = 'burrow-files-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** `length` bytes that differ from chunk to chunk (a seed keeps files apart). */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed * 2_654_435_761;
  for (let i = 0; i < length; i++) {
    x = (x * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

/** Writes `bytes` to a file named `name` in a new temp folder and builds its manifest (small chunks by default). */
export async function manifestOf(bytes: Uint8Array, name = 'file.bin', chunkSize = MIN_CHUNK_SIZE): Promise<{ manifest: Manifest; path: string }> {
  const path = join(tempFolder('burrow-source-'), name);
  writeFileSync(path, bytes);
  return { manifest: await buildManifest(path, { chunkSize }), path };
}

/** Chunk `index` of `bytes` under `manifest`. */
export function chunkOf(manifest: Manifest, bytes: Uint8Array, index: number): Uint8Array {
  const offset = manifest.chunkOffset(index);
  return bytes.subarray(offset, offset + manifest.chunkLength(index));
}
