/**
 * Burrow nodes over Tor, for the Tor tests and the benchmarks: each a profile of its own and a
 * node publishing its onion service on a client tor of a private network
 * (test/shared/testnet-tor.ts), stopped and started again from disk, every event recorded. No
 * vitest here (the benchmarks run without it). Make friends with test/shared/befriend.ts and
 * {@link TOR_WAIT}.
 */
import type { IdentityKeyPair } from '../../src/crypto/identity.js';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import type { NodeEvent } from '../../src/node/api.js';
import type { NodeTiming } from '../../src/app/index.js';
import type { ScryptParams } from '../../src/store/kdf.js';
import { createProfile, openProfile } from '../../src/store/profile.js';
import type { ProfileStore } from '../../src/store/profile-store.js';
import { TorTransport } from '../../src/transport/tor/tor-transport.js';
import { BurrowNode, type BurrowNodeOptions } from './burrow-node.js';
import { TEST_KDF, TEST_PASSPHRASE } from './profiles.js';
import type { TestTor } from './testnet-tor.js';
import { until } from './until.js';

/** The limit of one step over Tor (a first connection to a fresh onion service, a relayed message) on a loaded machine. */
export const TOR_STEP_MS = 120_000;
/** How often a wait over Tor looks. */
export const TOR_POLL_MS = 200;
/** Tor's patience, for test/shared/befriend.ts. */
export const TOR_WAIT = { timeoutMs: TOR_STEP_MS, pollMs: TOR_POLL_MS } as const;
/** Redials within seconds: a fresh or restarted onion service takes a moment to be reachable. */
export const TOR_TIMING: Partial<NodeTiming> = { reconnectBaseDelayMs: 500, reconnectMaxDelayMs: 4_000 };

/** {@link until} with Tor's patience: looks every {@link TOR_POLL_MS}, fails after `timeoutMs`. */
export function untilTor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = TOR_STEP_MS,
): Promise<void> {
  return until(condition, what, timeoutMs, TOR_POLL_MS);
}

/** What {@link TorPeer.create} takes. */
export interface TorPeerOptions {
  /** The display name. */
  readonly name: string;
  /** The profile's directory (not there yet). */
  readonly dir: string;
  /** The client tor to publish on. */
  readonly tor: TestTor;
  /** The node's other options: timing ({@link TOR_TIMING} unless given), files, … */
  readonly node?: Omit<Partial<BurrowNodeOptions>, 'store' | 'transport'>;
  /** The profile's key derivation ({@link TEST_KDF} unless given). */
  readonly kdf?: ScryptParams;
}

interface Running {
  readonly store: ProfileStore;
  readonly transport: TorTransport;
  readonly node: BurrowNode;
  readonly unsubscribe: () => void;
}

/** A node over Tor that can go away (stopped, store closed) and come back from disk. */
export class TorPeer {
  /** Every event of every run of the node, in order. */
  readonly events: NodeEvent[] = [];
  #running: Running | undefined;
  /** Whether starting waits until tor uploaded each descriptor (findable at once; the daemon does not wait: a benchmark may copy it). */
  waitForPublication = true;

  private constructor(
    readonly name: string,
    readonly dir: string,
    /** The profile's identity (kept, so it can be used while the node is stopped). */
    readonly identity: IdentityKeyPair,
    /** The client tor the node publishes on; a benchmark may hand it a fresh one while stopped. */
    public tor: TestTor,
    readonly nodeOptions: Omit<Partial<BurrowNodeOptions>, 'store' | 'transport'>,
  ) {}

  /** Creates the profile and starts a node on it. */
  static async create(options: TorPeerOptions): Promise<TorPeer> {
    const store = await createProfile(options.dir, TEST_PASSPHRASE, {
      displayName: options.name,
      kdf: options.kdf ?? TEST_KDF,
    });
    const peer = new TorPeer(options.name, options.dir, store.identity.get().keyPair, options.tor, options.node ?? {});
    await peer.#launch(store);
    return peer;
  }

  get onion(): OnionAddress {
    return this.identity.onionAddress;
  }

  /** Whether the node is running. */
  get running(): boolean {
    return this.#running !== undefined;
  }

  /** The running node (throws while stopped). */
  get node(): BurrowNode {
    return this.#current().node;
  }

  /** The open profile of the running node (throws while stopped). */
  get store(): ProfileStore {
    return this.#current().store;
  }

  /** The running node's transport, over {@link tor} (throws while stopped). */
  get transport(): TorTransport {
    return this.#current().transport;
  }

  /** Opens the profile from disk again and starts a node on it, on {@link tor}. */
  async start(): Promise<BurrowNode> {
    if (this.#running !== undefined) throw new Error(`${this.name} is already running`);
    return this.#launch(await openProfile(this.dir, TEST_PASSPHRASE));
  }

  /** Stops the node, closes its transport (the onion service goes) and its store; nothing if stopped. */
  async stop(): Promise<void> {
    const running = this.#running;
    if (running === undefined) return;
    this.#running = undefined;
    try {
      await running.node.stop();
    } finally {
      running.unsubscribe();
      await running.transport.close();
      running.store.close();
    }
  }

  /** Whether the running node counts `friend` online. */
  async isOnlineWith(friend: { readonly onion: string }): Promise<boolean> {
    return (await this.node.contacts()).some((contact) => contact.onion === friend.onion && contact.online);
  }

  #current(): Running {
    if (this.#running === undefined) throw new Error(`${this.name} is offline`);
    return this.#running;
  }

  async #launch(store: ProfileStore): Promise<BurrowNode> {
    const transport = new TorTransport({ tor: this.tor.tor, waitForPublication: this.waitForPublication });
    try {
      // Subscribed from the start: a relay may hand over a message before start() resolves.
      let listening = true;
      const onEvent = (event: NodeEvent): void => {
        if (listening) this.events.push(event);
      };
      const node = await BurrowNode.start({ timing: TOR_TIMING, ...this.nodeOptions, store, transport, onEvent });
      this.#running = { store, transport, node, unsubscribe: () => (listening = false) };
      return node;
    } catch (error) {
      await transport.close().catch(() => undefined);
      store.close();
      throw error;
    }
  }
}
