// The parts of start/status/stop that need no tor: refusals before anything is launched, and
// directories without a network. (The running network is tested in test/tor/testnet.test.ts.)
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startTestnet,
  stopTestnet,
  testnetStatus,
  TestnetOptionsError,
  TestnetStateError,
} from '../../../src/testnet/index.js';
import { errorNamed } from '../../shared/errors.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'burrow-testnet-unit-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('startTestnet refusals (before any tor runs)', () => {
  it('refuses too few relays for onion services, and nonsense counts', async () => {
    const dir = join(root, 'net');
    for (const counts of [
      { authorities: 3, relays: 0 },
      { authorities: 1, relays: 2 },
      { authorities: 0, relays: 5 },
      { authorities: 2.5 },
      { relays: -1 },
      { authorities: 10 },
    ]) {
      await expect(startTestnet({ dir, ...counts }), JSON.stringify(counts)).rejects.toThrow(TestnetOptionsError);
    }
    await expect(startTestnet({ dir, ownerPid: 0 })).rejects.toThrow(TestnetOptionsError);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses a non-empty directory it did not make, and leaves it untouched', async () => {
    writeFileSync(join(root, 'notes.txt'), 'mine');
    await expect(startTestnet({ dir: root })).rejects.toThrow(errorNamed('TestnetDirError'));
    expect(readdirSync(root)).toEqual(['notes.txt']);
  });

  it('refuses a file', async () => {
    writeFileSync(join(root, 'file'), '');
    await expect(startTestnet({ dir: join(root, 'file') })).rejects.toThrow(/not a directory/);
  });

  it('rejects at once when aborted before it starts, creating nothing', async () => {
    const dir = join(root, 'net');
    await expect(startTestnet({ dir, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortedError' });
    expect(existsSync(dir)).toBe(false);
  });
});

describe('status and stop without a network', () => {
  it('reports a missing or empty directory as not running', async () => {
    for (const dir of [root, join(root, 'missing')]) {
      await expect(testnetStatus(dir)).resolves.toMatchObject({ running: false, processes: [], strays: [] });
    }
  });

  it('stops nothing, twice, without complaint', async () => {
    await expect(stopTestnet(join(root, 'missing'))).resolves.toBeUndefined();
    await expect(stopTestnet(root)).resolves.toBeUndefined();
    await expect(stopTestnet(root)).resolves.toBeUndefined();
  });

  it("ignores a pid file whose process is not that node's tor (a recycled pid)", async () => {
    writeFileSync(join(root, 'BURROW-TESTNET'), '');
    mkdirSync(join(root, 'auth0'));
    // This test process is alive, but its command line names no torrc of this network.
    writeFileSync(join(root, 'auth0', 'tor.pid'), `${process.pid}\n`);
    await expect(testnetStatus(root)).resolves.toMatchObject({ running: false, strays: [] });
    await stopTestnet(root);
    expect(process.kill(process.pid, 0)).toBe(true);
  });

  it('reports an invalid state file instead of guessing', async () => {
    writeFileSync(join(root, 'testnet.json'), '{"format": "burrow-testnet", "version": 1}');
    await expect(testnetStatus(root)).rejects.toThrow(TestnetStateError);
  });
});
