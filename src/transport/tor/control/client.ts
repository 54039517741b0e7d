/**
 * Burrow's Tor control-port client (control-spec). One TCP connection; commands are written
 * at once (tor answers them in order, control-spec §2.3) and matched to replies through a
 * FIFO queue, so concurrent callers each get their own reply. Events (650) go to listeners
 * and never into replies.
 *
 * A command that times out or is aborted keeps its place in the queue and its late reply is
 * dropped, so the replies behind it still reach the right callers.
 *
 * @example
 * ```ts
 * const tor = await TorControlClient.connect({ port });
 * await tor.authenticate();
 * const { serviceId } = await tor.addOnion({ privateKey: { ed25519Expanded }, ports: [{ virtualPort: 80, target: '127.0.0.1:8080' }], flags: ['DiscardPK'] });
 * const off = tor.onEvent('STATUS_CLIENT', (event) => console.log(event.body));
 * await tor.close();
 * ```
 */
import type { Socket } from 'node:net';
import { AbortedError, TimeoutError } from '../../../errors.js';
import { logger } from '../../../log.js';
import { authenticateConnection, type AuthenticateOptions, type ProtocolInfo } from './auth.js';
import {
  torControlAuthFailed,
  torControlClosed,
  TorControlProtocolError,
  TorControlReplyError,
  type TorControlClosed,
} from './errors.js';
import { EventSubscriptions, type ControlEventListener } from './events.js';
import {
  getConfArguments,
  getInfoArguments,
  parseGetConfReply,
  parseGetInfoReply,
  setConfArguments,
  type ConfEntries,
} from './info.js';
import {
  clientAuthAddArguments,
  clientAuthRemoveArguments,
  parseClientAuthViewReply,
  type ClientAuthCredential,
} from './client-auth.js';
import {
  addOnionArguments,
  delOnionArguments,
  parseAddOnionReply,
  type AddOnionOptions,
  type AddOnionResult,
} from './onion.js';
import { ControlReplyParser } from './parser.js';
import { formatCommand } from './quoting.js';
import { replyText, type ControlReply } from './reply.js';
import { connectControlSocket, type ControlSocketOptions } from './socket.js';

const log = logger('tor-control');

/** Default time tor has to answer one command. Tor answers in milliseconds; this only catches a wedged tor. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
/** How long `close()` waits for tor to close its side before tearing the socket down. */
export const CLOSE_GRACE_MS = 1_000;

/** Options of {@link TorControlClient.connect}. */
export interface TorControlConnectOptions extends ControlSocketOptions {
  /** Reply timeout of every command unless the command overrides it (default {@link DEFAULT_COMMAND_TIMEOUT_MS}). */
  readonly commandTimeoutMs?: number;
}

/** Per-command options. */
export interface CommandOptions {
  readonly signal?: AbortSignal;
  /** Rejects with `TimeoutError` if no reply arrives within this many ms. */
  readonly timeoutMs?: number;
}

interface PendingCommand {
  readonly keyword: string;
  /** False once resolved, rejected, timed out or aborted; the slot stays until its reply comes. */
  waiting: boolean;
  finish(reply: ControlReply | undefined, error?: Error): void;
}

/** A connection to tor's control port. Make one with {@link TorControlClient.connect}. */
export class TorControlClient {
  /** Resolves (never rejects) when the connection is gone, with the reason. */
  readonly closed: Promise<TorControlClosed>;

  readonly #socket: Socket;
  readonly #parser = new ControlReplyParser();
  readonly #pending: PendingCommand[] = [];
  readonly #events: EventSubscriptions;
  readonly #commandTimeoutMs: number;
  #resolveClosed!: (error: TorControlClosed) => void;
  #closedError: TorControlClosed | undefined;
  /** Why we are closing (our close(), a protocol error, a socket error), before 'close' fires. */
  #closeReason: { reason: string; cause?: unknown } | undefined;
  #authState: 'none' | 'running' | 'done' = 'none';

  private constructor(socket: Socket, commandTimeoutMs: number) {
    this.#socket = socket;
    this.#commandTimeoutMs = commandTimeoutMs;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#events = new EventSubscriptions(
      async (names) => {
        await this.command('SETEVENTS', names);
      },
      () => this.#authState === 'done' && this.#closedError === undefined,
    );
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#closeReason ??= { reason: `socket error ${error.code ?? error.message}`, cause: error };
    });
    socket.on('close', () => this.#onClose());
  }

  /**
   * Connects to tor's control port (default host 127.0.0.1). Rejects with
   * `TorControlConnectError` (refused, timed out) or `AbortedError`.
   */
  static async connect(options: TorControlConnectOptions): Promise<TorControlClient> {
    const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    if (!Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0)
      throw new TypeError(`invalid commandTimeoutMs: ${String(commandTimeoutMs)}`);
    const socket = await connectControlSocket(options);
    return new TorControlClient(socket, commandTimeoutMs);
  }

  /** Whether the connection is gone (commands now reject with `TorControlClosedError`). */
  get isClosed(): boolean {
    return this.#closedError !== undefined || this.#closeReason !== undefined;
  }

  /**
   * PROTOCOLINFO, then SAFECOOKIE / COOKIE / HASHEDPASSWORD / NULL (see auth.ts). Once per
   * connection: tor closes the connection after a failed attempt, and so does this client.
   * Rejects with `TorControlAuthError`; resolves with what PROTOCOLINFO said.
   */
  async authenticate(options: AuthenticateOptions = {}): Promise<ProtocolInfo> {
    if (this.#authState !== 'none') throw torControlAuthFailed('authenticate() may be called only once per connection');
    this.#authState = 'running';
    try {
      const info = await authenticateConnection(this, options);
      this.#authState = 'done';
      this.#events.update();
      return info;
    } catch (error) {
      this.#authState = 'none';
      // A TypeError means bad options refused before sending; anything else leaves a
      // connection tor will not authenticate again (it allows one PROTOCOLINFO and one attempt).
      if (!(error instanceof TypeError)) this.#shutDown('authentication failed', error);
      throw error;
    }
  }

  /**
   * Sends `keyword args…` and resolves with tor's reply (2xx). Rejects with
   * `TorControlReplyError` (4xx/5xx), `TimeoutError`, `AbortedError` or `TorControlClosedError`;
   * with a TypeError, before sending anything, for a bad keyword or an argument holding CR, LF,
   * NUL or unquoted spaces (build arguments with `formatValue` / `quoteString`).
   */
  command(keyword: string, args: readonly string[] = [], options: CommandOptions = {}): Promise<ControlReply> {
    let line: string;
    try {
      line = formatCommand(keyword, args);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new TypeError(String(error)));
    }
    const { signal } = options;
    const timeoutMs = options.timeoutMs ?? this.#commandTimeoutMs;
    if (signal?.aborted === true)
      return Promise.reject(new AbortedError(`tor control command ${keyword}`, signal.reason));
    if (this.isClosed) return Promise.reject(this.#closedErrorNow());

    return new Promise<ControlReply>((resolve, reject) => {
      const onAbort = (): void =>
        entry.finish(undefined, new AbortedError(`tor control command ${keyword}`, signal?.reason));
      const timer = setTimeout(
        () => entry.finish(undefined, new TimeoutError(`tor control command ${keyword}`, timeoutMs)),
        timeoutMs,
      );
      const entry: PendingCommand = {
        keyword,
        waiting: true,
        finish: (reply, error) => {
          if (!entry.waiting) return;
          entry.waiting = false;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (reply === undefined) reject(error ?? new TorControlProtocolError('a command ended without a reply'));
          else if (reply.code >= 400) reject(new TorControlReplyError(keyword, reply.code, replyText(reply)));
          else resolve(reply);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.push(entry);
      log.debug('command', { keyword });
      this.#socket.write(line);
    });
  }

  /** GETINFO: the values of `keys` (data-block values with lines joined by `\n`). */
  async getInfo(keys: readonly string[], options?: CommandOptions): Promise<Map<string, string>> {
    const args = getInfoArguments(keys);
    return parseGetInfoReply(await this.command('GETINFO', args, options), args);
  }

  /** GETCONF: each option's values (several for a repeated option, none for an unset one). */
  async getConf(keys: readonly string[], options?: CommandOptions): Promise<Map<string, string[]>> {
    return parseGetConfReply(await this.command('GETCONF', getConfArguments(keys), options));
  }

  /** SETCONF: sets options at once (all or none, control-spec §3.1). */
  async setConf(entries: ConfEntries, options?: CommandOptions): Promise<void> {
    await this.command('SETCONF', setConfArguments(entries), options);
  }

  /** SIGNAL (control-spec §3.7), e.g. `NEWNYM`, `RELOAD`, `SHUTDOWN`. */
  async signal(name: string, options?: CommandOptions): Promise<void> {
    if (typeof name !== 'string' || !/^[A-Z][A-Z0-9]*$/.test(name))
      throw new TypeError(`invalid signal name: ${JSON.stringify(name)}`);
    await this.command('SIGNAL', [name], options);
  }

  /**
   * TAKEOWNERSHIP (control-spec §3.23): tor exits when this connection closes. Usually
   * followed by `RESETCONF __OwningControllerProcess` by the owner of the tor process.
   */
  async takeOwnership(options?: CommandOptions): Promise<void> {
    await this.command('TAKEOWNERSHIP', [], options);
  }

  /** ADD_ONION (control-spec §3.27). Without `Detach` the service lives as long as this connection. */
  async addOnion(onion: AddOnionOptions, options?: CommandOptions): Promise<AddOnionResult> {
    return parseAddOnionReply(await this.command('ADD_ONION', addOnionArguments(onion), options));
  }

  /** DEL_ONION (control-spec §3.38): removes a service this connection (or a `Detach`ed one) added. */
  async delOnion(serviceId: string, options?: CommandOptions): Promise<void> {
    await this.command('DEL_ONION', delOnionArguments(serviceId), options);
  }

  /**
   * ONION_CLIENT_AUTH_ADD (control-spec §3.30): our tor may now open the client-authorised
   * service `address` with this x25519 private key (a key it held for `address` is replaced).
   */
  async addClientAuth(address: string, privateKey: Uint8Array, options?: CommandOptions): Promise<void> {
    await this.command('ONION_CLIENT_AUTH_ADD', clientAuthAddArguments(address, privateKey), options);
  }

  /** ONION_CLIENT_AUTH_REMOVE (control-spec §3.31); tor's 251 "no credentials" also resolves: the key is gone either way. */
  async removeClientAuth(address: string, options?: CommandOptions): Promise<void> {
    await this.command('ONION_CLIENT_AUTH_REMOVE', clientAuthRemoveArguments(address), options);
  }

  /** ONION_CLIENT_AUTH_VIEW (control-spec §3.32): the client-authorisation keys tor holds (for `address` only, if given). */
  async viewClientAuth(address?: string, options?: CommandOptions): Promise<ClientAuthCredential[]> {
    const args = address === undefined ? [] : clientAuthRemoveArguments(address);
    return parseClientAuthViewReply(await this.command('ONION_CLIENT_AUTH_VIEW', args, options));
  }

  /**
   * Calls `listener` for every `eventName` event (e.g. `STATUS_CLIENT`, `HS_DESC`) and keeps
   * tor's SETEVENTS set up to date (sent once authenticated). Returns the unsubscribe function.
   * Await {@link subscriptionsReady} to know tor has the new set.
   */
  onEvent(eventName: string, listener: ControlEventListener): () => void {
    return this.#events.add(eventName, listener);
  }

  /** Resolves once tor's SETEVENTS set matches the listeners; rejects if the last update failed. */
  async subscriptionsReady(): Promise<void> {
    if (this.isClosed) throw this.#closedErrorNow();
    if (this.#authState !== 'done') throw torControlAuthFailed('authenticate() before waiting for event subscriptions');
    await this.#events.ready();
  }

  /**
   * Closes the connection: no new commands; commands already sent may still get their replies
   * until tor closes its side (at most {@link CLOSE_GRACE_MS}), then the rest reject.
   */
  async close(): Promise<void> {
    if (!this.isClosed) {
      this.#closeReason = { reason: 'closed by this client' };
      this.#socket.end();
      const timer = setTimeout(() => this.#socket.destroy(), CLOSE_GRACE_MS);
      try {
        await this.closed;
      } finally {
        clearTimeout(timer);
      }
    }
    await this.closed;
  }

  #onData(chunk: Buffer): void {
    let messages;
    try {
      messages = this.#parser.push(chunk);
    } catch (error) {
      log.warn('malformed data on the control port', { error });
      this.#shutDown('tor sent a malformed reply', error);
      return;
    }
    for (const message of messages) {
      if (message.type === 'event') {
        this.#events.dispatch(message.event);
        continue;
      }
      const entry = this.#pending.shift();
      if (entry === undefined) {
        this.#shutDown(
          'tor sent a reply nobody asked for',
          new TorControlProtocolError('a reply arrived with no command waiting for it'),
        );
        return;
      }
      if (!entry.waiting)
        log.debug('dropping the late reply of a timed-out or aborted command', { keyword: entry.keyword });
      entry.finish(message.reply);
    }
  }

  /** Tears the socket down now; 'close' then rejects whatever waits. */
  #shutDown(reason: string, cause: unknown): void {
    this.#closeReason ??= { reason, cause };
    this.#socket.destroy();
  }

  #onClose(): void {
    const midReply = this.#parser.midReply ? ' in the middle of a reply' : '';
    this.#closeReason ??= { reason: `tor closed the connection${midReply}` };
    const { reason, cause } = this.#closeReason;
    this.#closedError = torControlClosed(reason, cause);
    const pending = this.#pending.splice(0);
    for (const entry of pending) entry.finish(undefined, this.#closedError);
    log.debug('control connection closed', { reason });
    this.#resolveClosed(this.#closedError);
  }

  #closedErrorNow(): TorControlClosed {
    return this.#closedError ?? torControlClosed(this.#closeReason?.reason ?? 'closing', this.#closeReason?.cause);
  }
}
