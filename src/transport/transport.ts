/**
 * The transport layer's interface (docs/ARCHITECTURE.md "Transport"; js-libp2p's habit of one interface,
 * two implementations and one shared compliance suite).
 *
 * A transport moves bytes between onion addresses and nothing else: it knows nothing of
 * handshakes, frames or friends. Two implementations: `tor/` (real onion services over a
 * `tor` process) and `memory/` (in-process, for fast unit tests).
 */
import type { Duplex } from 'node:stream';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { IdentityKeyPair } from '../crypto/identity.js';

/**
 * One bidirectional byte stream. `end()` half-closes our sending side; the peer sees 'end'
 * and may go on writing. `destroy()` tears both directions down.
 */
export type Connection = Duplex;

export interface DialOptions {
  /** Cancels the dial; after it fires, `dial` rejects with `AbortedError`. */
  readonly signal?: AbortSignal;
  /** Gives up after this long with `TimeoutError` (default {@link DEFAULT_DIAL_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /**
   * Circuit isolation key: streams with different keys never share a Tor circuit
   * (IsolateSOCKSAuth). Burrow passes the peer's onion address, so no two friends share one.
   */
  readonly isolationKey?: string;
}

export interface ListenOptions {
  readonly signal?: AbortSignal;
  /**
   * Publish a client-authorised service (Tor v3 client authorisation, docs/PROTOCOL.md
   * "Endpoints"): only a tor holding the private half of this 32-byte x25519 public key can
   * find the service; to everyone else it does not exist.
   */
  readonly authorisedClient?: Uint8Array;
}

/** An onion service that accepts connections until closed. */
export interface Listener {
  /** The onion address peers dial to reach this listener. */
  readonly address: OnionAddress;
  /** Stops accepting and unpublishes the service; open connections stay open. */
  close(): Promise<void>;
}

export type ConnectionHandler = (connection: Connection) => void;

export interface Transport {
  /**
   * Publishes an onion service for `identity` and hands every inbound connection to `onConnection`.
   * The listener's address is the onion address of `identity`.
   */
  listen(identity: IdentityKeyPair, onConnection: ConnectionHandler, options?: ListenOptions): Promise<Listener>;
  /** Opens a stream to `address`, or rejects with a typed error (see `errors.ts`). */
  dial(address: OnionAddress, options?: DialOptions): Promise<Connection>;
  /**
   * Lets our dials reach the client-authorised service at `address` with this 32-byte x25519
   * private key (tor's ONION_CLIENT_AUTH_ADD; a key held for `address` is replaced).
   */
  authoriseClient(address: OnionAddress, clientKey: Uint8Array): Promise<void>;
  /** Forgets the key for `address` (ONION_CLIENT_AUTH_REMOVE); resolves also when none was held. */
  revokeClient(address: OnionAddress): Promise<void>;
  /** Closes every listener; later calls reject. */
  close(): Promise<void>;
}

/** Connect timeout for one dial. A cold onion connect on a private network takes ~0.3 s, on the real Tor network 2–20 s. */
export const DEFAULT_DIAL_TIMEOUT_MS = 60_000;
