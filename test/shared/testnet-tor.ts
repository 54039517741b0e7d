/**
 * A client tor joined to a running private Tor network, with a {@link TorTransport} over it.
 * No vitest here, so benchmarks can use it too; tests call `launchTestTor()` from
 * test/tor/helpers/launch-test-tor.ts, which finds the suite's network by itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTestnet, testnetClientTorrc, waitForOnionReadiness } from '../../src/testnet/index.js';
import type { LivenessTiming } from '../../src/transport/tor/tor-liveness.js';
import { TorProcess } from '../../src/transport/tor/tor-process.js';
import { TorTransport, type TorTransportOptions } from '../../src/transport/tor/tor-transport.js';

/** A client tor of the test network and a transport over it. */
export interface TestTor {
  readonly tor: TorProcess;
  readonly transport: TorTransport;
  /** tor's data directory (removed by `stop`). */
  readonly dataDir: string;
  /** Closes the transport, stops tor, removes its data directory. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/** Options of {@link launchTestnetTor}. */
export interface LaunchTestnetTorOptions {
  /** The directory of a running test network (`startTestnet`'s `dir`). */
  readonly testnetDir: string;
  /** Options of the transport (the `tor` is filled in). */
  readonly transport?: Omit<TorTransportOptions, 'tor'>;
  /** Limit for joining the network until onion services work (default 90 s). */
  readonly readyTimeoutMs?: number;
  /** How the tor is watched for hangs (TorProcess's default unless given; a benchmark may relax it). */
  readonly liveness?: LivenessTiming;
  readonly signal?: AbortSignal;
}

/** A client tor joins a network in ~8 s (docs/TESTNET.md); on a loaded 2-core machine allow much more. */
const DEFAULT_READY_TIMEOUT_MS = 90_000;

/**
 * Launches a client tor that joins the network in `testnetDir` and resolves once it can publish
 * and reach onion services (bootstrapped, every relay an HSDir in its consensus).
 */
export async function launchTestnetTor(options: LaunchTestnetTorOptions): Promise<TestTor> {
  const info = readTestnet(options.testnetDir);
  const dataDir = await mkdtemp(join(tmpdir(), 'burrow-test-tor-'));
  let tor: TorProcess | undefined;
  try {
    tor = await TorProcess.launch({
      dataDir,
      extraTorrc: testnetClientTorrc(info),
      ...(options.liveness === undefined ? {} : { liveness: options.liveness }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    await waitForOnionReadiness(tor.control, info.nodes.length, {
      timeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    await tor?.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const transport = new TorTransport({ tor, ...options.transport });
  let stopping: Promise<void> | undefined;
  const started = tor;
  return {
    tor: started,
    transport,
    dataDir,
    stop: () => {
      stopping ??= (async () => {
        try {
          await transport.close();
        } finally {
          await started.stop();
          await rm(dataDir, { recursive: true, force: true });
        }
      })();
      return stopping;
    },
  };
}
