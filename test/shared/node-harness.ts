/**
 * Nodes under test on one MemoryNetwork: real profiles (test/shared/profiles.ts) in temp dirs,
 * reconnect timers in milliseconds, every event recorded, all shut down after each test by
 * `afterEach(tearDownNodes)`; a raw non-Burrow client, a log recorder and a transport that
 * counts its connections. Wait with test/shared/until.ts, make friends with
 * test/shared/befriend.ts.
 */
import { join } from 'node:path';
import { generateIdentity, type IdentityKeyPair } from '../../src/crypto/identity.js';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import { configureLogging, type LogLevel } from '../../src/log.js';
import type { SecureSession } from '../../src/session/secure-session.js';
import { upgradeOutbound } from '../../src/session/upgrade.js';
import type { NodeEvent } from '../../src/node/api.js';
import type { NodeTiming } from '../../src/app/index.js';
import { createProfile, openProfile } from '../../src/store/profile.js';
import type { ProfileStore } from '../../src/store/profile-store.js';
import type { MemoryNetwork } from '../../src/transport/memory/index.js';
import type {
  Connection,
  ConnectionHandler,
  DialOptions,
  Listener,
  ListenOptions,
  Transport,
} from '../../src/transport/transport.js';
import { BurrowNode, type BurrowNodeOptions } from './burrow-node.js';
import { TEST_KDF, TEST_PASSPHRASE } from './profiles.js';
import { removeTempDirs, tempDir } from './temp-dirs.js';

/** Reconnects in tens of milliseconds; keepalive out of the way. */
export const FAST_TIMING: Partial<NodeTiming> = {
  reconnectBaseDelayMs: 20,
  reconnectMaxDelayMs: 200,
  keepaliveIntervalMs: 600_000,
  keepaliveTimeoutMs: 1_800_000,
  bulkKeepaliveIntervalMs: 600_000,
  bulkKeepaliveTimeoutMs: 1_800_000,
  bulkIdleMs: 1_800_000,
  dialTimeoutMs: 5_000,
  stopGraceMs: 2_000,
};

/** Every TestNode started and not shut down since. */
const running = new Set<TestNode>();

/** Shuts down every TestNode still running, then removes the temp dirs: `afterEach(tearDownNodes)`. */
export async function tearDownNodes(): Promise<void> {
  await Promise.allSettled([...running].map((node) => node.shutdown()));
  removeTempDirs();
}

/** A node under test with its store, transport and recorded events. */
export class TestNode {
  readonly events: NodeEvent[] = [];
  node!: BurrowNode;
  store!: ProfileStore;
  readonly transport: CountingTransport;
  #unsubscribe: (() => void) | undefined;

  private constructor(
    readonly network: MemoryNetwork,
    readonly name: string,
    readonly dir: string,
    readonly options: Partial<BurrowNodeOptions>,
  ) {
    this.transport = new CountingTransport(network.transport());
  }

  /** Creates a profile named `displayName` (in a temp dir, or in `parent`) and starts a node on it. */
  static async create(
    network: MemoryNetwork,
    displayName: string,
    options: Partial<BurrowNodeOptions> = {},
    parent = tempDir('burrow-node-'),
  ): Promise<TestNode> {
    const test = new TestNode(network, displayName, join(parent, displayName), options);
    test.store = await createProfile(test.dir, TEST_PASSPHRASE, { displayName, kdf: TEST_KDF });
    test.onion = test.store.identity.get().keyPair.onionAddress;
    await test.#startNode();
    return test;
  }

  /** Our onion address (kept, so it can be read while the store is closed). */
  onion!: OnionAddress;

  async #startNode(): Promise<void> {
    // Subscribed from the start: a friend's session may bring a message before start() resolves.
    let listening = true;
    this.node = await BurrowNode.start({
      store: this.store,
      transport: this.transport,
      timing: FAST_TIMING,
      ...this.options,
      onEvent: (event) => {
        if (listening) this.events.push(event);
      },
    });
    this.#unsubscribe = () => (listening = false);
    running.add(this);
  }

  /** Stops the node and closes the store (as the daemon does on exit). */
  async shutdown(): Promise<void> {
    running.delete(this);
    this.#unsubscribe?.();
    await this.node.stop();
    this.store.close();
  }

  /** Shuts down and opens the profile again from disk, with a new node. */
  async restart(): Promise<void> {
    await this.shutdown();
    this.store = await openProfile(this.dir, TEST_PASSPHRASE);
    await this.#startNode();
  }

  /** Goes offline on the network (connections cut, address unpublished) without stopping the node. */
  async goOffline(): Promise<void> {
    await this.network.goOffline(this.onion);
  }

  /** Events of one type. */
  eventsOf<T extends NodeEvent['type']>(type: T): Extract<NodeEvent, { type: T }>[] {
    return this.events.filter((event): event is Extract<NodeEvent, { type: T }> => event.type === type);
  }
}

/** Texts of a conversation's history as one node sees it. */
export async function texts(node: TestNode, peer: OnionAddress): Promise<string[]> {
  return (await node.node.history(peer, { limit: 500 })).map((m) => m.text);
}

/** A client that is not a Burrow node: dials `target` with its own identity and speaks raw messages. */
export async function rawSession(
  network: MemoryNetwork,
  target: OnionAddress,
  identity = generateIdentity(),
): Promise<SecureSession> {
  const connection = await network.transport().dial(target);
  return upgradeOutbound(connection, { identity, remote: target });
}

/** Records log lines at `level` and above while `fn` runs (then back to the default: warnings to stderr). */
export async function captureLogs<T>(fn: (lines: string[]) => Promise<T>, level: LogLevel = 'info'): Promise<T> {
  const lines: string[] = [];
  configureLogging({ level, sink: (line) => lines.push(line) });
  try {
    return await fn(lines);
  } finally {
    configureLogging({ level: 'warn', sink: (line) => process.stderr.write(line + '\n') });
  }
}

/** A transport that shows every connection it dials or accepts to `tap` first (to count or record them). */
export class TappedTransport implements Transport {
  constructor(
    readonly inner: Transport,
    readonly tap: (connection: Connection) => void,
  ) {}

  listen(identity: IdentityKeyPair, onConnection: ConnectionHandler, options?: ListenOptions): Promise<Listener> {
    return this.inner.listen(identity, (connection) => onConnection(this.#tapped(connection)), options);
  }

  async dial(address: OnionAddress, options?: DialOptions): Promise<Connection> {
    return this.#tapped(await this.inner.dial(address, options));
  }

  authoriseClient(address: OnionAddress, clientKey: Uint8Array): Promise<void> {
    return this.inner.authoriseClient(address, clientKey);
  }

  revokeClient(address: OnionAddress): Promise<void> {
    return this.inner.revokeClient(address);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  #tapped(connection: Connection): Connection {
    this.tap(connection);
    return connection;
  }
}

/** A transport that counts its open connections (both dialed and accepted), to see duplicates. */
export class CountingTransport extends TappedTransport {
  readonly #open = new Set<Connection>();

  constructor(inner: Transport) {
    super(inner, (connection) => {
      this.#open.add(connection);
      connection.once('close', () => this.#open.delete(connection));
    });
  }

  /** Connections not yet closed. */
  get openConnections(): number {
    return [...this.#open].filter((connection) => !connection.destroyed).length;
  }
}
