/**
 * The in-memory {@link Transport}: listens by identity and dials by onion address on a
 * memory-network.ts `MemoryNetwork`, with the same typed errors as the Tor transport (a dial to an address
 * nobody publishes fails with `DialError('descriptor-not-found')`, as Tor's SOCKS reply 0xF0 does).
 */
import { AbortedError } from '../../errors.js';
import { logger } from '../../log.js';
import type { IdentityKeyPair } from '../../crypto/identity.js';
import type { OnionAddress } from '../../crypto/onion-address.js';
import { DialDeadline, DialError, listenFailed, transportClosed } from '../errors.js';
import {
  DEFAULT_DIAL_TIMEOUT_MS,
  type Connection,
  type ConnectionHandler,
  type DialOptions,
  type Listener,
  type ListenOptions,
  type Transport,
} from '../transport.js';
import { x25519KeyPairFromSecret } from '../../crypto/x25519.js';
import { createMemoryConnectionPair } from './memory-connection.js';

const log = logger('memory-transport');

/** @internal What a listening transport registers under its onion address. */
export interface MemoryService {
  readonly owner: MemoryTransport;
  readonly onConnection: ConnectionHandler;
  /** For a client-authorised service: the x25519 public key a dialer's key must match. */
  readonly authorisedClient?: Uint8Array;
}

/**
 * @internal What a transport needs of its network. memory-network.ts `MemoryNetwork` provides it;
 * the interface lives here because that module makes transports and must not be imported back.
 */
export interface MemoryDirectory {
  /** How long every dial takes, in ms. */
  readonly dialDelayMs: number;
  /** Registers a listener; false if the address is taken. */
  publish(address: OnionAddress, service: MemoryService): boolean;
  /** Removes a listener (only the one `owner` registered). */
  unpublish(address: OnionAddress, owner: MemoryTransport): void;
  /** The listener at `address`, if any. */
  lookup(address: OnionAddress): MemoryService | undefined;
}

/** A node on a memory-network.ts `MemoryNetwork`. Make one with `network.transport()`. */
export class MemoryTransport implements Transport {
  readonly #network: MemoryDirectory;
  readonly #published = new Set<OnionAddress>();
  readonly #connections = new Set<Connection>();
  /** Client-authorisation keys by service address: their x25519 public halves, as tor would derive them. */
  readonly #clientKeys = new Map<OnionAddress, Uint8Array>();
  #closed = false;

  constructor(network: MemoryDirectory) {
    this.#network = network;
  }

  /** Publishes `identity`'s onion address on the network; fails with `ListenError('in-use')` if someone already does. */
  listen(identity: IdentityKeyPair, onConnection: ConnectionHandler, options: ListenOptions = {}): Promise<Listener> {
    // Settled on a later microtask, as a real listen would, and errors become rejections.
    return Promise.resolve().then(() => this.#listenNow(identity, onConnection, options));
  }

  #listenNow(identity: IdentityKeyPair, onConnection: ConnectionHandler, options: ListenOptions): Listener {
    this.#assertOpen();
    if (options.signal?.aborted === true) throw new AbortedError('listen');
    const address = identity.onionAddress;
    const published = this.#network.publish(address, {
      owner: this,
      onConnection: (connection) => this.#accept(connection, onConnection),
      ...(options.authorisedClient === undefined
        ? {}
        : { authorisedClient: Uint8Array.from(options.authorisedClient) }),
    });
    if (!published) {
      throw listenFailed(
        'in-use',
        'This identity is already online elsewhere (another Burrow is publishing the same onion address). Close the other one first.',
      );
    }
    this.#published.add(address);
    return {
      address,
      close: () => {
        this.#unpublish(address);
        return Promise.resolve();
      },
    };
  }

  /** Connects to the transport that publishes `address`, after the network's simulated delay. */
  async dial(address: OnionAddress, options: DialOptions = {}): Promise<Connection> {
    this.#assertOpen();
    const deadline = new DialDeadline('dial', {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS,
    });
    try {
      deadline.throwIfExpired();
      if (this.#network.dialDelayMs > 0) await deadline.sleep(this.#network.dialDelayMs);
      this.#assertOpen();
      const service = this.#network.lookup(address);
      // Without the matching client key a client-authorised service cannot be found at all (as with tor).
      if (service === undefined || !this.#mayFind(address, service)) throw new DialError('descriptor-not-found');
      const [local, remote] = createMemoryConnectionPair();
      this.#track(local);
      service.onConnection(remote);
      return local;
    } finally {
      deadline.dispose();
    }
  }

  /** Holds the client key for `address` (tor's ONION_CLIENT_AUTH_ADD). */
  authoriseClient(address: OnionAddress, clientKey: Uint8Array): Promise<void> {
    return Promise.resolve().then(() => {
      this.#assertOpen();
      this.#clientKeys.set(address, x25519KeyPairFromSecret(clientKey).publicKey);
    });
  }

  /** Forgets the client key for `address`. */
  revokeClient(address: OnionAddress): Promise<void> {
    this.#clientKeys.delete(address);
    return Promise.resolve();
  }

  /**
   * Simulates this node going offline: unpublishes every address and destroys every
   * connection. The transport stays usable (listen again to come back online).
   */
  goOffline(): Promise<void> {
    for (const address of [...this.#published]) this.#unpublish(address);
    for (const connection of [...this.#connections]) connection.destroy();
    return Promise.resolve();
  }

  /** Unpublishes every address and destroys every open connection; later calls reject with `TransportClosedError`. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.goOffline();
  }

  #accept(connection: Connection, onConnection: ConnectionHandler): void {
    this.#track(connection);
    try {
      onConnection(connection);
    } catch (error) {
      log.error('connection handler threw; closing the connection', { error });
      connection.destroy();
    }
  }

  #mayFind(address: OnionAddress, service: MemoryService): boolean {
    if (service.authorisedClient === undefined) return true;
    const held = this.#clientKeys.get(address);
    return held !== undefined && Buffer.from(held).equals(service.authorisedClient);
  }

  #track(connection: Connection): void {
    this.#connections.add(connection);
    connection.once('close', () => this.#connections.delete(connection));
  }

  #unpublish(address: OnionAddress): void {
    this.#published.delete(address);
    this.#network.unpublish(address, this);
  }

  #assertOpen(): void {
    if (this.#closed) throw transportClosed();
  }
}
