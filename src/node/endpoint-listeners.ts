/**
 * Keeps the transport in step with the endpoint book (endpoint-book.ts): one client-authorised
 * listener per friend's endpoint we publish, and one client key per endpoint a friend gave us.
 * A sync compares what should be with what is and only publishes, unpublishes (DEL_ONION),
 * adds or removes (ONION_CLIENT_AUTH_*) the difference; syncs run one at a time, in order.
 *
 * Publishing is paced (docs/PROTOCOL.md §8 "What endpoints cost"): tor signs, encrypts and
 * uploads every new service's descriptors at once, and a hundred at once kept its control port
 * silent for up to 19 s (long enough for the liveness check to kill it) with only a third of them
 * out after 3 minutes. So endpoints go up a batch at a time with a pause between batches; a newer
 * sync (a friend removed or added) does not wait behind the batches: the older one stops at its
 * next pause and the newer one publishes what is still wanted.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger, sensitive } from '../log.js';
import type { Connection, Listener, Transport } from '../transport/transport.js';
import { dialEndpointFirst } from './endpoint-dial.js';
import { NO_ENDPOINTS, type EndpointBook, type OwnEndpoint, type PeerEndpoint } from './endpoint-book.js';

const log = logger('endpoints');

/** How endpoints are published: `batch` at a time, `pauseMs` between batches. */
export interface EndpointPacing {
  readonly batch: number;
  readonly pauseMs: number;
}

/** Ten at a time, as ten were out in 2.5 s with the control port silent for 0.06 s at most (bench endpoints). */
export const DEFAULT_ENDPOINT_PACING: EndpointPacing = { batch: 10, pauseMs: 5_000 };

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
  readonly #pacing: EndpointPacing;
  #book: EndpointBook = NO_ENDPOINTS;
  #queue: Promise<void> = Promise.resolve();
  /** Syncs asked for so far: a sync whose number is no longer the last stops publishing at its next pause. */
  #syncsAsked = 0;
  /** Unix ms before which no new batch of endpoints goes up. */
  #nextBatchAt = 0;

  /** `signal` aborts publishing when the node stops. */
  constructor(
    transport: Transport,
    onConnection: EndpointConnectionHandler,
    signal: AbortSignal,
    pacing: EndpointPacing = DEFAULT_ENDPOINT_PACING,
  ) {
    this.#transport = transport;
    this.#onConnection = onConnection;
    this.#signal = signal;
    this.#pacing = pacing;
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
    const asked = ++this.#syncsAsked;
    const run = this.#queue.then(() => this.#sync(own, theirs, signal, () => asked !== this.#syncsAsked));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Unpublishes every endpoint and takes every client key off the transport. */
  close(): Promise<void> {
    return this.sync([], [], AbortSignal.abort());
  }

  async #sync(
    own: readonly OwnEndpoint[],
    theirs: readonly PeerEndpoint[],
    signal: AbortSignal,
    superseded: () => boolean,
  ): Promise<void> {
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
      for (const endpoint of theirs) {
        if (this.#clientKeys.has(endpoint.address)) continue;
        this.#clientKeys.set(endpoint.address, wantedKeys.get(endpoint.address)!);
        work.push(this.#transport.authoriseClient(endpoint.address, endpoint.clientKey));
      }
    }
    const unpublished = [...wantedListeners].filter(([address]) => !this.#listeners.has(address));
    work.push(
      this.#publishPaced(
        unpublished.map(([, endpoint]) => endpoint),
        signal,
        superseded,
      ),
    );
    const results = await Promise.allSettled(work);
    for (const result of results)
      if (result.status === 'rejected') log.warn('an endpoint change failed', { error: result.reason });
  }

  /** Publishes `endpoints` a batch at a time (see the file's comment); stops when aborted or superseded. */
  async #publishPaced(
    endpoints: readonly OwnEndpoint[],
    signal: AbortSignal,
    superseded: () => boolean,
  ): Promise<void> {
    const { batch, pauseMs } = this.#pacing;
    for (let start = 0; start < endpoints.length; start += batch) {
      // Measured from the last batch of any sync, so syncs in quick succession do not add up.
      await pause(this.#nextBatchAt - Date.now(), signal);
      if (signal.aborted || superseded()) return;
      this.#nextBatchAt = Date.now() + pauseMs;
      const results = await Promise.allSettled(
        endpoints.slice(start, start + batch).map((endpoint) => this.#publish(endpoint, signal)),
      );
      for (const result of results)
        if (result.status === 'rejected') log.warn('publishing an endpoint failed', { error: result.reason });
    }
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

/** Waits `ms` (nothing when ≤ 0), or less if `signal` aborts (the caller checks it after). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
