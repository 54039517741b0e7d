/**
 * Dialing through tor's SOCKS5 port with the `socks` package (docs/ARCHITECTURE.md "Transport").
 *
 * - The destination is sent as a hostname (`<address>.onion`, RFC 1928 ATYP 0x03): tor resolves
 *   it, nothing is ever looked up locally.
 * - Each dial carries an isolation credential (socks-isolation.ts), so friends never share a circuit.
 * - TCP_NODELAY on the socket: tor does not set it on its streams' local side, and Burrow's small
 *   frames would otherwise wait for Nagle (docs/TESTNET.md "Measured").
 * - A freshly published onion answers 0xF0 (descriptor not found) for ~2 s, so 0xF0 (and the
 *   other answers that may change, {@link RETRIED_DIAL_FAILURES}) is retried every
 *   {@link SOCKS_RETRY_INTERVAL_MS} until the dial's deadline.
 */
import { Socket } from 'node:net';
import { SocksClient } from 'socks';
import { TimeoutError } from '../../errors.js';
import { logger } from '../../log.js';
import { DialError, type DialDeadline, type DialFailureReason } from '../errors.js';
import type { SocksCredential } from './socks-isolation.js';
import { dialFailureReason, SOCKS5_REPLY_CODE_PREFIX_BYTES, socks5ReplyCode } from './socks-reply.js';

const log = logger('socks-dial');

/** Where tor's SOCKS port listens. */
export interface SocksEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Where to connect through the proxy. `host` is passed to the proxy as a name, never resolved here. */
export interface SocksDestination {
  readonly host: string;
  readonly port: number;
}

/** One CONNECT through the proxy. */
export interface SocksConnectOptions {
  readonly proxy: SocksEndpoint;
  readonly destination: SocksDestination;
  readonly credential: SocksCredential;
  /** Aborts the attempt; the dial rejects with the signal's `reason` (Burrow passes a typed error). */
  readonly signal: AbortSignal;
  /** A backstop for the SOCKS handshake alone, in case the signal is never fired. */
  readonly handshakeTimeoutMs: number;
}

/**
 * One SOCKS5 CONNECT. Resolves the connected socket (TCP_NODELAY on, `allowHalfOpen`), or
 * rejects with `DialError` (its reason read from tor's reply code) or the signal's reason.
 */
export async function socksConnect(options: SocksConnectOptions): Promise<Socket> {
  const { signal } = options;
  signal.throwIfAborted();
  const socket = new Socket({ allowHalfOpen: true });
  socket.setNoDelay(true);
  // The bytes tor sends until its reply code: the `socks` package names only RFC 1928's codes.
  const fromProxy: Buffer[] = [];
  let recorded = 0;
  const record = (chunk: Buffer): void => {
    if (recorded >= SOCKS5_REPLY_CODE_PREFIX_BYTES) return;
    const part = chunk.subarray(0, SOCKS5_REPLY_CODE_PREFIX_BYTES - recorded);
    fromProxy.push(part);
    recorded += part.length;
  };
  const onAbort = (): void => {
    socket.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await connectTcp(socket, options.proxy);
    // Registered before the `socks` package's own listener, so it sees every byte first.
    socket.on('data', record);
    await SocksClient.createConnection({
      command: 'connect',
      proxy: {
        host: options.proxy.host,
        port: options.proxy.port,
        type: 5,
        userId: options.credential.username,
        password: options.credential.password,
      },
      destination: { host: options.destination.host, port: options.destination.port },
      existing_socket: socket,
      timeout: options.handshakeTimeoutMs,
    });
    return socket;
  } catch (error) {
    socket.on('error', () => undefined);
    socket.destroy();
    if (signal.aborted) throw signal.reason;
    if (error instanceof DialError) throw error;
    const code = socks5ReplyCode(Buffer.concat(fromProxy));
    if (code !== undefined && code !== 0)
      throw new DialError(dialFailureReason(code), { socksReply: code, cause: error });
    throw new DialError('tor-unavailable', { cause: error });
  } finally {
    // Removed before `socks` resumes the socket (on setImmediate), so no stream byte is recorded.
    socket.off('data', record);
    signal.removeEventListener('abort', onAbort);
  }
}

/** Opens the TCP connection to the proxy; a refused or failed connect means tor is not there. */
function connectTcp(socket: Socket, proxy: SocksEndpoint): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown): void => {
      socket.off('connect', onConnect);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error instanceof DialError ? error : new DialError('tor-unavailable', { cause: error }));
    };
    const onConnect = (): void => settle();
    const onError = (error: Error): void => settle(error);
    const onClose = (): void => settle(new DialError('tor-unavailable'));
    socket.once('connect', onConnect);
    socket.once('error', onError);
    socket.once('close', onClose);
    socket.connect({ host: proxy.host, port: proxy.port });
  });
}

/** Pause between two attempts when tor said "not yet" (docs/TESTNET.md: retry every ~0.5 s). */
export const SOCKS_RETRY_INTERVAL_MS = 500;

/**
 * Failures worth another attempt before the deadline, because the next attempt may see a
 * different network: a descriptor not (yet) published; introduction or rendezvous failures (a
 * peer whose tor restarted publishes new introduction points, and tor fetches the new
 * descriptor once every cached one failed); a tor that is restarting (its manager brings it
 * back, possibly on another port). Client authorization, bad addresses and refusals stay as
 * they are, so those fail at once.
 */
export const RETRIED_DIAL_FAILURES: ReadonlySet<DialFailureReason> = new Set<DialFailureReason>([
  'descriptor-not-found',
  'intro-failed',
  'rendezvous-failed',
  'tor-unavailable',
]);

/** A dial with retries. */
export interface SocksDialOptions {
  /** tor's SOCKS endpoint right now (it moves when tor restarts); undefined while tor is down. */
  readonly proxy: () => SocksEndpoint | undefined;
  readonly destination: SocksDestination;
  readonly credential: SocksCredential;
  /** The caller's abort and time limit. */
  readonly deadline: DialDeadline;
  /** Handshake backstop per attempt (see {@link SocksConnectOptions.handshakeTimeoutMs}). */
  readonly handshakeTimeoutMs: number;
  readonly retryIntervalMs?: number;
}

/**
 * Connects through tor, retrying {@link RETRIED_DIAL_FAILURES} until the deadline. When time
 * runs out after tor gave a definite answer, rejects with that answer as a `DialError` (more
 * useful to a user than "timed out"); with no answer, with `TimeoutError`. A caller's abort
 * always rejects with `AbortedError`.
 */
export async function socksDialWithRetry(options: SocksDialOptions): Promise<Socket> {
  const { deadline } = options;
  let last: DialError | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      deadline.throwIfExpired();
      const proxy = options.proxy();
      if (proxy === undefined) throw new DialError('tor-unavailable', { detail: 'tor is not running right now.' });
      return await socksConnect({
        proxy,
        destination: options.destination,
        credential: options.credential,
        signal: deadline.signal,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
      });
    } catch (error) {
      if (deadline.error !== undefined) throw finalError(deadline, last);
      if (!(error instanceof DialError) || !RETRIED_DIAL_FAILURES.has(error.reason)) throw error;
      last = error;
      log.debug('dial attempt failed; retrying', { attempt, reason: error.reason });
    }
    try {
      await deadline.sleep(options.retryIntervalMs ?? SOCKS_RETRY_INTERVAL_MS);
    } catch {
      throw finalError(deadline, last);
    }
  }
}

/** The error for a deadline that fired: the caller's abort, or tor's last answer, or a plain timeout. */
function finalError(deadline: DialDeadline, last: DialError | undefined): Error {
  const error = deadline.error!;
  if (!(error instanceof TimeoutError) || last === undefined) return error;
  return new DialError(last.reason, {
    ...(last.socksReply === undefined ? {} : { socksReply: last.socksReply }),
    detail: `Burrow kept trying for ${(error.timeoutMs / 1000).toFixed(1)} s.`,
    cause: error,
  });
}
