/**
 * The Tor {@link Transport}: every listener is an onion service published from the identity's
 * own key (onion-service.ts), every dial a SOCKS5 CONNECT through tor with a per-peer isolation
 * credential (socks-dial.ts), and every connection carries the half-close framing of
 * tor-transport-stream.ts on both sides.
 *
 * @example
 * ```ts
 * const transport = new TorTransport({ tor: await TorProcess.launch({ dataDir }) });
 * await transport.listen(identity, (connection) => session.accept(connection));
 * const connection = await transport.dial(friendAddress, { signal, timeoutMs: 30_000 });
 * ```
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { base32Encode } from '../../crypto/base32.js';
import type { IdentityKeyPair } from '../../crypto/identity.js';
import { parseOnionAddress, type OnionAddress } from '../../crypto/onion-address.js';
import { AbortedError } from '../../errors.js';
import { logger } from '../../log.js';
import { DialDeadline, listenFailed, transportClosed } from '../errors.js';
import {
  DEFAULT_DIAL_TIMEOUT_MS,
  type Connection,
  type ConnectionHandler,
  type DialOptions,
  type Listener,
  type ListenOptions,
  type Transport,
} from '../transport.js';
import type { TorControlClient } from './control/index.js';
import { BURROW_ONION_PORT, OnionService, type OnionServiceControl, type OnionServiceTor } from './onion-service.js';
import { socksDialWithRetry, type SocksEndpoint } from './socks-dial.js';
import { isolationCredential } from './socks-isolation.js';
import { TorStreamConnection } from './tor-transport-stream.js';

const log = logger('tor-transport');

/** Where the local server that receives an onion's streams listens: loopback only, a port the OS picks. */
const LOCAL_HOST = '127.0.0.1';
/** Bytes of the per-transport salt mixed into isolation credentials (socks-isolation.ts). */
const ISOLATION_SALT_BYTES = 16;

/** The part of `TorProcess` the transport uses. */
export interface TorTransportTor extends OnionServiceTor {
  /** The current control connection; client-authorisation keys are added and removed on it. */
  readonly control: OnionServiceControl & Pick<TorControlClient, 'addClientAuth' | 'removeClientAuth'>;
  /** tor's SOCKS listener; throws while tor has none. */
  readonly socksEndpoint: SocksEndpoint;
}

/** Options of a {@link TorTransport}. */
export interface TorTransportOptions {
  /** The tor to publish and dial through (a `TorProcess`). The transport never stops it. */
  readonly tor: TorTransportTor;
  /**
   * Make `listen` resolve only once tor uploaded the service's descriptor (`HS_DESC
   * UPLOADED`), so peers can find it. Default false: their dials retry until it is out.
   */
  readonly waitForPublication?: boolean;
  /** Limit for `waitForPublication`, in ms (default onion-service.ts's). */
  readonly publicationTimeoutMs?: number;
  /** The onion services' virtual port (default {@link BURROW_ONION_PORT}; only tests change it). */
  readonly virtualPort?: number;
}

/** Burrow's transport over a tor process. */
export class TorTransport implements Transport {
  readonly #options: TorTransportOptions;
  readonly #virtualPort: number;
  readonly #isolationSalt = randomBytes(ISOLATION_SALT_BYTES);
  readonly #listeners = new Map<OnionAddress, TorListener>();
  readonly #connections = new Set<Connection>();
  /** Inbound sockets whose preamble has not arrived yet. */
  readonly #starting = new Set<Socket>();
  /** Aborts dials in flight when the transport closes. */
  readonly #closing = new AbortController();
  /** Client-authorisation keys we gave tor, by service: a restarted tor gets them again (they are not kept on disk). */
  readonly #clientKeys = new Map<OnionAddress, Uint8Array>();
  readonly #stopFollowingRestarts: () => void;

  constructor(options: TorTransportOptions) {
    this.#options = options;
    this.#virtualPort = options.virtualPort ?? BURROW_ONION_PORT;
    this.#stopFollowingRestarts = options.tor.on('restarted', () => this.#restoreClientKeys());
  }

  /**
   * Publishes `identity`'s onion service. Rejects with `ListenError` ('in-use' if this
   * transport or its tor already publishes it, 'local-server', 'tor-rejected',
   * 'address-mismatch'), `AbortedError`, `TransportClosedError`.
   */
  async listen(
    identity: IdentityKeyPair,
    onConnection: ConnectionHandler,
    options: ListenOptions = {},
  ): Promise<Listener> {
    this.#assertOpen();
    if (options.signal?.aborted === true) throw new AbortedError('listen');
    const address = identity.onionAddress;
    if (this.#listeners.has(address)) {
      throw listenFailed('in-use', 'This identity is already listening on this transport. Close its listener first.');
    }
    const server = await startLocalServer((socket) => this.#accept(socket, onConnection));
    let service: OnionService;
    try {
      const port = (server.address() as { port: number }).port;
      service = await OnionService.publish({
        tor: this.#options.tor,
        identity,
        target: { host: LOCAL_HOST, port },
        virtualPort: this.#virtualPort,
        ...(options.authorisedClient === undefined ? {} : { clientAuthV3: base32Encode(options.authorisedClient) }),
        ...(this.#options.waitForPublication === undefined
          ? {}
          : { waitForPublication: this.#options.waitForPublication }),
        ...(this.#options.publicationTimeoutMs === undefined
          ? {}
          : { publicationTimeoutMs: this.#options.publicationTimeoutMs }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      stopAccepting(server);
      throw error;
    }
    const listener = new TorListener(address, service, server, () => this.#listeners.delete(address));
    if (this.#closing.signal.aborted) {
      await listener.close();
      throw transportClosed();
    }
    this.#listeners.set(address, listener);
    return listener;
  }

  /**
   * Connects to `address` through tor. Rejects with `DialError` (tor's reason; answers that may
   * change, such as "descriptor not found", are retried every 0.5 s until the deadline:
   * socks-dial.ts), `TimeoutError`, `AbortedError`, or `TransportClosedError`.
   */
  async dial(address: OnionAddress, options: DialOptions = {}): Promise<Connection> {
    this.#assertOpen();
    const onion = parseOnionAddress(address);
    const timeoutMs = options.timeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS;
    const signal =
      options.signal === undefined ? this.#closing.signal : AbortSignal.any([options.signal, this.#closing.signal]);
    const deadline = new DialDeadline('connecting to the onion service', { signal, timeoutMs });
    let socket: Socket;
    try {
      socket = await socksDialWithRetry({
        proxy: () => this.#socksEndpoint(),
        destination: { host: `${onion}.onion`, port: this.#virtualPort },
        credential: isolationCredential(this.#isolationSalt, options.isolationKey ?? onion),
        deadline,
        handshakeTimeoutMs: timeoutMs,
      });
    } catch (error) {
      this.#assertOpen();
      throw error;
    } finally {
      deadline.dispose();
    }
    if (this.#closing.signal.aborted) {
      socket.destroy();
      throw transportClosed();
    }
    return this.#track(TorStreamConnection.dialed(socket));
  }

  /** Gives tor the key for the client-authorised service `address` (ONION_CLIENT_AUTH_ADD). */
  async authoriseClient(address: OnionAddress, clientKey: Uint8Array): Promise<void> {
    this.#assertOpen();
    const onion = parseOnionAddress(address);
    await this.#options.tor.control.addClientAuth(onion, clientKey);
    this.#clientKeys.set(onion, Uint8Array.from(clientKey));
  }

  /** Takes the key for `address` off tor (ONION_CLIENT_AUTH_REMOVE). */
  async revokeClient(address: OnionAddress): Promise<void> {
    const onion = parseOnionAddress(address);
    this.#clientKeys.get(onion)?.fill(0);
    this.#clientKeys.delete(onion);
    await this.#options.tor.control.removeClientAuth(onion);
  }

  /**
   * Unpublishes every onion service, destroys every open connection and aborts dials in
   * flight; later calls reject with `TransportClosedError`. The tor process keeps running,
   * holding no client-authorisation key of ours.
   */
  async close(): Promise<void> {
    this.#closing.abort(transportClosed());
    this.#stopFollowingRestarts();
    await Promise.all(
      [...this.#clientKeys.keys()].map((address) =>
        this.revokeClient(address).catch((error: unknown) => log.debug('could not remove a client key', { error })),
      ),
    );
    await Promise.all([...this.#listeners.values()].map((listener) => listener.close()));
    for (const connection of [...this.#connections]) connection.destroy();
    for (const socket of [...this.#starting]) socket.destroy();
  }

  #restoreClientKeys(): void {
    for (const [address, key] of this.#clientKeys)
      this.#options.tor.control
        .addClientAuth(address, key)
        .catch((error: unknown) => log.error('could not give a restarted tor a client key again', { error }));
  }

  #accept(socket: Socket, onConnection: ConnectionHandler): void {
    if (this.#closing.signal.aborted) {
      socket.destroy();
      return;
    }
    // Until its preamble arrives the stream is nobody's; close() must still be able to end it.
    this.#starting.add(socket);
    TorStreamConnection.accepted(socket)
      .finally(() => this.#starting.delete(socket))
      .then(
        (connection) => {
          if (this.#closing.signal.aborted) {
            connection.destroy();
            return;
          }
          this.#track(connection);
          try {
            onConnection(connection);
          } catch (error) {
            log.error('connection handler threw; closing the connection', { error });
            connection.destroy();
          }
        },
        (error: unknown) => log.debug('dropped an inbound stream that never started', { error }),
      );
  }

  #track(connection: Connection): Connection {
    this.#connections.add(connection);
    connection.once('close', () => this.#connections.delete(connection));
    return connection;
  }

  #socksEndpoint(): SocksEndpoint | undefined {
    try {
      return this.#options.tor.socksEndpoint;
    } catch {
      return undefined;
    }
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted) throw transportClosed();
  }
}

/** One published identity: its onion service and the local server tor delivers its streams to. */
class TorListener implements Listener {
  readonly address: OnionAddress;
  readonly #service: OnionService;
  readonly #server: Server;
  readonly #onClosed: () => void;
  #closing: Promise<void> | undefined;

  constructor(address: OnionAddress, service: OnionService, server: Server, onClosed: () => void) {
    this.address = address;
    this.#service = service;
    this.#server = server;
    this.#onClosed = onClosed;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#onClosed();
      // Unpublish first, so no new stream arrives at a server that no longer accepts.
      await this.#service.close();
      stopAccepting(this.#server);
    })();
    return this.#closing;
  }
}

/** A TCP server on 127.0.0.1 and a port the OS picks; half-open sockets allowed (the framing needs them). */
async function startLocalServer(onSocket: (socket: Socket) => void): Promise<Server> {
  const server = createServer({ allowHalfOpen: true, noDelay: true }, onSocket);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: LOCAL_HOST, port: 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    throw listenFailed(
      'local-server',
      `Burrow could not open a local port for its onion service: ${(error as Error).message}`,
      error,
    );
  }
  server.on('error', (error) => log.error('local onion server failed', { error }));
  return server;
}

/**
 * Stops accepting at once. Open connections stay open (`Listener.close` contract), so this does
 * not wait for `server.close`'s callback, which only comes once the last of them closed.
 */
function stopAccepting(server: Server): void {
  server.close();
}
