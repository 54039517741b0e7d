/**
 * The tor process manager (docs/ARCHITECTURE.md "Transport"): Burrow launches and owns its own `tor`
 * (own DataDirectory inside the profile, `ControlPort auto` + cookie auth, `SocksPort auto`,
 * `__OwningControllerProcess` + TAKEOWNERSHIP), reports bootstrap progress for the UI, and
 * relaunches tor if it dies. Or it attaches to a tor someone else runs (Tails/Whonix style).
 *
 * @example
 * ```ts
 * const tor = await TorProcess.launch({ dataDir: join(profileDir, 'tor') });
 * tor.on('bootstrap', (s) => progressBar.set(s.progress, s.summary));
 * tor.on('restarted', () => republishOnionServices(tor.control));
 * await tor.waitForBootstrap();
 * dialThroughSocks(tor.socksEndpoint);
 * await tor.stop();
 * ```
 */
import { AbortedError, TimeoutError } from '../../errors.js';
import { logger } from '../../log.js';
import { BOOTSTRAP_DONE, INITIAL_BOOTSTRAP_STATUS, parseBootstrapStatus, type BootstrapStatus } from './bootstrap.js';
import { TorControlClient, type ControlEvent } from './control/index.js';
import { findTorBinary } from './tor-binary.js';
import type { TorChild } from './tor-process-child.js';
import { parseSocksListeners, type TorEndpoint } from './tor-process-config.js';
import { describeExit, TorExitedError, torSocksUnavailable, type TorExit } from './tor-process-errors.js';
import { DEFAULT_START_TIMEOUT_MS, KILL_REAP_MS, startTor } from './tor-process-launch.js';
import { within } from '../../lib/within.js';
import { Deadline, delay } from './tor-process-timing.js';
import { DEFAULT_LIVENESS, watchLiveness } from './tor-liveness.js';
import type { AttachTorOptions, LaunchTorOptions } from './tor-process-options.js';

export type { BootstrapStatus } from './bootstrap.js';
export type { TorEndpoint } from './tor-process-config.js';
export { TorExitedError, type TorStartFailed, type TorStartFailure } from './tor-process-errors.js';
export { DEFAULT_START_TIMEOUT_MS } from './tor-process-launch.js';
export type { AttachTorOptions, LaunchTorOptions } from './tor-process-options.js';

const log = logger('tor-process');

/** A relaunch gives up after this many failures in a row (each failed start or early death counts). */
export const MAX_CONSECUTIVE_RESTARTS = 5;
/** Wait before the first relaunch; doubled for each further failure in a row. */
export const RESTART_BACKOFF_BASE_MS = 250;
/** Longest wait between relaunches. */
export const RESTART_BACKOFF_MAX_MS = 8_000;
/** A tor that ran this long before dying starts a fresh count of failures. */
export const STABLE_RUN_MS = 60_000;
/** How long `stop()` waits for tor to exit after SIGNAL SHUTDOWN (or SIGTERM) before SIGKILL. */
export const STOP_GRACE_MS = 5_000;
/** Default limit of {@link TorProcess.waitForBootstrap}: a slow real-network bootstrap takes minutes. */
export const DEFAULT_BOOTSTRAP_TIMEOUT_MS = 300_000;

/** The events of a {@link TorProcess} and their listeners' signatures. */
export interface TorProcessEvents {
  /** Bootstrap progress changed (from STATUS_CLIENT BOOTSTRAP events and the initial GETINFO). */
  bootstrap: (status: BootstrapStatus) => void;
  /** tor died and was relaunched: new control connection and ports; onion services must be re-added. */
  restarted: () => void;
  /** tor is gone for good (died and could not be relaunched, or the attached tor went away). Not fired by `stop()`. */
  exited: (error: Error) => void;
}

type Mode =
  | { readonly kind: 'launched'; readonly torBinary: string; readonly options: LaunchTorOptions }
  | { readonly kind: 'attached'; readonly endpoint: TorEndpoint };

/** A tor process Burrow owns (or a tor it attached to) and its control connection. */
export class TorProcess {
  readonly #mode: Mode;
  readonly #listeners: { [E in keyof TorProcessEvents]: Set<TorProcessEvents[E]> } = {
    bootstrap: new Set(),
    restarted: new Set(),
    exited: new Set(),
  };
  /** Rejects pending `waitForBootstrap` calls when tor is gone. */
  readonly #waiters = new Set<(error: Error) => void>();
  /** Aborted by `stop()`: cancels a relaunch in progress. */
  readonly #lifecycle = new AbortController();
  #control: TorControlClient | undefined;
  #child: TorChild | undefined;
  #generation = 0;
  #unsubscribe: (() => void)[] = [];
  #bootstrap: BootstrapStatus = INITIAL_BOOTSTRAP_STATUS;
  #socks: TorEndpoint | undefined;
  #startedAt = 0;
  #failuresInARow = 0;
  #restarting: Promise<void> | undefined;
  #gone: Error | undefined;
  #stopping: Promise<void> | undefined;
  #unwatchLiveness: (() => void) | undefined;
  /** Set when the watchdog killed a tor that stopped answering, to say so. */
  #hung = false;

  private constructor(mode: Mode) {
    this.#mode = mode;
  }

  /**
   * Launches `tor` as a child with its own data directory; resolves once the control port is
   * authenticated, TAKEOWNERSHIP sent and the initial bootstrap state and SOCKS port read.
   *
   * Rejects with `TorMissingError` (names the install command), `TorStartError` (tor's own
   * words: a port in use, a locked data directory, a refused option, a timeout), or
   * `AbortedError`.
   */
  static async launch(options: LaunchTorOptions): Promise<TorProcess> {
    const torBinary = findTorBinary(options.env);
    const tor = new TorProcess({ kind: 'launched', torBinary, options });
    await tor.#launchOnce(options.signal);
    return tor;
  }

  /**
   * Attaches to a running tor's control port. There is no process to own: `stop()` only
   * closes the control connection, and if the connection drops 'exited' fires (no restart).
   */
  static async attach(options: AttachTorOptions): Promise<TorProcess> {
    const endpoint = { host: options.controlHost ?? '127.0.0.1', port: options.controlPort };
    const tor = new TorProcess({ kind: 'attached', endpoint });
    const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const deadline = new Deadline('attaching to tor', timeoutMs, options.signal);
    let control: TorControlClient | undefined;
    try {
      control = await deadline.race(TorControlClient.connect({ ...endpoint, signal: deadline.signal, timeoutMs }));
      await deadline.race(
        control.authenticate({
          ...(options.cookieFile === undefined ? {} : { cookieFile: options.cookieFile }),
          ...(options.password === undefined ? {} : { password: options.password }),
        }),
      );
      const generation = ++tor.#generation;
      await deadline.race(tor.#watch(control, generation));
      tor.#commit(control, undefined, generation);
      return tor;
    } catch (error) {
      if (control !== undefined) void control.close();
      throw error;
    } finally {
      deadline.dispose();
    }
  }

  /** The current control connection (a new one after each restart). */
  get control(): TorControlClient {
    if (this.#control === undefined) throw new TorExitedError('tor is not running', []);
    return this.#control;
  }

  /**
   * tor's SOCKS listener (from `GETINFO net/listeners/socks`, refreshed on restarts and
   * CONF_CHANGED). Throws `TorSocksUnavailableError` while tor has none (e.g. `DisableNetwork 1`).
   */
  get socksEndpoint(): TorEndpoint {
    if (this.#socks === undefined) throw torSocksUnavailable();
    return this.#socks;
  }

  /** The latest bootstrap status. */
  get bootstrap(): BootstrapStatus {
    return this.#bootstrap;
  }

  /** The launched tor's process id (undefined when attached, or between a death and its relaunch). */
  get pid(): number | undefined {
    return this.#child?.exit === undefined ? this.#child?.pid : undefined;
  }

  /** Asks tor again where its SOCKS listener is (e.g. right after `SETCONF DisableNetwork=0`). */
  async refreshSocksEndpoint(): Promise<TorEndpoint> {
    const control = this.control;
    const info = await control.getInfo(['net/listeners/socks']);
    if (control === this.#control) this.#socks = parseSocksListeners(info.get('net/listeners/socks') ?? '');
    return this.socksEndpoint;
  }

  /**
   * Resolves when bootstrap reaches 100 %. Rejects with `TimeoutError` (default
   * {@link DEFAULT_BOOTSTRAP_TIMEOUT_MS}), `AbortedError`, or `TorExitedError` if tor is gone.
   */
  waitForBootstrap(options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<void> {
    if (this.#gone !== undefined) return Promise.reject(this.#gone);
    if (this.#bootstrap.progress >= BOOTSTRAP_DONE) return Promise.resolve();
    if (options.signal?.aborted === true)
      return Promise.reject(new AbortedError('waiting for tor to bootstrap', options.signal.reason));
    const timeoutMs = options.timeoutMs ?? DEFAULT_BOOTSTRAP_TIMEOUT_MS;
    return new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        unsubscribe();
        this.#waiters.delete(fail);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const onAbort = (): void => fail(new AbortedError('waiting for tor to bootstrap', options.signal?.reason));
      const timer = setTimeout(() => {
        const { progress, summary } = this.#bootstrap;
        fail(new TimeoutError(`waiting for tor to bootstrap (at ${progress} %: ${summary})`, timeoutMs));
      }, timeoutMs);
      const unsubscribe = this.on('bootstrap', (status) => {
        if (status.progress < BOOTSTRAP_DONE) return;
        cleanup();
        resolve();
      });
      this.#waiters.add(fail);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Adds a listener; returns the function that removes it. A throwing listener is logged, not propagated. */
  on<E extends keyof TorProcessEvents>(event: E, listener: TorProcessEvents[E]): () => void {
    const set = this.#listeners[event] as Set<TorProcessEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Stops tor and waits for it to exit: SIGNAL SHUTDOWN (SIGTERM if the control connection is
   * gone), SIGKILL after {@link STOP_GRACE_MS}. When attached, only closes the connection.
   * Idempotent; never rejects.
   */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#lifecycle.abort(new AbortedError('restarting tor'));
    this.#settle(new TorExitedError('tor was stopped', []));
    this.#unwatchLiveness?.();
    await this.#restarting;
    // Listeners stay subscribed (they check #stopping): unsubscribing would send a SETEVENTS
    // that races the connection's end.
    const child = this.#child;
    const control = this.#control;
    try {
      if (child !== undefined && child.exit === undefined) {
        // control-spec §3.7: SHUTDOWN makes a client exit at once (a relay after ShutdownWaitLength).
        const sent =
          control === undefined
            ? undefined
            : await within(
                control.signal('SHUTDOWN').then(() => true),
                STOP_GRACE_MS,
              );
        if (sent !== true) child.kill('SIGTERM');
        if ((await within(child.exited, STOP_GRACE_MS)) === undefined) {
          log.warn('tor did not exit in time; killing it', { pid: child.pid, graceMs: STOP_GRACE_MS });
          child.kill('SIGKILL');
          if ((await within(child.exited, KILL_REAP_MS)) === undefined)
            log.error('tor did not exit after SIGKILL', { pid: child.pid });
        }
      }
    } finally {
      await control?.close();
    }
  }

  async #launchOnce(signal: AbortSignal | undefined): Promise<void> {
    if (this.#mode.kind !== 'launched') throw new TypeError('only a launched tor can be relaunched');
    const { torBinary, options } = this.#mode;
    const generation = ++this.#generation;
    const started = await startTor({
      torBinary,
      dataDir: options.dataDir,
      extraTorrc: options.extraTorrc ?? [],
      signal,
      timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      prepare: (control) => this.#watch(control, generation),
    });
    log.info('tor is running', { pid: started.child.pid });
    this.#commit(started.control, started.child, generation);
  }

  /** Subscribes to the events this class follows, then reads the state they update. */
  async #watch(control: TorControlClient, generation: number): Promise<void> {
    this.#detach();
    this.#bootstrap = INITIAL_BOOTSTRAP_STATUS;
    this.#socks = undefined;
    const current = (): boolean => generation === this.#generation && this.#stopping === undefined;
    // Subscribe (and wait for tor's 250 to SETEVENTS) before GETINFO, so no event falls between the two.
    this.#unsubscribe = [
      control.onEvent('STATUS_CLIENT', (event: ControlEvent) => {
        const status = parseBootstrapStatus(event.body);
        if (status !== undefined && current()) this.#setBootstrap(status);
      }),
      // SocksPort or DisableNetwork changed: tor may have opened or closed its SOCKS listener.
      control.onEvent('CONF_CHANGED', () => {
        if (!current()) return;
        control.getInfo(['net/listeners/socks']).then(
          (info) => {
            if (current()) this.#socks = parseSocksListeners(info.get('net/listeners/socks') ?? '');
          },
          (error: unknown) => log.debug('could not re-read the SOCKS listener', { error }),
        );
      }),
    ];
    await control.subscriptionsReady();
    const info = await control.getInfo(['status/bootstrap-phase', 'net/listeners/socks']);
    this.#socks = parseSocksListeners(info.get('net/listeners/socks') ?? '');
    const status = parseBootstrapStatus(info.get('status/bootstrap-phase') ?? '');
    if (status !== undefined) this.#setBootstrap(status);
  }

  /** Makes a started (or attached) tor current and follows its death, or its hang. */
  #commit(control: TorControlClient, child: TorChild | undefined, generation: number): void {
    this.#control = control;
    this.#child = child;
    this.#startedAt = Date.now();
    if (child !== undefined) {
      void child.exited.then((exit) => this.#onExit(generation, exit, child.outputTail));
      const timing = this.#mode.kind === 'launched' ? this.#mode.options.liveness : undefined;
      this.#unwatchLiveness = watchLiveness(control, timing ?? DEFAULT_LIVENESS, () => {
        this.#hung = true;
        child.kill('SIGKILL');
      });
    }
    void control.closed.then(() => this.#onControlClosed(generation, child));
  }

  #setBootstrap(status: BootstrapStatus): void {
    // A GETINFO answer may arrive after a newer event; progress never goes back within one tor.
    if (status.progress < this.#bootstrap.progress) return;
    this.#bootstrap = status;
    this.#emit('bootstrap', status);
  }

  #onControlClosed(generation: number, child: TorChild | undefined): void {
    if (generation !== this.#generation || this.#stopping !== undefined) return;
    if (child !== undefined) {
      // TAKEOWNERSHIP: tor exits when this connection closes; make sure, and let #onExit relaunch.
      child.kill('SIGTERM');
      return;
    }
    const { host, port } = this.#mode.kind === 'attached' ? this.#mode.endpoint : { host: '?', port: 0 };
    this.#fail(
      new TorExitedError(`lost the connection to tor's control port at ${host}:${port}. Is tor still running?`, []),
    );
  }

  #onExit(generation: number, exit: TorExit, output: readonly string[]): void {
    if (generation !== this.#generation || this.#stopping !== undefined) return;
    this.#detach();
    if (this.#control !== undefined) void this.#control.close();
    const why = this.#hung ? 'stopped answering and was killed' : `exited unexpectedly (${describeExit(exit)})`;
    this.#hung = false;
    // Until a relaunch succeeds there is no SOCKS port, and the progress bar starts over, saying why.
    this.#socks = undefined;
    this.#bootstrap = { ...INITIAL_BOOTSTRAP_STATUS, summary: `tor ${why}; restarting it` };
    this.#emit('bootstrap', this.#bootstrap);
    const died = new TorExitedError(`tor ${why}`, output);
    log.warn(`tor ${why}`);
    if (this.#mode.kind !== 'launched' || this.#mode.options.restart === false) {
      this.#fail(died);
      return;
    }
    if (Date.now() - this.#startedAt >= STABLE_RUN_MS) this.#failuresInARow = 0;
    this.#restarting = this.#relaunch(died);
  }

  /** Relaunches with backoff until a start succeeds, the retries run out, or `stop()` is called. Never rejects. */
  async #relaunch(died: TorExitedError): Promise<void> {
    let lastError: Error = died;
    while (this.#stopping === undefined) {
      this.#failuresInARow += 1;
      if (this.#failuresInARow > MAX_CONSECUTIVE_RESTARTS) {
        this.#fail(
          new TorExitedError(
            `tor keeps exiting; gave up after ${MAX_CONSECUTIVE_RESTARTS} restarts. Last error: ${lastError.message}`,
            died.torOutput,
            lastError,
          ),
        );
        return;
      }
      const backoff = Math.min(RESTART_BACKOFF_BASE_MS * 2 ** (this.#failuresInARow - 1), RESTART_BACKOFF_MAX_MS);
      try {
        await delay(backoff, this.#lifecycle.signal);
        await this.#launchOnce(this.#lifecycle.signal);
      } catch (error) {
        if (this.#stopping !== undefined) return;
        lastError = error instanceof Error ? error : new Error(String(error));
        log.warn('relaunching tor failed', { error: lastError, attempt: this.#failuresInARow });
        continue;
      }
      if (this.#stopping !== undefined) return; // stop() takes the new tor down
      log.info('tor relaunched', { attempt: this.#failuresInARow });
      this.#emit('restarted');
      return;
    }
  }

  #detach(): void {
    this.#unwatchLiveness?.();
    this.#unwatchLiveness = undefined;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  #fail(error: Error): void {
    if (this.#gone !== undefined) return;
    this.#settle(error);
    this.#emit('exited', error);
  }

  /** Marks tor as gone and rejects everyone waiting for it. */
  #settle(error: Error): void {
    this.#gone ??= error;
    for (const fail of [...this.#waiters]) fail(error);
  }

  #emit<E extends keyof TorProcessEvents>(event: E, ...args: Parameters<TorProcessEvents[E]>): void {
    for (const listener of [...this.#listeners[event]]) {
      try {
        (listener as (...a: Parameters<TorProcessEvents[E]>) => void)(...args);
      } catch (error) {
        log.error(`a '${event}' listener threw`, { error });
      }
    }
  }
}
