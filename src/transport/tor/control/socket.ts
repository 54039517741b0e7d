/**
 * Opening the TCP connection to a control port, with a timeout, an AbortSignal and errors
 * that say what to check.
 */
import { connect, type Socket } from 'node:net';
import { AbortedError, type BurrowFailure } from '../../../errors.js';
import { torControlConnectFailed } from './errors.js';

/** How long to wait for the control port to accept. Loopback answers at once; this covers a busy machine. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Where and how long to connect. */
export interface ControlSocketOptions {
  readonly host?: string;
  readonly port: number;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * Connects to `host:port` (default 127.0.0.1) with TCP_NODELAY set: commands are small and a
 * reply is awaited after each, so Nagle's delay would only add latency.
 * Rejects with a 'TorControlConnectError', or {@link AbortedError} when `signal` fires.
 */
export async function connectControlSocket(options: ControlSocketOptions): Promise<Socket> {
  const host = options.host ?? '127.0.0.1';
  const { port, signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`invalid control port: ${String(port)}`);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError(`invalid timeoutMs: ${String(timeoutMs)}`);
  if (signal?.aborted === true) throw new AbortedError("connecting to tor's control port", signal.reason);

  const socket = connect({ host, port, noDelay: true });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (error: NodeJS.ErrnoException) => reject(connectError(error, host, port)));
      timer = setTimeout(() => {
        reject(
          torControlConnectFailed(
            `tor's control port at ${host}:${port} did not accept a connection within ${timeoutMs} ms. Check that tor is running and the port is its ControlPort.`,
          ),
        );
      }, timeoutMs);
      onAbort = () => reject(new AbortedError("connecting to tor's control port", signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  } catch (error) {
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    socket.removeAllListeners('connect');
    socket.removeAllListeners('error');
  }
  socket.setNoDelay(true);
  return socket;
}

function connectError(error: NodeJS.ErrnoException, host: string, port: number): BurrowFailure {
  const where = `${host}:${port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return torControlConnectFailed(
        `Nothing listens on ${where}. Start tor with ControlPort ${port} (or check the port number).`,
        error,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return torControlConnectFailed(`Cannot resolve ${host}. Use 127.0.0.1 for a local tor.`, error);
    default:
      return torControlConnectFailed(
        `Cannot connect to tor's control port at ${where} (${error.code ?? error.message}).`,
        error,
      );
  }
}
