/**
 * The client side of the daemon's JSON-lines socket (used by `burrow ctl`, and by anything
 * else that drives a running node: bots, scripts, tests).
 */
import { createConnection, type Socket } from 'node:net';
import { BurrowError, BurrowFailure, TimeoutError, withFields } from '../errors.js';
import type { NodeEvent } from '../node/api.js';
import { readJsonLines } from './json-lines.js';
import type { ErrorBody } from './protocol.js';

/** Largest reply line accepted from the daemon (a history page of 500 long messages fits). */
const MAX_REPLY_LINE_BYTES = 64 * 1024 * 1024;

export class DaemonNotRunningError extends BurrowError {
  override readonly name = 'DaemonNotRunningError';
  constructor(socketPath: string, startCommand = 'burrow daemon') {
    super(
      `no Burrow daemon is running for this profile (nothing answers at ${socketPath}). Start one with \`${startCommand}\`.`,
      {
        action: 'tell-user',
      },
    );
  }
}

/** 'DaemonRequestError': an error the daemon reported; `remoteName` is the node's typed error name (e.g. NotAFriendError). */
export function daemonRequestFailed(body: ErrorBody): BurrowFailure & { readonly remoteName: string } {
  return withFields(new BurrowFailure('DaemonRequestError', body.message, { action: 'tell-user' }), {
    remoteName: body.name,
  });
}

/** 'DaemonConnectionLostError': the connection to the daemon closed before it answered. */
export function daemonConnectionLost(): BurrowFailure {
  return new BurrowFailure(
    'DaemonConnectionLostError',
    'the connection to the Burrow daemon closed before it answered',
    { action: 'retry' },
  );
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class DaemonClient {
  readonly #socket: Socket;
  readonly #pending = new Map<number, Pending>();
  readonly #eventListeners = new Set<(event: NodeEvent) => void>();
  #nextId = 1;
  /** Settles when the connection to the daemon is gone (closed by either side). */
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    readJsonLines(
      socket,
      MAX_REPLY_LINE_BYTES,
      (line) => this.#onLine(line),
      (error) => this.#failAll(error),
    );
    socket.on('close', () => this.#failAll(daemonConnectionLost()));
    socket.on('error', () => socket.destroy());
  }

  /** Connects to the daemon's socket, or throws {@link DaemonNotRunningError} (naming `startCommand` as the fix). */
  static connect(socketPath: string, timeoutMs = 5_000, startCommand?: string): Promise<DaemonClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(socketPath);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TimeoutError('connecting to the Burrow daemon', timeoutMs));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new DaemonClient(socket));
      });
      socket.once('error', () => {
        clearTimeout(timer);
        reject(new DaemonNotRunningError(socketPath, startCommand));
      });
    });
  }

  /** Calls one method; resolves with its result or rejects with 'DaemonRequestError' ({@link daemonRequestFailed}). */
  call(method: string, params?: Record<string, unknown>): Promise<unknown> {
    return this.#send(method, params);
  }

  /** Streams node events to `listener` until {@link close}. */
  async subscribe(listener: (event: NodeEvent) => void): Promise<void> {
    this.#eventListeners.add(listener);
    await this.#send('subscribe');
  }

  close(): void {
    this.#socket.end();
    this.#socket.destroy();
  }

  #send(method: string, params?: Record<string, unknown>): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#socket.destroyed) {
        reject(daemonConnectionLost());
        return;
      }
      this.#pending.set(id, { resolve, reject });
      this.#socket.write(JSON.stringify(params === undefined ? { id, method } : { id, method, params }) + '\n');
    });
  }

  #onLine(line: string): void {
    let message: { id?: number; result?: unknown; error?: ErrorBody; event?: NodeEvent };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (message.event !== undefined) {
      for (const listener of this.#eventListeners) listener(message.event);
      return;
    }
    if (typeof message.id !== 'number') return;
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    if (message.error !== undefined) pending.reject(daemonRequestFailed(message.error));
    else pending.resolve(message.result);
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
