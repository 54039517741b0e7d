/**
 * `burrow testnet start`: a private Tor network on 127.0.0.1 (directory authorities + relays),
 * set up as measured in docs/TESTNET.md. The tors run as daemons, so the network
 * outlives the command that started it; `stopTestnet` ends it.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '../log.js';
import { findTorBinary, findTorGencert } from '../transport/tor/tor-binary.js';
import { throwIfAborted } from './abort.js';
import { testnetAlreadyRunning, testnetDirUnusable, TestnetOptionsError } from './errors.js';
import { generateKeys } from './keygen.js';
import { launch } from './launch.js';
import { BANDWIDTH_FILE, EMPTY_FILE, MARKER_FILE, MARKER_TEXT, STATE_FILE } from './layout.js';
import { progressReporter, type TestnetProgress } from './progress.js';
import { waitForNetworkReady, type NetworkProgress } from './readiness.js';
import { canonicalDir, writeTestnetState } from './state-file.js';
import type { TestnetInfo } from './state.js';
import { stopTrackedProcesses } from './stop.js';
import { nodeDirectories, runningProcesses } from './tracked.js';

export type { TestnetProgress } from './progress.js';

const log = logger('testnet');

/** 3 authorities + 2 relays: onion services need ≥ 4 relays, equal bandwidth weights ≥ 3 authorities. */
export const DEFAULT_AUTHORITIES = 3;
/** See {@link DEFAULT_AUTHORITIES}. */
export const DEFAULT_RELAYS = 2;
/** Fewer relays in the consensus and clients reach 100 % but onion services are never reachable. */
export const MIN_TOTAL_RELAYS = 4;
/** Node names have two digits at most (`relay42`); more tors than this would not fit 2 cores anyway. */
export const MAX_AUTHORITIES = 9;
/** See {@link MAX_AUTHORITIES}. */
export const MAX_RELAYS = 30;
/** Typical time from launch to a consensus listing every relay (docs/TESTNET.md), for the progress bar. */
const EXPECTED_CONSENSUS_MS = 5_000;

/** Options of {@link startTestnet}. */
export interface StartTestnetOptions {
  /** The network's directory: created if missing; must be empty or hold a stopped network. */
  readonly dir: string;
  /** Directory authorities (default {@link DEFAULT_AUTHORITIES}). */
  readonly authorities?: number;
  /** Relays besides the authorities (default {@link DEFAULT_RELAYS}). */
  readonly relays?: number;
  /** Every tor exits when this process does (`__OwningControllerProcess`); the test suite passes its own pid. */
  readonly ownerPid?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (step: TestnetProgress) => void;
  /** Limit for the network to become ready once launched (default 90 s). */
  readonly readyTimeoutMs?: number;
}

/**
 * Starts a private Tor network in `options.dir` and resolves once it is ready: the consensus
 * lists every relay and every relay serves it. Writes `dir/testnet.json` and returns the same.
 * On failure or abort, stops every tor it launched and keeps the logs for inspection.
 *
 * @example
 * const info = await startTestnet({ dir: '/tmp/net', ownerPid: process.pid });
 * // … later
 * await stopTestnet(info.dir);
 */
export async function startTestnet(options: StartTestnetOptions): Promise<TestnetInfo> {
  const authorities = options.authorities ?? DEFAULT_AUTHORITIES;
  const relays = options.relays ?? DEFAULT_RELAYS;
  checkOptions(authorities, relays, options.ownerPid);
  const { signal } = options;
  const report = progressReporter(options.onProgress);
  throwIfAborted(signal, 'starting the private Tor network');
  await checkDirectory(options.dir);
  const tor = findTorBinary();
  const gencert = findTorGencert();

  const began = Date.now();
  report('Preparing the network directory', 0);
  const dir = await prepareDirectory(options.dir);
  try {
    const emptyFile = join(dir, EMPTY_FILE);
    const keyed = await generateKeys(dir, authorities, relays, { tor, gencert, emptyFile, signal, report });
    const nodes = await launch(dir, keyed, { tor, emptyFile, ownerPid: options.ownerPid, signal, report });
    const launched = Date.now();
    await waitForNetworkReady(nodes, {
      dir,
      ...(signal === undefined ? {} : { signal }),
      ...(options.readyTimeoutMs === undefined ? {} : { timeoutMs: options.readyTimeoutMs }),
      onPoll: (progress) => report(...readinessStep(progress, Date.now() - launched)),
    });
    const info: TestnetInfo = {
      dir,
      startedAt: new Date().toISOString(),
      nodes,
      ...(options.ownerPid === undefined ? {} : { ownerPid: options.ownerPid }),
    };
    await writeTestnetState(info);
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    log.info('private Tor network ready', { dir, tors: nodes.length, seconds });
    report(`Ready in ${seconds} s`, 1);
    return info;
  } catch (error) {
    // Leave nothing running behind a failed start; the logs stay for the error message.
    await stopTrackedProcesses(dir).catch((stopError: unknown) =>
      log.error('could not stop the tors of a failed start', { dir, error: stopError }),
    );
    throw error;
  }
}

function checkOptions(authorities: number, relays: number, ownerPid: number | undefined): void {
  if (!Number.isInteger(authorities) || authorities < 1 || authorities > MAX_AUTHORITIES) {
    throw new TestnetOptionsError(
      `the number of authorities must be a whole number from 1 to ${MAX_AUTHORITIES} (got ${authorities})`,
    );
  }
  if (!Number.isInteger(relays) || relays < 0 || relays > MAX_RELAYS)
    throw new TestnetOptionsError(
      `the number of relays must be a whole number from 0 to ${MAX_RELAYS} (got ${relays})`,
    );
  if (authorities + relays < MIN_TOTAL_RELAYS) {
    throw new TestnetOptionsError(
      `onion services need at least ${MIN_TOTAL_RELAYS} relays in the network, authorities included (got ${authorities} + ${relays})`,
    );
  }
  if (ownerPid !== undefined && (!Number.isInteger(ownerPid) || ownerPid < 1))
    throw new TestnetOptionsError(`ownerPid must be a process id (got ${ownerPid})`);
}

/**
 * Refuses a directory where a network still runs, and a non-empty directory `startTestnet`
 * did not make (it would litter it). Changes nothing.
 */
async function checkDirectory(requested: string): Promise<void> {
  const dir = canonicalDir(requested);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw testnetDirUnusable(
      dir,
      code === 'ENOTDIR' ? 'it is not a directory' : `it cannot be read (${code ?? String(error)})`,
    );
  }
  if (entries.length > 0 && !entries.includes(MARKER_FILE))
    throw testnetDirUnusable(dir, 'it is not empty and was not made by `burrow testnet start`');
  if (runningProcesses(dir).length > 0) throw testnetAlreadyRunning(dir);
}

/** Creates `dir`, or clears what a stopped network left in it (nothing stale is reused). Resolves to the canonical path. */
async function prepareDirectory(requested: string): Promise<string> {
  await mkdir(requested, { recursive: true, mode: 0o700 });
  const dir = canonicalDir(requested);
  for (const name of [STATE_FILE, EMPTY_FILE, BANDWIDTH_FILE, ...nodeDirectories(dir)])
    await rm(join(dir, name), { recursive: true, force: true });
  await writeFile(join(dir, MARKER_FILE), MARKER_TEXT);
  await writeFile(join(dir, EMPTY_FILE), '');
  return dir;
}

/** Progress while waiting for the network: elapsed time until the consensus lists every relay, then relays serving it. */
function readinessStep(progress: NetworkProgress, elapsedMs: number): [string, number] {
  if (progress.relaysInConsensus < progress.nodes) {
    const fraction = 0.4 + 0.4 * Math.min(0.95, elapsedMs / EXPECTED_CONSENSUS_MS);
    return [
      `Waiting for the first consensus (${progress.relaysInConsensus}/${progress.nodes} relays listed)`,
      fraction,
    ];
  }
  return [
    `Waiting for every relay to serve the consensus (${progress.nodesServing}/${progress.nodes})`,
    0.8 + (0.2 * progress.nodesServing) / progress.nodes,
  ];
}
