import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Bitfield,
  ChunkAssembler,
  ChunkDataInvalidError,
  ChunkReader,
  FileChangedError,
  mayServeChunk,
  mayServeFile,
  type FileAccessPolicy,
  type OfferRecord,
} from '../../../src/files/index.js';
import { chunkDataMessages } from '../../../src/files/chunk-blocks.js';
import { BLOCK_BYTES } from '../../../src/protocol/files/index.js';
import { patternBytes } from '../../shared/bytes.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { chunkOf, manifestOf } from './helpers.js';

afterEach(removeTempDirs);
import { errorNamed } from '../../shared/errors.js';

function policy(
  offers: Record<string, OfferRecord[]>,
  groups: Record<string, string[]>,
  held: Record<string, Bitfield | 'all'>,
): FileAccessPolicy {
  return {
    offersOf: (fileId) => offers[fileId] ?? [],
    isGroupMember: (groupId, peer) => groups[groupId]?.includes(peer) ?? false,
    heldChunks: (fileId) => held[fileId],
  };
}

describe('the serving rule', () => {
  const some = new Bitfield(4);
  some.set(1);
  const p = policy(
    {
      direct: [{ kind: 'made-direct', to: 'bob' }],
      received: [{ kind: 'received-direct', from: 'alice' }],
      grouped: [{ kind: 'group', groupId: 'g1', from: 'alice' }],
      partial: [{ kind: 'group', groupId: 'g1' }],
    },
    { g1: ['bob', 'carol'] },
    { direct: 'all', received: 'all', grouped: 'all', partial: some },
  );

  it('serves the friend a file was offered to, and nobody else', () => {
    expect(mayServeChunk(p, 'direct', 'bob', 0)).toEqual({ allowed: true });
    expect(mayServeChunk(p, 'direct', 'mallory', 0)).toEqual({ allowed: false, reason: 'not-offered-to-peer' });
    expect(mayServeFile(p, 'direct', 'carol')).toBe(false);
  });

  it('serves back to whoever offered it to us, but not to the other friends', () => {
    expect(mayServeFile(p, 'received', 'alice')).toBe(true);
    expect(mayServeFile(p, 'received', 'bob')).toBe(false);
  });

  it('serves the current members of the group it was offered in (and its offerer)', () => {
    expect(mayServeFile(p, 'grouped', 'carol')).toBe(true);
    expect(mayServeFile(p, 'grouped', 'alice')).toBe(true);
    expect(mayServeFile(p, 'grouped', 'dave')).toBe(false);
  });

  it('serves only chunks we hold, and nothing of an unknown file', () => {
    expect(mayServeChunk(p, 'partial', 'bob', 1)).toEqual({ allowed: true });
    expect(mayServeChunk(p, 'partial', 'bob', 2)).toEqual({ allowed: false, reason: 'chunk-not-held' });
    expect(mayServeChunk(p, 'unknown', 'bob', 0)).toEqual({ allowed: false, reason: 'not-offered-to-peer' });
  });
});

describe('reading chunks to serve', () => {
  it('reads checked chunks, and stops serving a file that changed since it was offered', async () => {
    const bytes = patternBytes(3 * BLOCK_BYTES + 9, 11);
    const { manifest, path } = await manifestOf(bytes);
    const reader = await ChunkReader.open(path, manifest);
    for (let i = 0; i < manifest.chunkCount; i++)
      expect(Buffer.from(await reader.read(i)).equals(chunkOf(manifest, bytes, i))).toBe(true);
    const edited = Uint8Array.from(bytes);
    edited[BLOCK_BYTES + 1] = edited[BLOCK_BYTES + 1]! ^ 1;
    writeFileSync(path, edited);
    await expect(reader.read(1)).rejects.toBeInstanceOf(FileChangedError);
    writeFileSync(path, bytes.subarray(0, 10));
    await expect(reader.read(3)).rejects.toBeInstanceOf(FileChangedError);
    await reader.close();
    await expect(reader.read(0)).rejects.toThrow(errorNamed('FileClosedError'));
  });
});

describe('chunks as blocks', () => {
  it('cuts a chunk into blocks and puts it back together', async () => {
    const bytes = patternBytes(4 * BLOCK_BYTES - 5, 12);
    const { manifest } = await manifestOf(bytes, 'f', 4 * BLOCK_BYTES);
    const blocks = chunkDataMessages(manifest.fileId, 9, 0, bytes);
    expect(blocks.map((b) => b.data.length)).toEqual([BLOCK_BYTES, BLOCK_BYTES, BLOCK_BYTES, BLOCK_BYTES - 5]);
    const assembler = new ChunkAssembler(manifest);
    assembler.expect(9, 0);
    expect(assembler.bufferedBytes).toBe(0);
    for (const block of blocks.slice(0, -1)) expect(assembler.add(block)).toBeUndefined();
    expect(assembler.bufferedBytes).toBeGreaterThan(0);
    expect(Buffer.from(assembler.add(blocks.at(-1)!)!).equals(bytes)).toBe(true);
    expect(assembler.bufferedBytes).toBe(0);
  });

  it('refuses blocks that do not fit their request', async () => {
    const bytes = patternBytes(2 * BLOCK_BYTES, 13);
    const { manifest } = await manifestOf(bytes, 'f', 2 * BLOCK_BYTES);
    const [first, second] = chunkDataMessages(manifest.fileId, 1, 0, bytes);
    const cases = [
      { ...second! }, // out of order
      { ...first!, index: 0, data: first!.data.subarray(1) }, // short block
      { ...first!, requestId: 2 }, // request not in progress
    ];
    for (const block of cases) {
      const assembler = new ChunkAssembler(manifest);
      assembler.expect(1, 0);
      expect(() => assembler.add(block)).toThrow(ChunkDataInvalidError);
    }
  });
});
