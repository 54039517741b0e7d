/**
 * Deleting a saved download (files/disk/received-file.ts) removes only the file Burrow wrote:
 * a path that now holds a link, a folder or a file of another size is left alone.
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeReceivedFile } from '../../../src/files/disk/received-file.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

afterEach(removeTempDirs);

describe('removeReceivedFile', () => {
  it('removes a regular file of the size written, and leaves anything else alone', async () => {
    const dir = tempDir();
    const file = join(dir, 'plans.pdf');
    writeFileSync(file, 'x'.repeat(10));
    expect(await removeReceivedFile(file, 11)).toBe('changed');
    expect(existsSync(file)).toBe(true);
    expect(await removeReceivedFile(file, 10)).toBe('removed');
    expect(existsSync(file)).toBe(false);
    expect(await removeReceivedFile(file, 10)).toBe('not-found');

    // A link planted where the download was (to a file of the same size) is not followed.
    const precious = join(dir, 'precious.txt');
    writeFileSync(precious, 'y'.repeat(10));
    symlinkSync(precious, file);
    expect(await removeReceivedFile(file, 10)).toBe('changed');
    expect(existsSync(precious)).toBe(true);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(await removeReceivedFile(folder, 0)).toBe('changed');
    expect(existsSync(folder)).toBe(true);
  });
});
