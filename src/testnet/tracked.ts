/**
 * Which tor processes belong to the network in a directory: those in its state file, plus any
 * whose PidFile is still there (a start that failed or was killed before it wrote the state
 * file). A pid only counts while the process's command line names that node's torrc, so a pid
 * the kernel has since recycled for another program is never signalled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { TestnetNotRunningError, TestnetStateError } from './errors.js';
import { NODE_NAME, nodePaths } from './layout.js';
import { isRunning } from './processes.js';
import { readTestnet } from './state-file.js';

/** One tor the network started. */
export interface TrackedProcess {
  readonly name: string;
  readonly pid: number;
  /** Its torrc path: part of its command line (`tor --defaults-torrc … -f <torrc>`). */
  readonly torrc: string;
}

/** Every tor process recorded for the network in `dir` (canonical), alive or not, without duplicates. */
export function trackedProcesses(dir: string): TrackedProcess[] {
  const found = new Map<string, TrackedProcess>();
  const add = (name: string, pid: number): void => {
    found.set(`${name}:${pid}`, { name, pid, torrc: nodePaths(dir, name).torrc });
  };
  try {
    for (const node of readTestnet(dir).nodes) add(node.name, node.pid);
  } catch (error) {
    // Without a (valid) state file the pid files below are all there is to go on.
    if (!(error instanceof TestnetNotRunningError || error instanceof TestnetStateError)) throw error;
  }
  for (const name of nodeDirectories(dir)) {
    const pid = readPidFile(nodePaths(dir, name).pidFile);
    if (pid !== undefined) add(name, pid);
  }
  return [...found.values()];
}

/** The tors of the network in `dir` that are still running. */
export function runningProcesses(dir: string): TrackedProcess[] {
  return trackedProcesses(dir).filter((tracked) => isRunning(tracked.pid, tracked.torrc));
}

/** Names of the node directories (`auth0`, `relay1`, …) in `dir`. */
export function nodeDirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && NODE_NAME.test(entry.name))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function readPidFile(file: string): number | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    const pid = Number(text);
    return /^[0-9]+$/.test(text) && Number.isSafeInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}
