// `burrow demo` argument handling, through the CLI's dispatcher (no tor: the demo itself runs
// in test/tor/demo.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { captureConsole, type ConsoleCapture } from '../../shared/console-capture.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

let printed: ConsoleCapture;
let root: string;

beforeEach(() => {
  printed = captureConsole();
  root = tempDir('burrow-demo-cli-');
});
afterEach(() => {
  printed.restore();
  removeTempDirs();
});

describe('burrow demo', () => {
  it('is listed in `burrow --help` and explains itself with --help', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(printed.out()).toMatch(/burrow demo +Try Burrow offline/);
    expect(await main(['demo', '--help'])).toBe(0);
    expect(printed.out()).toContain('Usage: burrow demo [--dir DIR] [--keep]');
  });

  it('refuses unknown flags and arguments with status 2', async () => {
    expect(await main(['demo', '--relays', '3'])).toBe(2);
    expect(await main(['demo', 'now'])).toBe(2);
    expect(printed.err()).toMatch(/relays[\s\S]*unexpected argument "now"/);
  });

  it('says it needs a terminal before starting anything', async () => {
    const own = Object.getOwnPropertyDescriptor(process.stdin, 'isTTY');
    Object.defineProperty(process.stdin, 'isTTY', { value: false, configurable: true });
    try {
      expect(await main(['demo', '--dir', join(root, 'demo')])).toBe(1);
    } finally {
      if (own === undefined) delete (process.stdin as { isTTY?: boolean }).isTTY;
      else Object.defineProperty(process.stdin, 'isTTY', own);
    }
    expect(printed.err()).toContain('needs a terminal');
    expect(existsSync(join(root, 'demo'))).toBe(false);
  });
});
