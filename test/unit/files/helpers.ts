// Fixtures of the file-sharing tests: manifests of known bytes, and their chunks. The folders
// come from test/shared/temp-dirs.ts: a test file using these calls afterEach(removeTempDirs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest } from '../../../src/files/disk/manifest-builder.js';
import type { Manifest } from '../../../src/files/manifest.js';
import { MIN_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import { tempDir } from '../../shared/temp-dirs.js';

/** Writes `bytes` to a file named `name` in a new temp folder and builds its manifest (small chunks by default). */
export async function manifestOf(
  bytes: Uint8Array,
  name = 'file.bin',
  chunkSize = MIN_CHUNK_SIZE,
): Promise<{ manifest: Manifest; path: string }> {
  const path = join(tempDir('burrow-source-'), name);
  writeFileSync(path, bytes);
  return { manifest: await buildManifest(path, { chunkSize }), path };
}

/** Chunk `index` of `bytes` under `manifest`. */
export function chunkOf(manifest: Manifest, bytes: Uint8Array, index: number): Uint8Array {
  const offset = manifest.chunkOffset(index);
  return bytes.subarray(offset, offset + manifest.chunkLength(index));
}
