/**
 * The upgrader: raw connection → handshake → gate → framed, encrypted {@link SecureSession}
 * (docs/ARCHITECTURE.md "Conventions", js-libp2p's upgrader). This is where the pure handshake of src/protocol meets I/O.
 *
 * Every upgrade has a mandatory deadline (DEFAULT_HANDSHAKE_TIMEOUT_MS unless the caller picks
 * another) covering the handshake and the gate, and honours an AbortSignal. On any failure the
 * connection is destroyed and the promise rejects with a typed error: a `HandshakeError`
 * subclass, `TimeoutError`, `AbortedError`, `PeerClosedError`, `ConnectionLostError` or
 * `PeerRefusedError`.
 */
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { checkInteger } from '../lib/argument-checks.js';
import type { IdentityKeyPair } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import { AbortedError, TimeoutError, type BurrowError } from '../errors.js';
import type { Handshake, HandshakeResult } from '../protocol/handshake/handshake.js';
import { createInitiator } from '../protocol/handshake/initiator.js';
import { createResponder } from '../protocol/handshake/responder.js';
import type { SessionPurpose } from '../protocol/handshake/session-purpose.js';
import { SecureSession, type SessionAccess } from './secure-session.js';
import { connectionFailed, PeerClosedError, peerRefused } from './session-errors.js';
import { DEFAULT_HANDSHAKE_TIMEOUT_MS, MAX_HANDSHAKE_TIMEOUT_MS } from './session-limits.js';

/** Options both directions take. */
export interface UpgradeOptions {
  /** Our identity. */
  readonly identity: IdentityKeyPair;
  /** Cancels the upgrade: it then rejects with `AbortedError` and the connection is destroyed. */
  readonly signal?: AbortSignal;
  /** Deadline for handshake and gate (default {@link DEFAULT_HANDSHAKE_TIMEOUT_MS}; cannot be turned off). */
  readonly timeoutMs?: number;
  /** Ephemeral key source (tests only). */
  readonly random?: RandomSource;
}

/** Options of {@link upgradeOutbound}. */
export interface OutboundUpgradeOptions extends UpgradeOptions {
  /** The onion address we dialed: the listener must prove it holds its key. */
  readonly remote: OnionAddress;
  /** What the session is for (default 'main'): the listener learns it inside the handshake. */
  readonly purpose?: SessionPurpose;
}

/** The gate's verdict on a peer whose identity the handshake proved. */
export type GateDecision = 'allow' | 'contact-request-only' | 'refuse';

/** Options of {@link upgradeInbound}. */
export interface InboundUpgradeOptions extends UpgradeOptions {
  /**
   * Decides what a proven peer may do: 'allow' (a friend), 'contact-request-only' (an unknown
   * identity), or 'refuse' (blocked). Anything else counts as 'refuse'. `purpose` is what the
   * dialer opened the session for.
   */
  readonly gate: (peer: OnionAddress, purpose: SessionPurpose) => GateDecision | Promise<GateDecision>;
}

/**
 * Runs the dialer's side over a fresh connection to `remote`.
 * @example const session = await upgradeOutbound(await transport.dial(address), { identity, remote: address, signal });
 */
export function upgradeOutbound(connection: Duplex, options: OutboundUpgradeOptions): Promise<SecureSession> {
  return upgrade(
    connection,
    options,
    () =>
      createInitiator(
        optionalRandom(options, {
          identity: options.identity,
          remote: options.remote,
          purpose: options.purpose ?? 'main',
        }),
      ),
    () => 'full',
  );
}

/**
 * Runs the listener's side over an accepted connection, then asks `gate` about the proven peer.
 * @example transport.listen(identity, (c) => void upgradeInbound(c, { identity, gate }).then(onSession, onFailure));
 */
export function upgradeInbound(connection: Duplex, options: InboundUpgradeOptions): Promise<SecureSession> {
  return upgrade(
    connection,
    options,
    () => createResponder(optionalRandom(options, { identity: options.identity })),
    async (peer, purpose) => {
      const decision = await options.gate(peer, purpose);
      if (decision === 'allow') return 'full';
      if (decision === 'contact-request-only') return 'contact-request-only';
      throw peerRefused();
    },
  );
}

function optionalRandom<T extends object>(options: UpgradeOptions, base: T): T & { random?: RandomSource } {
  return options.random === undefined ? base : { ...base, random: options.random };
}

async function upgrade(
  connection: Duplex,
  options: UpgradeOptions,
  makeHandshake: () => Handshake,
  decide: (peer: OnionAddress, purpose: SessionPurpose) => SessionAccess | Promise<SessionAccess>,
): Promise<SecureSession> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  checkInteger(timeoutMs, 'timeoutMs', 1, MAX_HANDSHAKE_TIMEOUT_MS);
  // Handshake and frames are small writes that must not wait for Nagle's algorithm.
  if (connection instanceof Socket) connection.setNoDelay(true);
  const guard = new UpgradeGuard(connection, options.signal, timeoutMs);
  let driver: HandshakeDriver | undefined;
  try {
    guard.throwIfFailed();
    const handshake = makeHandshake();
    driver = new HandshakeDriver(connection, handshake);
    const { result, rest } = await guard.race(driver.done);
    const access = await guard.race(Promise.resolve().then(() => decide(result.peer, result.purpose)));
    return new SecureSession({ connection, handshake: result, role: handshake.role, access, rest });
  } catch (error) {
    connection.destroy();
    throw error;
  } finally {
    driver?.stop();
    guard.dispose();
  }
}

/**
 * Watches the connection and the clock while an upgrade runs: `failed` rejects with the first
 * typed reason to give up (deadline, abort, error, peer gone).
 */
class UpgradeGuard {
  readonly #connection: Duplex;
  readonly #signal: AbortSignal | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #failed: Promise<never>;
  #fail!: (error: BurrowError) => void;
  #failure: BurrowError | undefined;

  constructor(connection: Duplex, signal: AbortSignal | undefined, timeoutMs: number) {
    this.#connection = connection;
    this.#signal = signal;
    this.#failed = new Promise<never>((_resolve, reject) => {
      this.#fail = (error) => {
        this.#failure ??= error;
        reject(this.#failure);
      };
    });
    // Only ever observed through race(); this keeps a failure with no race pending from being "unhandled".
    this.#failed.catch(() => undefined);
    this.#timer = setTimeout(() => this.#fail(new TimeoutError('handshake', timeoutMs)), timeoutMs);
    // 'end' is the driver's business: after the handshake a half-closed peer may still have frames for us.
    connection.on('error', this.#onError);
    connection.on('close', this.#onClose);
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    if (signal?.aborted === true) this.#onAbort();
    if (connection.destroyed) this.#onClose();
  }

  readonly #onError = (error: unknown): void => this.#fail(connectionFailed(error));
  readonly #onClose = (): void => this.#fail(new PeerClosedError('handshake'));
  readonly #onAbort = (): void => this.#fail(new AbortedError('handshake', this.#signal?.reason));

  /** Throws the failure, if one already happened. */
  throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** `promise`, unless a failure comes first. A late rejection of `promise` is swallowed (the failure already won). */
  race<T>(promise: Promise<T>): Promise<T> {
    promise.catch(() => undefined);
    return Promise.race([promise, this.#failed]);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#connection.off('error', this.#onError);
    this.#connection.off('close', this.#onClose);
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}

/** Feeds the connection's bytes to a handshake and writes what it answers. */
class HandshakeDriver {
  readonly done: Promise<{ result: HandshakeResult; rest: Uint8Array }>;
  readonly #connection: Duplex;
  readonly #handshake: Handshake;
  #stopped = false;
  #settle!: { resolve(value: { result: HandshakeResult; rest: Uint8Array }): void; reject(error: unknown): void };

  constructor(connection: Duplex, handshake: Handshake) {
    this.#connection = connection;
    this.#handshake = handshake;
    this.done = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    connection.on('data', this.#onData);
    connection.on('end', this.#onEnd);
    const first = handshake.start();
    if (first !== undefined) connection.write(first);
  }

  readonly #onData = (chunk: Uint8Array): void => {
    try {
      const progress = this.#handshake.receive(chunk);
      if (progress.send !== undefined) this.#connection.write(progress.send);
      if (progress.done) {
        // Hold further bytes in the stream until the session attaches its own reader.
        this.stop();
        this.#settle.resolve({ result: progress.result, rest: progress.rest });
      }
    } catch (error) {
      this.stop();
      this.#settle.reject(error);
    }
  };

  readonly #onEnd = (): void => {
    this.stop();
    this.#settle.reject(new PeerClosedError('handshake'));
  };

  /** Detaches from the connection and pauses it; later calls do nothing (the session may have resumed it). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#connection.pause();
    this.#connection.off('data', this.#onData);
    this.#connection.off('end', this.#onEnd);
  }
}
