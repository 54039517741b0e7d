import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPaths, makeDemoDir, removeDemoDir } from '../../../src/demo/demo-dir.js';
import { errorNamed } from '../../shared/errors.js';

const made: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'burrow-demo-dir-test-'));
  made.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('makeDemoDir', () => {
  it('makes a fresh private temporary directory by default', async () => {
    const dir = await makeDemoDir();
    made.push(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('takes a new or empty directory it is given', async () => {
    const parent = scratch();
    expect(await makeDemoDir(join(parent, 'new', 'demo'))).toBe(join(parent, 'new', 'demo'));
    mkdirSync(join(parent, 'empty'));
    expect(await makeDemoDir(join(parent, 'empty'))).toBe(join(parent, 'empty'));
  });

  it('refuses a directory with files in it, and a file', async () => {
    const parent = scratch();
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    await expect(makeDemoDir(parent)).rejects.toThrow(errorNamed('DemoDirError'));
    await expect(makeDemoDir(parent)).rejects.toThrow(/it is not empty/);
    await expect(makeDemoDir(join(parent, 'notes.txt'))).rejects.toThrow(/it is not a directory/);
    expect(existsSync(join(parent, 'notes.txt'))).toBe(true);
  });
});

describe('demo directory layout', () => {
  it('keeps every part inside the directory, so removing it removes everything', async () => {
    const dir = await makeDemoDir(join(scratch(), 'demo'));
    const paths = demoPaths(dir);
    for (const path of [paths.network, paths.you, paths.ada, paths.grace, paths.friendsTor, paths.log])
      expect(path.startsWith(dir + '/')).toBe(true);
    mkdirSync(paths.you);
    writeFileSync(paths.log, 'a line');
    await removeDemoDir(dir);
    expect(existsSync(dir)).toBe(false);
  });
});
