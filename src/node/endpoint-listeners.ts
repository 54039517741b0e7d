/**
 * Keeps the transport in step with the endpoint book (endpoint-book.ts): one client-authorised
 * listener per friend's endpoint we publish, and one client key per endpoint a friend gave us.
 * A sync compares what should be with what is and only publishes, unpublishes (DEL_ONION),
 * adds or removes (ONION_CLIENT_AUTH_*) the difference; syncs run one at a time, in order.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger, sensitive } from '../log.js';
import type { Connection, Listener, Transport } from '../transport/transport.js';
import { dialEndpointFirst } from './endpoint-dial.js';
import { NO_ENDPOINTS, type EndpointBook, type OwnEndpoint, type PeerEndpoint } from './endpoint-book.js';

const log = logger('endpoints');

/** Hands a connection that arrived on `friend`'s endpoint to the host. */
export type EndpointConnectionHandler = (connection: Connection, friend: OnionAddress) => void;

/** The host's endpoint listeners and client keys. */
export class EndpointListeners {
  readonly #transport: Transport;
  readonly #onConnection: EndpointConnectionHandler;
  /** By endpoint address. */
  readonly #listeners = new Map<OnionAddress, Listener>();
  /** Client keys on the transport, by endpoint address: the key, hex, to notice a replaced one. */
  readonly #clientKeys = new Map<OnionAddress, string>();
  readonly #signal: AbortSignal;
  #book: EndpointBook = NO_ENDPOINTS;
  #queue: Promise<void> = Promise.resolve();

  /** `signal` aborts publishing when the node stops. */
  constructor(transport: Transport, onConnection: EndpointConnectionHandler, signal: AbortSignal) {
    this.#transport = transport;
    this.#onConnection = onConnection;
    this.#signal = signal;
  }

  /** Follows `book` from now on (the host has none until composition gives it one). */
  use(book: EndpointBook): void {
    this.#book = book;
  }

  /** Where to dial friend `peer`: their endpoint for us, else their public address. */
  addressToDial(peer: OnionAddress): OnionAddress {
    return this.#book.endpointOf(peer) ?? peer;
  }

  /**
   * Dials friend `peer` with `dialAt`: at their endpoint when they gave us one, with their public
   * address alongside once the endpoint had its head start or failed (endpoint-dial.ts), and at
   * their public address alone when they gave us none.
   */
  dialFriend<T>(
    peer: OnionAddress,
    dialAt: (address: OnionAddress, signal: AbortSignal) => Promise<T>,
    discard: (connection: T) => void,
    signal: AbortSignal,
  ): Promise<T> {
    const endpoint = this.addressToDial(peer);
    if (endpoint === peer) return dialAt(peer, signal);
    return dialEndpointFirst({
      dialAt: (address, attempt) => {
        if (address === endpoint) return dialAt(endpoint, attempt);
        log.debug('the endpoint has not answered yet; dialing the public address too', { peer: sensitive(peer) });
        return dialAt(peer, attempt);
      },
      discard,
      endpoint,
      publicAddress: peer,
      signal,
    });
  }

  /** Brings the transport to what the book says now; never rejects (failures are logged, the next refresh retries). */
  refresh(): Promise<void> {
    if (this.#signal.aborted) return Promise.resolve();
    const { own, theirs } = this.#book.current();
    return this.sync(own, theirs, this.#signal).catch((error: unknown) =>
      log.warn('could not bring the endpoints up to date', { error }),
    );
  }

  /** Endpoints published now (for status and tests). */
  get published(): number {
    return this.#listeners.size;
  }

  /** Brings the transport to `own` and `theirs`; resolves once done. A failure for one endpoint is logged, the rest still go. */
  sync(own: readonly OwnEndpoint[], theirs: readonly PeerEndpoint[], signal: AbortSignal): Promise<void> {
    const run = this.#queue.then(() => this.#sync(own, theirs, signal));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Unpublishes every endpoint and takes every client key off the transport. */
  close(): Promise<void> {
    return this.sync([], [], AbortSignal.abort());
  }

  async #sync(own: readonly OwnEndpoint[], theirs: readonly PeerEndpoint[], signal: AbortSignal): Promise<void> {
    const wantedListeners = new Map(own.map((endpoint) => [endpoint.service.onionAddress, endpoint]));
    const wantedKeys = new Map(
      theirs.map((endpoint) => [endpoint.address, Buffer.from(endpoint.clientKey).toString('hex')]),
    );
    const work: Promise<void>[] = [];
    for (const [address, listener] of this.#listeners) {
      if (wantedListeners.has(address)) continue;
      this.#listeners.delete(address);
      work.push(listener.close());
    }
    for (const [address, key] of this.#clientKeys) {
      if (wantedKeys.get(address) === key) continue;
      this.#clientKeys.delete(address);
      work.push(this.#transport.revokeClient(address));
    }
    if (!signal.aborted) {
      for (const [address, endpoint] of wantedListeners)
        if (!this.#listeners.has(address)) work.push(this.#publish(endpoint, signal));
      for (const endpoint of theirs) {
        if (this.#clientKeys.has(endpoint.address)) continue;
        this.#clientKeys.set(endpoint.address, wantedKeys.get(endpoint.address)!);
        work.push(this.#transport.authoriseClient(endpoint.address, endpoint.clientKey));
      }
    }
    const results = await Promise.allSettled(work);
    for (const result of results)
      if (result.status === 'rejected') log.warn('an endpoint change failed', { error: result.reason });
  }

  async #publish(endpoint: OwnEndpoint, signal: AbortSignal): Promise<void> {
    const friend = endpoint.friend;
    const listener = await this.#transport.listen(
      endpoint.service,
      (connection) => this.#onConnection(connection, friend),
      { signal, authorisedClient: endpoint.clientPublicKey },
    );
    this.#listeners.set(listener.address, listener);
    log.debug('endpoint published', { friend: sensitive(friend) });
  }
}

/**
 * Whether the gate may let `peer` in on a connection that arrived on `endpointOf`'s endpoint (or
 * on our public address, when undefined): an endpoint is for that friend alone, so anyone else
 * there holds a key they were not given.
 */
export function admitsOnEndpoint(peer: OnionAddress, endpointOf: OnionAddress | undefined, isFriend: boolean): boolean {
  return endpointOf === undefined || (peer === endpointOf && isFriend);
}
