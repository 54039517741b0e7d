/**
 * When is the network (and a client joining it) ready? Measured in docs/TESTNET.md:
 * - the network: the consensus lists every relay, and every relay (they are directory caches)
 *   serves it together with every microdescriptor. A client that bootstraps earlier stalls
 *   at 50 % for 5–10 s.
 * - a client, for onion services: bootstrapped to 100 % and its consensus lists as many
 *   HSDir-flagged relays as the network has relays.
 */
import { AbortedError, TimeoutError } from '../errors.js';
import { TorControlReplyError, type CommandOptions, type TorControlClient } from '../transport/tor/control/index.js';
import { pause } from './abort.js';
import { parseBootstrapStatus } from '../transport/tor/bootstrap.js';
import { countMicrodescriptors, listsEvery, parseRouterStatuses } from './consensus.js';
import { closeQuietly, openControl } from './control.js';
import { TestnetStartError } from './errors.js';
import { nodePaths } from './layout.js';
import { isRunning } from './processes.js';
import type { TestnetNode } from './state.js';

/** Polling period for readiness checks: GETINFO is cheap, and 200 ms is well under a voting step. */
export const READINESS_POLL_MS = 200;
/** Default limit for a client to become ready for onion services. */
export const ONION_READINESS_TIMEOUT_MS = 120_000;
/**
 * Default limit for a fresh network to become ready: usually 6–9 s, up to ~23 s on an unlucky
 * voting schedule (docs/TESTNET.md, "Measured"); generous for a loaded machine.
 */
export const NETWORK_READY_TIMEOUT_MS = 90_000;

/** What the network looks like at one poll, for progress reports. */
export interface NetworkProgress {
  /** Most relays any authority's consensus lists so far. */
  readonly relaysInConsensus: number;
  /** Nodes that serve a consensus listing every relay, with every microdescriptor. */
  readonly nodesServing: number;
  readonly nodes: number;
}

/** Options of {@link waitForNetworkReady}. */
export interface NetworkReadyOptions {
  readonly dir: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly onPoll?: (progress: NetworkProgress) => void;
}

interface NodeView {
  readonly node: TestnetNode;
  readonly client: TorControlClient;
}

/**
 * Waits until every tor in `nodes` serves a consensus that lists all of them (with the HSDir
 * flag) and has all their microdescriptors. Once an authority's consensus lists every relay,
 * sends `SIGNAL RELOAD` to the relays: they asked for a consensus before one existed and back
 * off exponentially; a reload makes them refetch at once (docs/TESTNET.md, "Backoff after
 * early 404s").
 *
 * Rejects with {@link TestnetStartError} (naming the log files) on timeout or when a tor exits.
 */
export async function waitForNetworkReady(nodes: readonly TestnetNode[], options: NetworkReadyOptions): Promise<void> {
  const { dir, signal, timeoutMs = NETWORK_READY_TIMEOUT_MS } = options;
  const logs = nodes.map((node) => nodePaths(dir, node.name).log);
  const deadline = Date.now() + timeoutMs;
  const fingerprints = nodes.map((node) => node.fingerprint);
  const views: NodeView[] = [];
  let last: NetworkProgress = { relaysInConsensus: 0, nodesServing: 0, nodes: nodes.length };
  let lagging = nodes.map((node) => node.name);
  const notReady = (): TestnetStartError =>
    new TestnetStartError(
      `the private Tor network was not ready within ${timeoutMs / 1000} s (the consensus lists ${last.relaysInConsensus} of ${nodes.length} relays; not serving it yet: ${lagging.join(', ')})`,
      logs,
    );
  try {
    for (const node of nodes)
      views.push({ node, client: await openControl(node.controlPort, nodePaths(dir, node.name).cookieFile, signal) });
    let reloaded = false;
    for (;;) {
      const polls = await Promise.all(views.map((view) => pollNode(view, dir, signal, deadline)));
      const relaysInConsensus = Math.max(
        0,
        ...polls.filter((poll) => poll.node.role === 'authority').map((poll) => poll.relays),
      );
      if (
        !reloaded &&
        polls.some((poll) => poll.node.role === 'authority' && listsEvery(poll.routers, fingerprints, 'HSDir'))
      ) {
        reloaded = true;
        await Promise.all(
          views
            .filter((view) => view.node.role === 'relay')
            .map((view) => view.client.signal('RELOAD', commandOptions(signal, deadline))),
        );
      }
      const serving = polls.filter(
        (poll) => listsEvery(poll.routers, fingerprints, 'HSDir') && poll.microdescriptors >= nodes.length,
      );
      last = { relaysInConsensus, nodesServing: serving.length, nodes: nodes.length };
      lagging = polls.filter((poll) => !serving.includes(poll)).map((poll) => poll.node.name);
      options.onPoll?.(last);
      if (serving.length === nodes.length) return;
      if (Date.now() >= deadline) throw notReady();
      await pause(READINESS_POLL_MS, signal, 'starting the private Tor network');
    }
  } catch (error) {
    if (error instanceof TestnetStartError || error instanceof AbortedError) throw error;
    // A command cut short by the deadline: the network was simply not ready in time.
    if (error instanceof TimeoutError && Date.now() >= deadline) throw notReady();
    throw new TestnetStartError(
      `the private Tor network did not come up: ${error instanceof Error ? error.message : String(error)}`,
      logs,
      error,
    );
  } finally {
    await Promise.all(views.map((view) => closeQuietly(view.client)));
  }
}

interface NodePoll {
  readonly node: TestnetNode;
  readonly routers: ReturnType<typeof parseRouterStatuses>;
  readonly relays: number;
  readonly microdescriptors: number;
}

async function pollNode(
  view: NodeView,
  dir: string,
  signal: AbortSignal | undefined,
  deadline: number,
): Promise<NodePoll> {
  const { node, client } = view;
  const paths = nodePaths(dir, node.name);
  if (!isRunning(node.pid, paths.torrc))
    throw new TestnetStartError(`tor ${node.name} (pid ${node.pid}) exited while the network was starting`, [
      paths.log,
    ]);
  const answers = await getInfoOrNothing(client, ['ns/all', 'md/all'], commandOptions(signal, deadline));
  const routers = parseRouterStatuses(answers.get('ns/all') ?? '');
  return {
    node,
    routers,
    relays: routers.length,
    microdescriptors: countMicrodescriptors(answers.get('md/all') ?? ''),
  };
}

/**
 * GETINFO, with a refusal (a 4xx/5xx reply: e.g. tor has no consensus yet to answer from)
 * read as "nothing yet". A closed connection still rejects.
 */
async function getInfoOrNothing(
  client: TorControlClient,
  keys: readonly string[],
  options: CommandOptions,
): Promise<Map<string, string>> {
  try {
    return await client.getInfo(keys, options);
  } catch (error) {
    if (error instanceof TorControlReplyError) return new Map();
    throw error;
  }
}

/**
 * Per-command options: abortable, and not waiting past `deadline` by more than a poll period
 * (a wedged tor must not outlast the caller's time limit).
 */
function commandOptions(
  signal: AbortSignal | undefined,
  deadline: number,
): { signal?: AbortSignal; timeoutMs: number } {
  return { ...(signal === undefined ? {} : { signal }), timeoutMs: Math.max(READINESS_POLL_MS, deadline - Date.now()) };
}

/** Options of {@link waitForOnionReadiness}. */
export interface OnionReadinessOptions {
  readonly signal?: AbortSignal;
  /** Default {@link ONION_READINESS_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

/**
 * Waits until the client tor behind `control` can publish and reach onion services on a network
 * of `relayCount` relays: `GETINFO status/bootstrap-phase` says PROGRESS=100 and `GETINFO
 * ns/all` lists `relayCount` relays with the HSDir flag. Polls every {@link READINESS_POLL_MS}.
 *
 * Rejects with `TimeoutError` after `timeoutMs`, `AbortedError` when `signal` fires.
 *
 * @example
 * await waitForOnionReadiness(client, info.nodes.length, { signal, timeoutMs: 60_000 });
 */
export async function waitForOnionReadiness(
  control: TorControlClient,
  relayCount: number,
  options: OnionReadinessOptions = {},
): Promise<void> {
  const { signal, timeoutMs = ONION_READINESS_TIMEOUT_MS } = options;
  const what = 'waiting for the tor client to be ready for onion services';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (signal?.aborted === true) throw new AbortedError(what, signal.reason);
    let answers: Map<string, string>;
    try {
      answers = await control.getInfo(['status/bootstrap-phase', 'ns/all'], commandOptions(signal, deadline));
    } catch (error) {
      if (error instanceof TimeoutError && Date.now() >= deadline) throw new TimeoutError(what, timeoutMs);
      throw error;
    }
    const progress = parseBootstrapStatus(answers.get('status/bootstrap-phase') ?? '')?.progress;
    const hsdirs = parseRouterStatuses(answers.get('ns/all') ?? '').filter((router) =>
      router.flags.has('HSDir'),
    ).length;
    if (progress === 100 && hsdirs >= relayCount) return;
    if (Date.now() + READINESS_POLL_MS > deadline) throw new TimeoutError(what, timeoutMs);
    await pause(READINESS_POLL_MS, signal, what);
  }
}
