/**
 * An authenticated, encrypted session with one peer over a byte stream: what the upgrader
 * (upgrade.ts) returns after the handshake. Bodies go out as frames (src/protocol/frame/) and
 * come in through an async iterator with backpressure both ways.
 *
 * Any fault — an oversized, malformed or undecryptable frame, a reset, the peer leaving — closes
 * the session: the connection is destroyed and {@link SecureSession.closed} resolves with the
 * typed reason. Nothing here throws out of an event handler or leaves a rejection unhandled.
 *
 * @example
 * ```ts
 * void session.closed.then((reason) => log.info('session closed', { reason }));
 * await session.send(utf8('hello'));
 * for await (const body of session) handle(body);
 * ```
 */
import type { Duplex } from 'node:stream';
import { AbortedError, BurrowError } from '../errors.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger, sensitive } from '../log.js';
import { FrameDecoder } from '../protocol/frame/frame-decoder.js';
import { FrameEncoder } from '../protocol/frame/frame-encoder.js';
import { FrameCounterExhaustedError, TruncatedFrameError } from '../protocol/frame/frame-errors.js';
import type { HandshakeResult } from '../protocol/handshake/handshake.js';
import type { SessionPurpose } from '../protocol/handshake/session-purpose.js';
import { connectionFailed, PeerClosedError, SessionClosedError, sessionMisuse } from './session-errors.js';
import { CLOSE_GRACE_MS, MAX_RECEIVE_QUEUE_BYTES } from './session-limits.js';

const log = logger('session');

/** What the peer may do: everything, or (an unknown identity) only send a contact request (docs/ARCHITECTURE.md "Session protocol"). */
export type SessionAccess = 'full' | 'contact-request-only';

/** What the upgrader hands to a new session. */
export interface SecureSessionInit {
  readonly connection: Duplex;
  readonly handshake: HandshakeResult;
  readonly role: 'initiator' | 'responder';
  readonly access: SessionAccess;
  /** Bytes that arrived right after the handshake: the first frames. */
  readonly rest: Uint8Array;
}

/** Options of {@link SecureSession.send}. */
export interface SendOptions {
  /** Stops waiting for the connection to drain (the frame itself may still be delivered). */
  readonly signal?: AbortSignal;
}

interface Waiter {
  resolve(result: IteratorResult<Uint8Array>): void;
  reject(error: BurrowError): void;
}

export class SecureSession implements AsyncIterable<Uint8Array> {
  /** The peer's onion address, proven by the handshake. */
  readonly peer: OnionAddress;
  /** 32 bytes equal on both sides and unique to this session (the handshake hash). */
  readonly sessionId: Uint8Array;
  /** Whether we dialed ('initiator') or were dialed ('responder'). */
  readonly role: 'initiator' | 'responder';
  /** What the gate allowed this peer. Outbound sessions are always 'full'. */
  readonly access: SessionAccess;
  /** What the dialer opened it for (src/protocol/handshake/session-purpose.ts). */
  readonly purpose: SessionPurpose;
  /**
   * Resolves once, when the session closes, with the reason: `undefined` after our own
   * `close()`, `PeerClosedError` when the peer left, or the typed error that ended it
   * (`FrameDecryptError`, `FrameTooLargeError`, `ConnectionLostError`, …). Never rejects.
   */
  readonly closed: Promise<BurrowError | undefined>;

  readonly #connection: Duplex;
  readonly #encoder: FrameEncoder;
  readonly #decoder: FrameDecoder;
  readonly #connectionClosed: Promise<void>;
  #resolveClosed!: (reason: BurrowError | undefined) => void;
  #state: 'open' | 'closed' = 'open';
  #reason: BurrowError | undefined;
  #received: Uint8Array[] = [];
  #receivedBytes = 0;
  #pausedForReader = false;
  #waiter: Waiter | undefined;
  #iterating = false;
  #drain: { promise: Promise<void>; reject(error: BurrowError): void } | undefined;
  #graceTimer: NodeJS.Timeout | undefined;

  /** Use `upgradeOutbound` / `upgradeInbound`; this is called by them. */
  constructor(init: SecureSessionInit) {
    this.peer = init.handshake.peer;
    this.sessionId = Uint8Array.from(init.handshake.sessionId);
    this.role = init.role;
    this.access = init.access;
    this.purpose = init.handshake.purpose;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#connection = init.connection;
    this.#encoder = new FrameEncoder(init.handshake.sendKey);
    this.#decoder = new FrameDecoder(init.handshake.receiveKey);
    this.#connectionClosed = new Promise((resolve) => {
      if (this.#connection.closed) resolve();
      else this.#connection.once('close', () => resolve());
    });
    // The error listener stays for good: a socket may still report an error after we are done with it.
    this.#connection.on('error', this.#onError);
    this.#connection.on('data', this.#onData);
    this.#connection.on('end', this.#onEnd);
    this.#connection.on('close', this.#onClose);
    if (init.rest.length > 0) this.#onData(init.rest);
    if (this.#connection.destroyed) this.#terminate(new PeerClosedError('session'), false);
    if (this.#state === 'open') this.#connection.resume();
    log.debug('session open', {
      peer: sensitive(this.peer),
      role: this.role,
      access: this.access,
      purpose: this.purpose,
    });
  }

  /** Whether the session can still send and receive. */
  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /**
   * Sends one body (at most MAX_FRAME_BODY bytes) as one frame. Resolves once the connection
   * accepted it without exceeding its buffer (waits for 'drain' otherwise). Rejects with
   * `SessionClosedError`, `FrameBodyTooLargeError`, or `AbortedError`.
   */
  async send(body: Uint8Array, options: SendOptions = {}): Promise<void> {
    if (options.signal?.aborted === true) throw new AbortedError('send', options.signal.reason);
    if (this.#state === 'closed') throw new SessionClosedError(this.#reason);
    let frame: Uint8Array;
    try {
      frame = this.#encoder.encode(body);
    } catch (error) {
      if (error instanceof FrameCounterExhaustedError) this.#terminate(error, true);
      throw error;
    }
    if (this.#connection.write(frame)) return;
    await this.#drained(options.signal);
  }

  /**
   * Closes the session: pending frames get CLOSE_GRACE_MS to flush, then the connection is
   * destroyed. Resolves when the connection is closed. Safe to call more than once.
   */
  async close(): Promise<void> {
    this.#terminate(undefined, true);
    await this.#connectionClosed;
  }

  /**
   * Received bodies in order. One iterator at a time; leaving a `for await` loop early does not
   * close the session. Ends after our `close()` or the peer's clean close, and throws the typed
   * error if the session failed (bodies received before the failure come first).
   */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#iterating)
      throw sessionMisuse('A session has one reader at a time: finish the other for-await loop first');
    this.#iterating = true;
    return {
      next: () => this.#next(),
      return: () => {
        this.#iterating = false;
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  #next(): Promise<IteratorResult<Uint8Array>> {
    const body = this.#received.shift();
    if (body !== undefined) {
      this.#receivedBytes -= body.length;
      if (this.#pausedForReader && this.#receivedBytes <= MAX_RECEIVE_QUEUE_BYTES / 2 && this.#state === 'open') {
        this.#pausedForReader = false;
        this.#connection.resume();
      }
      return Promise.resolve({ done: false, value: body });
    }
    if (this.#state === 'closed') return this.#endOfStream();
    if (this.#waiter !== undefined)
      return Promise.reject(sessionMisuse('next() called again before the previous call settled'));
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  #endOfStream(): Promise<IteratorResult<Uint8Array>> {
    const reason = this.#reason;
    if (reason === undefined || reason instanceof PeerClosedError)
      return Promise.resolve({ done: true, value: undefined });
    return Promise.reject(reason);
  }

  #drained(signal: AbortSignal | undefined): Promise<void> {
    if (this.#drain === undefined) {
      let reject!: (error: BurrowError) => void;
      const promise = new Promise<void>((resolve, rejectDrain) => {
        reject = rejectDrain;
        this.#connection.once('drain', () => {
          this.#drain = undefined;
          resolve();
        });
      });
      this.#drain = { promise, reject };
    }
    const drain = this.#drain.promise;
    if (signal === undefined) return drain;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(new AbortedError('send', signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
      drain.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  readonly #onData = (chunk: Uint8Array): void => {
    if (this.#state === 'closed') return;
    try {
      // Good frames before a bad one are delivered first; then the session closes.
      this.#decoder.feed(chunk, (body) => this.#deliver(body));
    } catch (error) {
      this.#terminate(asBurrowError(error), false);
    }
  };

  #deliver(body: Uint8Array): void {
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ done: false, value: body });
      return;
    }
    this.#received.push(body);
    this.#receivedBytes += body.length;
    if (!this.#pausedForReader && this.#receivedBytes > MAX_RECEIVE_QUEUE_BYTES) {
      this.#pausedForReader = true;
      this.#connection.pause();
    }
  }

  readonly #onEnd = (): void => {
    if (this.#state === 'closed') return;
    try {
      this.#decoder.finish();
    } catch (error) {
      this.#terminate(error instanceof TruncatedFrameError ? error : asBurrowError(error), false);
      return;
    }
    this.#terminate(new PeerClosedError('session'), true);
  };

  readonly #onError = (error: unknown): void => {
    this.#terminate(connectionFailed(error), false);
  };

  readonly #onClose = (): void => {
    if (this.#graceTimer !== undefined) clearTimeout(this.#graceTimer);
    this.#terminate(new PeerClosedError('session'), false);
  };

  /** Closes once: records the reason, releases waiters, ends or destroys the connection. */
  #terminate(reason: BurrowError | undefined, graceful: boolean): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#reason = reason;
    this.#connection.off('data', this.#onData);
    this.#connection.off('end', this.#onEnd);
    if (graceful && !this.#connection.destroyed) {
      this.#connection.end();
      this.#graceTimer = setTimeout(() => this.#connection.destroy(), CLOSE_GRACE_MS);
      this.#graceTimer.unref();
    } else {
      this.#connection.destroy();
    }
    this.#drain?.reject(new SessionClosedError(reason));
    this.#drain = undefined;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter !== undefined)
      this.#endOfStream().then(
        (result) => waiter.resolve(result),
        (error: BurrowError) => waiter.reject(error),
      );
    if (reason === undefined) log.debug('session closed', { peer: sensitive(this.peer) });
    else log.info('session closed', { peer: sensitive(this.peer), reason });
    this.#resolveClosed(reason);
  }
}

/** Whatever was thrown, as a typed error (a non-Burrow error here would be a bug). */
function asBurrowError(error: unknown): BurrowError {
  if (error instanceof BurrowError) return error;
  return connectionFailed(error);
}
