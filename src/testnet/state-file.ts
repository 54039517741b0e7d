/**
 * Reading and writing `DIR/testnet.json` (format and validation in state.ts).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { TestnetNotRunningError, TestnetStateError } from './errors.js';
import { STATE_FILE } from './layout.js';
import { decodeState, encodeState, type TestnetInfo } from './state.js';

/**
 * The absolute, symlink-free form of `dir` (tor's command lines hold the paths `startTestnet`
 * used, so `stop` must spell them the same way), or just absolute if it does not exist.
 */
export function canonicalDir(dir: string): string {
  const absolute = resolve(dir);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * Reads the state of the network in `dir` as `startTestnet` wrote it. It says what was
 * started, not what is alive: `testnetStatus` checks the processes.
 *
 * Throws {@link TestnetNotRunningError} when there is no state file (never started, or
 * stopped), {@link TestnetStateError} when it is unreadable or invalid.
 *
 * @example
 * const info = readTestnet(process.env.BURROW_TESTNET_DIR);
 * const torrc = testnetClientTorrc(info);
 */
export function readTestnet(dir: string): TestnetInfo {
  const absolute = canonicalDir(dir);
  const file = join(absolute, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new TestnetNotRunningError(absolute, `there is no ${STATE_FILE}`);
    throw new TestnetStateError(file, `cannot read it (${code ?? String(error)})`, error);
  }
  return decodeState(text, absolute);
}

/** Writes the state file atomically (a reader sees the old file or the whole new one). */
export async function writeTestnetState(info: TestnetInfo): Promise<void> {
  const file = join(info.dir, STATE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, encodeState(info), { mode: 0o600 });
  await rename(temporary, file);
}
