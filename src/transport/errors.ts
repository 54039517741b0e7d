/**
 * Typed errors of the transport layer, and the dial deadline that turns a caller's AbortSignal
 * and time limit into `AbortedError` / `TimeoutError` (src/errors.ts).
 *
 * Messages never contain an onion address: errors end up in log lines, and addresses are
 * sensitive (src/log.ts). Callers that want to show which friend failed add it themselves.
 */
import { AbortedError, BurrowError, BurrowFailure, TimeoutError, withFields, type ErrorAction } from '../errors.js';

/**
 * Why a dial failed. Most come from Tor's SOCKS5 reply (RFC 1928 §6 and the extended codes
 * 0xF0–0xF7 of tor's socks-extensions / proposal 304, sent when the SocksPort has `ExtendedErrors`).
 */
export type DialFailureReason =
  /** 0xF0: no descriptor for the onion (offline, not yet published, or never existed). */
  | 'descriptor-not-found'
  /** 0xF1: a descriptor was fetched but did not parse or verify. */
  | 'descriptor-invalid'
  /** 0xF2 / 0xF7: every introduction point failed or timed out (the service's tor is likely gone). */
  | 'intro-failed'
  /** 0xF3: the rendezvous did not complete. */
  | 'rendezvous-failed'
  /** 0xF4 / 0xF5: the service requires client authorization we lack or got wrong. */
  | 'client-auth'
  /** 0xF6: tor rejected the onion address itself. */
  | 'bad-address'
  /** 0x01, 0x03, 0x04, 0x06: general failure, network/host unreachable, TTL expired (tor's stream timeout). */
  | 'unreachable'
  /** 0x02, 0x05: the service is up but nothing accepted the stream (Burrow not listening on that port). */
  | 'refused'
  /** tor's SOCKS port could not be reached or did not speak SOCKS5. */
  | 'tor-unavailable'
  /** A reply this code does not know (0x07, 0x08, or a code added to tor later). */
  | 'protocol';

interface ReasonInfo {
  readonly action: ErrorAction;
  readonly text: string;
}

const REASONS: Record<DialFailureReason, ReasonInfo> = {
  'descriptor-not-found': {
    action: 'retry',
    text: 'their onion service is not published: they are offline or just came online. Try again in a minute',
  },
  'descriptor-invalid': {
    action: 'retry',
    text: 'Tor received an invalid descriptor for their onion service. Try again later',
  },
  'intro-failed': {
    action: 'retry',
    text: "Tor could not reach their onion service's introduction points: they probably went offline. Try again later",
  },
  'rendezvous-failed': { action: 'retry', text: 'the Tor rendezvous with their onion service failed. Try again' },
  'client-auth': {
    action: 'tell-user',
    text: 'their onion service requires client authorization. Ask them to authorize your key again',
  },
  'bad-address': { action: 'tell-user', text: 'Tor rejected the onion address. Check that it was typed correctly' },
  unreachable: {
    action: 'retry',
    text: 'Tor could not reach their onion service. Check your Tor connection and try again',
  },
  refused: {
    action: 'retry',
    text: 'their Tor is online but Burrow is not accepting connections on it. Try again when they have Burrow running',
  },
  'tor-unavailable': {
    action: 'retry',
    text: "Burrow's Tor is not running or not answering on its SOCKS port. Wait for it to restart, or check that tor is installed and running",
  },
  protocol: { action: 'bug', text: 'Tor sent a SOCKS reply Burrow does not understand. Update Burrow' },
};

/** A dial failed for a reason Tor (or the in-memory network) reported. */
export class DialError extends BurrowError {
  override readonly name = 'DialError';
  /** The SOCKS5 reply code, when tor sent one. */
  readonly socksReply: number | undefined;

  /**
   * @param reason what went wrong, for callers to match on
   * @param options.socksReply the SOCKS5 reply code tor sent, when the failure came from one
   * @param options.detail an extra sentence for the message (for example how long Burrow kept trying)
   */
  constructor(
    readonly reason: DialFailureReason,
    options: { readonly socksReply?: number; readonly detail?: string; readonly cause?: unknown } = {},
  ) {
    const info = REASONS[reason];
    const code =
      options.socksReply === undefined ? '' : ` (SOCKS reply 0x${options.socksReply.toString(16).padStart(2, '0')})`;
    const detail = options.detail === undefined ? '' : ` ${options.detail}`;
    super(`Could not connect to the onion service: ${info.text}${code}.${detail}`, {
      action: info.action,
      cause: options.cause,
    });
    this.socksReply = options.socksReply;
  }
}

/** 'TransportClosedError': `listen` or `dial` was called on a transport after its `close()`. */
export function transportClosed(): BurrowFailure {
  return new BurrowFailure(
    'TransportClosedError',
    'The transport is closed: create a new transport to listen or dial again.',
    { action: 'bug' },
  );
}

/** Why publishing an onion service failed. */
export type ListenFailureReason =
  /** Another listener (here or in the same tor) already publishes this onion address. */
  | 'in-use'
  /** Tor refused ADD_ONION or its reply made no sense. */
  | 'tor-rejected'
  /** Tor published a different onion address than the identity's: a bug in the key encoding. */
  | 'address-mismatch'
  /** The local TCP server that receives the onion's streams could not start. */
  | 'local-server';

/** 'ListenError': publishing an onion service failed; `reason` says why. */
export function listenFailed(
  reason: ListenFailureReason,
  message: string,
  cause?: unknown,
): BurrowFailure & { readonly reason: ListenFailureReason } {
  const action = reason === 'address-mismatch' ? 'bug' : reason === 'in-use' ? 'tell-user' : 'retry';
  return withFields(new BurrowFailure('ListenError', message, { action, cause }), { reason });
}

/** 'ConnectionLostError': a write on a connection whose peer has gone (it destroyed its end, or its node went offline). */
export function connectionLost(cause?: unknown): BurrowFailure {
  return new BurrowFailure(
    'ConnectionLostError',
    'The connection was closed by the other side (they closed it or went offline). Reconnect to continue.',
    {
      action: 'retry',
      cause,
    },
  );
}

/** 'TransportProtocolError': the other side broke the transport's own framing (tor-transport-stream.ts): not a Burrow peer, or a buggy one. */
export function transportProtocolViolation(detail: string): BurrowFailure {
  return new BurrowFailure(
    'TransportProtocolError',
    `The other side broke the connection's framing (${detail}); the connection was closed.`,
    { action: 'drop-peer' },
  );
}

/** Options every dial takes (the transport-independent part of `DialOptions`). */
export interface DeadlineOptions {
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs: number;
}

/**
 * One signal that fires when the caller aborts or the time limit passes, whose `reason` is the
 * matching typed error (`AbortedError` or `TimeoutError`). Always {@link DialDeadline.dispose}
 * it in a `finally`, or its timer keeps running.
 *
 * @example
 * ```ts
 * const deadline = new DialDeadline('dial', { signal, timeoutMs });
 * try { deadline.throwIfExpired(); await step(deadline.signal); } finally { deadline.dispose(); }
 * ```
 */
export class DialDeadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #outer: AbortSignal | undefined;
  readonly #onOuterAbort = (): void => this.#controller.abort(new AbortedError(this.what));

  constructor(
    readonly what: string,
    options: DeadlineOptions,
  ) {
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${String(options.timeoutMs)}`);
    }
    this.#outer = options.signal;
    if (this.#outer?.aborted === true) {
      this.#onOuterAbort();
      return;
    }
    this.#outer?.addEventListener('abort', this.#onOuterAbort, { once: true });
    this.#timer = setTimeout(
      () => this.#controller.abort(new TimeoutError(what, options.timeoutMs)),
      options.timeoutMs,
    );
  }

  /** Aborts when the caller aborts or time runs out. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The typed error once the deadline fired, else undefined. */
  get error(): AbortedError | TimeoutError | undefined {
    return this.#controller.signal.aborted
      ? (this.#controller.signal.reason as AbortedError | TimeoutError)
      : undefined;
  }

  /** Whether the deadline fired because time ran out (rather than a caller's abort). */
  get timedOut(): boolean {
    return this.error instanceof TimeoutError;
  }

  /** Throws `AbortedError` or `TimeoutError` if the deadline fired. */
  throwIfExpired(): void {
    const error = this.error;
    if (error !== undefined) throw error;
  }

  /**
   * Waits `ms`, or throws the deadline's error as soon as it fires.
   * Used for retry pauses and simulated network delays.
   */
  async sleep(ms: number): Promise<void> {
    this.throwIfExpired();
    const signal = this.#controller.signal;
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Stops the timer and forgets the caller's signal. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#outer?.removeEventListener('abort', this.#onOuterAbort);
  }
}
