/**
 * A running Burrow node with everything under it: an open profile, a tor, the Tor transport
 * and the node. The daemon and the TUI both start one; `stop()` takes it all down in order
 * (node first so sessions flush, then the transport, tor, and last the store).
 */
import { BurrowNode, type BurrowNodeOptions } from '../app/index.js';
import type { ProfileStore } from '../store/index.js';
import { TorTransport } from '../transport/tor/tor-transport.js';
import type { TorProcess } from '../transport/tor/tor-process.js';
import { launchTorFor, type TorChoice } from './launch-tor.js';
import { torStatusSource } from './tor-status-source.js';
import { logger } from '../log.js';

const log = logger('runtime');

export interface NodeRuntime {
  readonly node: BurrowNode;
  readonly tor: TorProcess;
  readonly store: ProfileStore;
  /** Stops the node, tor and closes the store. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/** What a caller may set of the node beyond its profile and transport (the demo: its timing and download folder). */
export type NodeRuntimeOptions = Pick<BurrowNodeOptions, 'timing' | 'files'>;

/** Starts tor and the node on an open profile. On failure everything started is stopped, and the store closed. */
export async function startNodeRuntime(
  store: ProfileStore,
  choice: TorChoice,
  options: NodeRuntimeOptions = {},
): Promise<NodeRuntime> {
  let tor: TorProcess | undefined;
  let transport: TorTransport | undefined;
  try {
    tor = await launchTorFor(store.dir, choice);
    transport = new TorTransport({ tor });
    const node = await BurrowNode.start({ ...options, store, transport, torStatus: torStatusSource(tor) });
    const started = { tor, transport };
    let stopping: Promise<void> | undefined;
    return {
      node,
      tor,
      store,
      stop: () => (stopping ??= stopAll(node, started.transport, started.tor, store)),
    };
  } catch (error) {
    await stopAll(undefined, transport, tor, store);
    throw error;
  }
}

async function stopAll(
  node: BurrowNode | undefined,
  transport: TorTransport | undefined,
  tor: TorProcess | undefined,
  store: ProfileStore,
): Promise<void> {
  log.debug('stopping the node');
  await node?.stop().catch(() => undefined);
  log.debug('closing the transport');
  await transport?.close().catch(() => undefined);
  log.debug('stopping tor');
  await tor?.stop();
  log.debug('closing the store');
  try {
    store.close();
  } catch {
    // closing is best effort at shutdown; the WAL keeps every committed write
  }
}
