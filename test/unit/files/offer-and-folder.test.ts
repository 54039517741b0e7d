import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkDiskSpace,
  decideOffer,
  defaultDownloadFolder,
  DISK_SPACE_MARGIN_BYTES,
  parseUserDirs,
} from '../../../src/files/index.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

afterEach(removeTempDirs);
import { errorNamed } from '../../shared/errors.js';

const header = (size: number) => ({ name: 'f', size, chunkSize: 261_120 });

describe('deciding on an offer', () => {
  const preferences = { autoAcceptBelowBytes: 1_000, maxSizeBytes: 1_000_000 };
  it('accepts small files, asks about others, refuses files over the limit', () => {
    expect(decideOffer(header(999), preferences)).toEqual({ action: 'accept' });
    expect(decideOffer(header(1_000), preferences)).toEqual({ action: 'ask' });
    expect(decideOffer(header(1_000_000), preferences)).toEqual({ action: 'ask' });
    const refused = decideOffer(header(1_000_001), preferences);
    expect(refused.action).toBe('refuse');
    expect(refused.action === 'refuse' && refused.error).toEqual(errorNamed('FileTooLargeError'));
    expect(decideOffer(header(0), { ...preferences, autoAcceptBelowBytes: 0 })).toEqual({ action: 'ask' });
  });
});

describe('the default download folder', () => {
  it('reads XDG_DOWNLOAD_DIR from user-dirs.dirs', () => {
    const text = '# comment\nXDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOWNLOAD_DIR="$HOME/T\\"l\\"échargements"\n';
    expect(parseUserDirs(text, '/home/ada')).toBe('/home/ada/T"l"échargements');
    expect(parseUserDirs('XDG_DOWNLOAD_DIR="/data/dl"', '/home/ada')).toBe('/data/dl');
    expect(parseUserDirs('XDG_DOWNLOAD_DIR="relative"', '/home/ada')).toBeUndefined();
    expect(parseUserDirs('', '/home/ada')).toBeUndefined();
  });

  it('falls back to ~/Downloads, then home', async () => {
    const home = tempDir('burrow-home-');
    expect(await defaultDownloadFolder({}, home)).toBe(home);
    mkdirSync(join(home, 'Downloads'));
    expect(await defaultDownloadFolder({}, home)).toBe(join(home, 'Downloads'));
    mkdirSync(join(home, '.config'));
    mkdirSync(join(home, 'Téléchargements'));
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n');
    expect(await defaultDownloadFolder({}, home)).toBe(join(home, 'Téléchargements'));
    // A named folder that does not exist is skipped.
    writeFileSync(join(home, '.config', 'user-dirs.dirs'), 'XDG_DOWNLOAD_DIR="$HOME/Gone"\n');
    expect(await defaultDownloadFolder({ XDG_CONFIG_HOME: join(home, 'nowhere') }, home)).toBe(join(home, 'Downloads'));
  });
});

describe('the disk space check', () => {
  it('needs the bytes plus the margin', async () => {
    const folder = tempDir();
    const statfs = () => Promise.resolve({ bavail: 1_000 + DISK_SPACE_MARGIN_BYTES, bsize: 1 });
    await checkDiskSpace(folder, 1_000, statfs);
    await expect(checkDiskSpace(folder, 1_001, statfs)).rejects.toThrow(errorNamed('InsufficientDiskSpaceError'));
    await expect(checkDiskSpace(join(folder, 'missing'), 1)).rejects.toThrow(errorNamed('FileIoError'));
    // The real statfs of a real folder works.
    await checkDiskSpace(folder, 0);
  });
});
