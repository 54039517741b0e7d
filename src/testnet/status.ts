/**
 * `burrow testnet status`: which tors of the network are alive, and what the consensus says.
 */
import { parseRouterStatuses } from './consensus.js';
import { closeQuietly, openControl } from './control.js';
import { TestnetNotRunningError } from './errors.js';
import { nodePaths, type NodeRole } from './layout.js';
import { isRunning } from './processes.js';
import { canonicalDir, readTestnet } from './state-file.js';
import type { TestnetInfo } from './state.js';
import { runningProcesses } from './tracked.js';

/** One tor of the network. */
export interface TestnetProcessStatus {
  readonly name: string;
  readonly role: NodeRole;
  readonly pid: number;
  readonly alive: boolean;
}

/** What {@link testnetStatus} reports. */
export interface TestnetStatus {
  readonly dir: string;
  /** True when the state file exists and every tor in it is alive. */
  readonly running: boolean;
  /** From the state file; undefined when there is none. */
  readonly startedAt?: string;
  readonly processes: readonly TestnetProcessStatus[];
  /**
   * Tors still running from a start that never wrote the state file (it failed or was
   * killed): `burrow testnet stop` stops them.
   */
  readonly strays: readonly { readonly name: string; readonly pid: number }[];
  /** Relays listed in the consensus of the first live authority, if one answered. */
  readonly consensusRelays?: number;
  /** That consensus's valid-after time (dir-spec §3.4.1), as tor prints it. */
  readonly consensusValidAfter?: string;
}

/** A live authority that does not answer within this long is reported without consensus figures (a wedged tor). */
export const STATUS_QUERY_TIMEOUT_MS = 3_000;

/** Options of {@link testnetStatus}. */
export interface TestnetStatusOptions {
  readonly signal?: AbortSignal;
  /** Ask an authority about the consensus (default true); false checks the processes only. */
  readonly consensus?: boolean;
}

/**
 * Reports on the network in `dir`. A directory without a network is "not running", not an
 * error; an invalid state file throws `TestnetStateError`.
 */
export async function testnetStatus(dir: string, options: TestnetStatusOptions = {}): Promise<TestnetStatus> {
  const canonical = canonicalDir(dir);
  let info: TestnetInfo;
  try {
    info = readTestnet(canonical);
  } catch (error) {
    if (!(error instanceof TestnetNotRunningError)) throw error;
    return {
      dir: canonical,
      running: false,
      processes: [],
      strays: runningProcesses(canonical).map(({ name, pid }) => ({ name, pid })),
    };
  }
  const processes = info.nodes.map((node) => ({
    name: node.name,
    role: node.role,
    pid: node.pid,
    alive: isRunning(node.pid, nodePaths(canonical, node.name).torrc),
  }));
  const status: TestnetStatus = {
    dir: canonical,
    running: processes.every((p) => p.alive),
    startedAt: info.startedAt,
    processes,
    strays: [],
  };
  if (options.consensus === false) return status;
  return { ...status, ...(await consensusSummary(info, processes, options.signal)) };
}

async function consensusSummary(
  info: TestnetInfo,
  processes: readonly TestnetProcessStatus[],
  signal: AbortSignal | undefined,
): Promise<{ consensusRelays?: number; consensusValidAfter?: string }> {
  const authority = info.nodes.find(
    (node) => node.role === 'authority' && processes.some((p) => p.name === node.name && p.alive),
  );
  if (authority === undefined) return {};
  let client;
  try {
    client = await openControl(
      authority.controlPort,
      nodePaths(info.dir, authority.name).cookieFile,
      signal,
      STATUS_QUERY_TIMEOUT_MS,
    );
    const relays = parseRouterStatuses((await client.getInfo(['ns/all'])).get('ns/all') ?? '').length;
    // consensus/valid-after (control-spec §3.9) is empty while tor has no consensus (older tors refuse it).
    const validAfter = await client.getInfo(['consensus/valid-after']).then(
      (answers) => answers.get('consensus/valid-after'),
      () => undefined,
    );
    return validAfter === undefined || validAfter === ''
      ? { consensusRelays: relays }
      : { consensusRelays: relays, consensusValidAfter: validAfter };
  } catch {
    // The authority is alive but does not answer (yet): report the processes only.
    return {};
  } finally {
    if (client !== undefined) await closeQuietly(client);
  }
}
