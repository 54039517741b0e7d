import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DiskFullError,
  DownloadIncompleteError,
  PartFile,
  type PartFileIo,
  type PositionalWrite,
} from '../../../src/files/index.js';
import type { Manifest } from '../../../src/files/manifest.js';
import { DecodeError } from '../../../src/protocol/bytes.js';
import { MIN_CHUNK_SIZE } from '../../../src/protocol/files/index.js';
import { patternBytes } from '../../shared/bytes.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';
import { chunkOf, manifestOf } from './helpers.js';

afterEach(removeTempDirs);
import { errorNamed } from '../../shared/errors.js';

const SIZE = 3 * MIN_CHUNK_SIZE + 123; // 4 chunks, the last one short

/** A manifest of `size` bytes and an empty download folder inside a temporary folder of its own. */
async function fixture(
  name = 'file.bin',
  size = SIZE,
): Promise<{ manifest: Manifest; bytes: Uint8Array; folder: string }> {
  const bytes = patternBytes(size, 7);
  const { manifest } = await manifestOf(bytes, name);
  const folder = join(tempDir('burrow-parent-'), 'downloads');
  mkdirSync(folder);
  return { manifest, bytes, folder };
}

async function writeAll(part: PartFile, manifest: Manifest, bytes: Uint8Array, order?: number[]): Promise<void> {
  for (const index of order ?? [...Array(manifest.chunkCount).keys()])
    await part.writeChunk(index, chunkOf(manifest, bytes, index));
}

/** A file beside the download folder that nothing may touch. */
function withVictim(folder: string): string {
  const victim = join(dirname(folder), 'victim');
  writeFileSync(victim, 'precious');
  return victim;
}

describe('downloading into a part file', () => {
  it('writes verified chunks in any order and publishes the file only when complete', async () => {
    const { manifest, bytes, folder } = await fixture();
    const part = await PartFile.create({ folder, manifest });
    await writeAll(part, manifest, bytes, [3, 1]);
    expect(readdirSync(folder)).toEqual(['file.bin.part']);
    expect((statSync(join(folder, 'file.bin.part')).mode & 0o777).toString(8)).toBe('600');
    // Incomplete: refused, and nothing appears under the final name.
    await expect(part.finish()).rejects.toMatchObject({ name: 'DownloadIncompleteError', chunks: [0, 2] });
    expect(existsSync(join(folder, 'file.bin'))).toBe(false);
    await writeAll(part, manifest, bytes, [0, 2]);
    expect(part.isComplete).toBe(true);
    const finished = await part.finish();
    expect(finished).toEqual({ name: 'file.bin', path: join(folder, 'file.bin') });
    expect(readdirSync(folder)).toEqual(['file.bin']);
    expect(Buffer.from(readFileSync(finished.path)).equals(bytes)).toBe(true);
    await expect(part.writeChunk(0, chunkOf(manifest, bytes, 0))).rejects.toThrow(errorNamed('FileClosedError'));
  });

  it('finishes an empty file at once', async () => {
    const { manifest, folder } = await fixture('empty.txt', 0);
    const part = await PartFile.create({ folder, manifest });
    const finished = await part.finish();
    expect(statSync(finished.path).size).toBe(0);
    expect(readdirSync(folder)).toEqual(['empty.txt']);
  });

  it('refuses a chunk that does not match its hash and writes nothing', async () => {
    const { manifest, bytes, folder } = await fixture();
    const part = await PartFile.create({ folder, manifest });
    const bad = Uint8Array.from(chunkOf(manifest, bytes, 1));
    bad[100] = bad[100]! ^ 1;
    await expect(part.writeChunk(1, bad)).rejects.toThrow(errorNamed('ChunkHashMismatchError'));
    await expect(part.writeChunk(1, chunkOf(manifest, bytes, 1).subarray(1))).rejects.toThrow(
      errorNamed('ChunkHashMismatchError'),
    );
    expect(part.have.count).toBe(0);
    expect(statSync(join(folder, 'file.bin.part')).size).toBe(0);
    await part.discard();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('numbers the name when the final or the part name is taken, and never overwrites', async () => {
    const { manifest, bytes, folder } = await fixture('report.pdf', MIN_CHUNK_SIZE);
    writeFileSync(join(folder, 'report.pdf'), 'mine');
    writeFileSync(join(folder, 'report (1).pdf.part'), 'also mine');
    const part = await PartFile.create({ folder, manifest });
    expect(part.state.finalName).toBe('report (2).pdf');
    await writeAll(part, manifest, bytes);
    // Someone takes the chosen name while the download runs: the next free one is used.
    writeFileSync(join(folder, 'report (2).pdf'), 'taken meanwhile');
    const finished = await part.finish();
    expect(finished.name).toBe('report (1).pdf');
    expect(readFileSync(join(folder, 'report.pdf'), 'utf8')).toBe('mine');
    expect(readFileSync(join(folder, 'report (1).pdf.part'), 'utf8')).toBe('also mine');
    expect(readFileSync(join(folder, 'report (2).pdf'), 'utf8')).toBe('taken meanwhile');
    expect(Buffer.from(readFileSync(finished.path)).equals(bytes)).toBe(true);
  });

  it('makes hostile names safe and writes only inside the folder', async () => {
    for (const [name, expected] of [
      ['.bashrc', 'bashrc'],
      ['-rf', 'rf'],
      ['CON', '_CON'],
      ['evil\u202Etxt.exe', 'eviltxt.exe'],
    ] as const) {
      const { manifest, bytes, folder } = await fixture(name, 10);
      const parent = dirname(folder);
      const part = await PartFile.create({ folder, manifest });
      await writeAll(part, manifest, bytes);
      expect((await part.finish()).name).toBe(expected);
      expect(readdirSync(folder)).toEqual([expected]);
      expect(readdirSync(parent)).toEqual(['downloads']);
    }
  });
});

describe('symlink and hard-link tricks', () => {
  it('does not write through a symlink planted at the part name (even a dangling one)', async () => {
    const { manifest, bytes, folder } = await fixture();
    const victim = withVictim(folder);
    symlinkSync(victim, join(folder, 'file.bin.part'));
    symlinkSync(join(folder, 'nowhere'), join(folder, 'file (1).bin.part'));
    const part = await PartFile.create({ folder, manifest });
    expect(part.state.partName).toBe('file (2).bin.part');
    await writeAll(part, manifest, bytes);
    await part.finish();
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(existsSync(join(folder, 'nowhere'))).toBe(false);
  });

  it('does not publish over a symlink planted at the final name', async () => {
    const { manifest, bytes, folder } = await fixture();
    const victim = withVictim(folder);
    const part = await PartFile.create({ folder, manifest });
    await writeAll(part, manifest, bytes);
    symlinkSync(victim, join(folder, 'file.bin'));
    const finished = await part.finish();
    expect(finished.name).toBe('file (1).bin');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('refuses to resume into a symlink or a hard link swapped in for the part file', async () => {
    const { manifest, bytes, folder } = await fixture();
    const victim = withVictim(folder);
    const part = await PartFile.create({ folder, manifest });
    await part.writeChunk(0, chunkOf(manifest, bytes, 0));
    const state = await part.checkpoint();
    await part.close();
    const partPath = join(folder, state.partName);

    rmSync(partPath);
    symlinkSync(victim, partPath);
    await expect(PartFile.resume({ manifest, state })).rejects.toThrow(errorNamed('UnsafeDownloadTargetError'));

    rmSync(partPath);
    linkSync(victim, partPath);
    await expect(PartFile.resume({ manifest, state })).rejects.toThrow(errorNamed('UnsafeDownloadTargetError'));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('refuses a stored part name that would leave the folder', async () => {
    const { manifest, folder } = await fixture();
    const victim = withVictim(folder);
    const have = new Uint8Array(1);
    for (const partName of ['../x.part', '..', '../victim', 'a/b.part', 'x.bin']) {
      await expect(PartFile.resume({ manifest, state: { folder, partName, finalName: 'x', have } })).rejects.toThrow(
        errorNamed('UnsafeDownloadTargetError'),
      );
    }
    await expect(
      PartFile.resume({ manifest, state: { folder, partName: 'x.part', finalName: '../x', have } }),
    ).rejects.toThrow(errorNamed('UnsafeDownloadTargetError'));
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('resolves a symlinked download folder, and refuses a file or a missing folder', async () => {
    const { manifest, bytes, folder } = await fixture();
    const link = `${folder}-link`;
    symlinkSync(folder, link);
    try {
      const part = await PartFile.create({ folder: link, manifest });
      expect(part.state.folder).toBe(folder);
      await writeAll(part, manifest, bytes);
      expect((await part.finish()).path).toBe(join(folder, 'file.bin'));
    } finally {
      rmSync(link);
    }
    writeFileSync(join(folder, 'plain'), 'x');
    await expect(PartFile.create({ folder: join(folder, 'plain'), manifest })).rejects.toThrow(
      errorNamed('UnsafeDownloadTargetError'),
    );
    await expect(PartFile.create({ folder: join(folder, 'missing'), manifest })).rejects.toThrow(
      errorNamed('UnsafeDownloadTargetError'),
    );
    await expect(PartFile.create({ folder: '', manifest })).rejects.toThrow(errorNamed('UnsafeDownloadTargetError'));
  });
});

describe('resuming', () => {
  it('continues from the stored bitmap after a restart', async () => {
    const { manifest, bytes, folder } = await fixture();
    const first = await PartFile.create({ folder, manifest });
    await writeAll(first, manifest, bytes, [0, 2]);
    const state = await first.checkpoint();
    await first.close();

    const resumed = await PartFile.resume({ manifest, state });
    expect([...resumed.have.indices()]).toEqual([0, 2]);
    // Writing a chunk it already has is a no-op.
    await resumed.writeChunk(0, chunkOf(manifest, bytes, 0));
    await writeAll(resumed, manifest, bytes, [1, 3]);
    const finished = await resumed.finish();
    expect(Buffer.from(readFileSync(finished.path)).equals(bytes)).toBe(true);
  });

  it('re-fetches a chunk the bitmap claims but the disk lost, instead of presenting a bad file', async () => {
    const { manifest, bytes, folder } = await fixture();
    const part = await PartFile.create({ folder, manifest });
    await writeAll(part, manifest, bytes);
    const state = await part.checkpoint();
    await part.close();
    // Damage chunk 2 on disk (a crash before the data reached the disk, a bad sector, …).
    const partPath = join(folder, state.partName);
    const damaged = readFileSync(partPath);
    damaged[manifest.chunkOffset(2) + 5] = damaged[manifest.chunkOffset(2) + 5]! ^ 0xff;
    writeFileSync(partPath, damaged);

    const resumed = await PartFile.resume({ manifest, state });
    await expect(resumed.finish()).rejects.toMatchObject({ name: 'DownloadIncompleteError', chunks: [2] });
    expect(existsSync(join(folder, 'file.bin'))).toBe(false);
    expect([...resumed.have.missing()]).toEqual([2]);
    await resumed.writeChunk(2, chunkOf(manifest, bytes, 2));
    expect(Buffer.from(readFileSync((await resumed.finish()).path)).equals(bytes)).toBe(true);
  });

  it('starts over when the part file is gone, and refuses a damaged bitmap', async () => {
    const { manifest, bytes, folder } = await fixture();
    const part = await PartFile.create({ folder, manifest });
    await part.writeChunk(1, chunkOf(manifest, bytes, 1));
    const state = await part.checkpoint();
    await part.close();
    rmSync(join(folder, state.partName));
    const fresh = await PartFile.resume({ manifest, state });
    expect(fresh.have.count).toBe(0);
    expect(readdirSync(folder)).toEqual(['file.bin.part']);
    await fresh.close();
    await expect(
      PartFile.resume({ manifest, state: { ...state, have: new Uint8Array([0xff]) } }),
    ).rejects.toBeInstanceOf(DecodeError);
    await expect(PartFile.resume({ manifest, state: { ...state, have: new Uint8Array(2) } })).rejects.toBeInstanceOf(
      DecodeError,
    );
  });

  it('cuts a part file that grew past the file size', async () => {
    const { manifest, bytes, folder } = await fixture();
    const part = await PartFile.create({ folder, manifest });
    await writeAll(part, manifest, bytes);
    const state = await part.checkpoint();
    await part.close();
    writeFileSync(
      join(folder, state.partName),
      Buffer.concat([readFileSync(join(folder, state.partName)), Buffer.from('junk')]),
    );
    const resumed = await PartFile.resume({ manifest, state });
    expect(statSync((await resumed.finish()).path).size).toBe(bytes.length);
  });
});

describe('disk space', () => {
  const tiny: Partial<PartFileIo> = { statfs: () => Promise.resolve({ bavail: 10, bsize: 4096 }) };

  it('is checked before starting: nothing is created when the file cannot fit', async () => {
    const { manifest, folder } = await fixture();
    await expect(PartFile.create({ folder, manifest, io: tiny })).rejects.toThrow(
      errorNamed('InsufficientDiskSpaceError'),
    );
    expect(readdirSync(folder)).toEqual([]);
  });

  it('is checked for what is left when resuming', async () => {
    const { manifest, bytes, folder } = await fixture();
    const part = await PartFile.create({ folder, manifest });
    await writeAll(part, manifest, bytes, [0]);
    const state = await part.checkpoint();
    await part.close();
    let asked = 0;
    const counting: Partial<PartFileIo> = {
      statfs: () => {
        asked += 1;
        return Promise.resolve({ bavail: 1n << 40n, bsize: 1n });
      },
    };
    await (await PartFile.resume({ manifest, state, io: counting })).close();
    expect(asked).toBe(1);
    await expect(PartFile.resume({ manifest, state, io: tiny })).rejects.toThrow(
      errorNamed('InsufficientDiskSpaceError'),
    );
  });

  it('a full disk during a write pauses with DiskFullError and leaves the part file consistent', async () => {
    const { manifest, bytes, folder } = await fixture();
    let full = false;
    const write: PositionalWrite = async (handle, data, position) => {
      if (full) {
        // Like the kernel: part of the data may land before ENOSPC.
        await handle.write(data, 0, Math.min(1000, data.length), position);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return (await handle.write(data, 0, data.length, position)).bytesWritten;
    };
    const part = await PartFile.create({ folder, manifest, io: { write } });
    await part.writeChunk(0, chunkOf(manifest, bytes, 0));
    full = true;
    await expect(part.writeChunk(1, chunkOf(manifest, bytes, 1))).rejects.toBeInstanceOf(DiskFullError);
    expect([...part.have.indices()]).toEqual([0]);
    await expect(part.finish()).rejects.toBeInstanceOf(DownloadIncompleteError);
    // Space freed: the same part file carries on.
    full = false;
    await writeAll(part, manifest, bytes, [1, 2, 3]);
    expect(Buffer.from(readFileSync((await part.finish()).path)).equals(bytes)).toBe(true);
  });

  it('copes with short writes', async () => {
    const { manifest, bytes, folder } = await fixture();
    const write: PositionalWrite = async (handle, data, position) =>
      (await handle.write(data, 0, Math.min(4096, data.length), position)).bytesWritten;
    const part = await PartFile.create({ folder, manifest, io: { write } });
    await writeAll(part, manifest, bytes);
    expect(Buffer.from(readFileSync((await part.finish()).path)).equals(bytes)).toBe(true);
  });
});

describe('the download folder itself', () => {
  it('gets subfolders of nobody: a name never creates a directory', async () => {
    const { manifest, bytes, folder } = await fixture('sub', 10);
    mkdirSync(join(folder, 'sub'));
    const part = await PartFile.create({ folder, manifest });
    await writeAll(part, manifest, bytes);
    expect((await part.finish()).name).toBe('sub (1)');
    expect(readdirSync(join(folder, 'sub'))).toEqual([]);
  });
});
