/**
 * `burrow testnet stop`: stops every tor the network started, by pid.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BurrowError } from '../errors.js';
import { MARKER_FILE, STATE_FILE } from './layout.js';
import { terminate } from './processes.js';
import { canonicalDir } from './state-file.js';
import { trackedProcesses, type TrackedProcess } from './tracked.js';

/** Some tor of the network survived SIGTERM and SIGKILL. */
export class TestnetStopError extends BurrowError {
  override readonly name = 'TestnetStopError';
  constructor(readonly survivors: readonly TrackedProcess[]) {
    super(
      `could not stop ${survivors.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}: the process did not exit after SIGKILL`,
      { action: 'tell-user' },
    );
  }
}

/**
 * Stops the network in `dir`: SIGTERM to each of its tors, waits until each process is gone
 * (SIGKILL after a timeout), then removes the state file so `readTestnet` reports it stopped.
 * Keys and logs stay for inspection. Idempotent: a stopped network, or a directory without
 * one, is left as it is.
 */
export async function stopTestnet(dir: string): Promise<void> {
  await stopTrackedProcesses(canonicalDir(dir));
}

/** Stops the tors of the network in canonical `dir`; resolves to how many were running. */
export async function stopTrackedProcesses(dir: string): Promise<number> {
  const processes = trackedProcesses(dir);
  const outcomes = await Promise.all(
    processes.map(async (tracked) => ({ tracked, ...(await terminate(tracked.pid, tracked.torrc)) })),
  );
  const survivors = outcomes.filter((outcome) => !outcome.gone).map((outcome) => outcome.tracked);
  if (survivors.length > 0) throw new TestnetStopError(survivors);
  // Only ever delete a state file in a directory `startTestnet` made.
  if (existsSync(join(dir, MARKER_FILE))) await rm(join(dir, STATE_FILE), { force: true });
  return outcomes.filter((outcome) => outcome.wasRunning).length;
}
