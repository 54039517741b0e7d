/**
 * Our public address, the onion service that takes contact requests, and whether it is open
 * (docs/PROTOCOL.md "Visibility"). Closed, it is not published at all: closing does to it what
 * stopping the node does (DEL_ONION), so a stranger who dials it meets what they would meet if
 * we were offline, while friends reach us on their endpoints (endpoint-listeners.ts) and we
 * dial everyone we want a session with ourselves. Open for a window, it closes by itself when
 * the window ends, also across restarts: the choice and the window's end are kept in the
 * encrypted profile (store/protected-preferences.ts), since they decide who may reach us.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import { BurrowFailure } from '../errors.js';
import { isValidOpenWindow, OPEN_WINDOW_HINT } from '../lib/open-window.js';
import { logger } from '../log.js';
import type { ProtectedPreferences } from '../store/protected-preferences.js';
import type { ConnectionHandler, Listener, Transport } from '../transport/transport.js';
import type { Visibility } from './api.js';
import type { EventHub } from './event-hub.js';

const log = logger('visibility');

/** 'VisibilityWindowError': a window outside lib/open-window.ts's range, or one given to close. */
export function badOpenWindow(): BurrowFailure {
  return new BurrowFailure('VisibilityWindowError', `The address opens for ${OPEN_WINDOW_HINT}.`, {
    action: 'tell-user',
  });
}

/** What the address should be: the stored choice read at `now` (a window that ended means closed). */
export function storedVisibility(preferences: Pick<ProtectedPreferences, 'get'>, now: number): Visibility {
  if (preferences.get('visibility.open') === 0) return { state: 'closed' };
  const openUntil = preferences.get('visibility.openUntil');
  if (openUntil === 0) return { state: 'open' };
  return openUntil > now ? { state: 'open', openUntil } : { state: 'closed' };
}

/** What a {@link PublicAddress} is built from: the host's options (session-host.ts). */
export interface PublicAddressHost {
  readonly transport: Transport;
  readonly identity: IdentityKeyPair;
  readonly store: { readonly preferences: Pick<ProtectedPreferences, 'get' | 'set'> };
  /** Unix ms. */
  readonly now: () => number;
}

/** The public onion service, published while open. Changes run one at a time, in order. */
export class PublicAddress {
  readonly #host: PublicAddressHost;
  readonly #onConnection: ConnectionHandler;
  readonly #events: Pick<EventHub, 'emit'>;
  readonly #signal: AbortSignal;
  #visibility: Visibility = { state: 'closed' };
  #listener: Listener | undefined;
  #windowTimer: NodeJS.Timeout | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;
  readonly #closedListeners: (() => void)[] = [];

  /** Connections go to `onConnection`; every change (a window ending too) is emitted to `events`; `signal` aborts publishing. */
  constructor(
    host: PublicAddressHost,
    onConnection: ConnectionHandler,
    events: Pick<EventHub, 'emit'>,
    signal: AbortSignal,
  ) {
    this.#host = host;
    this.#onConnection = onConnection;
    this.#events = events;
    this.#signal = signal;
  }

  /** Calls `listener` whenever the address closes (by a command, or at the end of its window). */
  onClosed(listener: () => void): void {
    this.#closedListeners.push(listener);
  }

  /** As it is now. */
  current(): Visibility {
    return this.#visibility;
  }

  /** Publishes the address if the profile says it is open (rejects if tor will not publish it). */
  start(): Promise<Visibility> {
    return this.#enqueue(() => this.#apply(storedVisibility(this.#host.store.preferences, this.#host.now())));
  }

  /**
   * Opens the address (for `forSeconds`, then closed again) or closes it, and keeps the choice.
   * Rejects with 'VisibilityWindowError', or the transport's error when tor will not publish it
   * (the choice is then not kept).
   */
  set(state: Visibility['state'], forSeconds?: number): Promise<Visibility> {
    if (forSeconds !== undefined && (state === 'closed' || !isValidOpenWindow(forSeconds)))
      return Promise.reject(badOpenWindow());
    // Only "open" gets this far with a window.
    const wanted: Visibility =
      forSeconds === undefined ? { state } : { state, openUntil: this.#host.now() + forSeconds * 1000 };
    return this.#enqueue(async () => {
      const visibility = await this.#apply(wanted);
      this.#keep(visibility);
      return visibility;
    });
  }

  /** Unpublishes the address for the node's stop; the kept choice stays as it is. */
  stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#windowTimer);
    return this.#enqueue(async () => {
      await this.#unpublish();
      return this.#visibility;
    }).then(() => undefined);
  }

  #enqueue(change: () => Promise<Visibility>): Promise<Visibility> {
    const run = this.#queue.then(change);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #apply(wanted: Visibility): Promise<Visibility> {
    clearTimeout(this.#windowTimer);
    if (wanted.state === 'open' && !this.#stopped) await this.#publish();
    else await this.#unpublish();
    const changed = wanted.state !== this.#visibility.state || wanted.openUntil !== this.#visibility.openUntil;
    this.#visibility = wanted;
    if (wanted.openUntil !== undefined) this.#closeAt(wanted.openUntil);
    if (changed) {
      log.info('public address visibility', { state: wanted.state, openUntil: wanted.openUntil });
      this.#events.emit({ type: 'visibility', visibility: wanted });
      if (wanted.state === 'closed') for (const listener of this.#closedListeners) listener();
    }
    return wanted;
  }

  #closeAt(openUntil: number): void {
    // setTimeout holds at most 2^31-1 ms (about 24 days); a week's window fits.
    this.#windowTimer = setTimeout(
      () =>
        void this.set('closed').catch((error: unknown) => log.warn('closing at the window’s end failed', { error })),
      Math.max(0, openUntil - this.#host.now()),
    );
    this.#windowTimer.unref();
  }

  #keep(visibility: Visibility): void {
    const { preferences } = this.#host.store;
    preferences.set('visibility.open', visibility.state === 'open' ? 1 : 0);
    preferences.set('visibility.openUntil', visibility.openUntil ?? 0);
  }

  async #publish(): Promise<void> {
    if (this.#listener !== undefined) return;
    const { transport, identity } = this.#host;
    this.#listener = await transport.listen(identity, this.#onConnection, { signal: this.#signal });
  }

  async #unpublish(): Promise<void> {
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.close().catch((error: unknown) => log.warn('closing the public address failed', { error }));
  }
}
