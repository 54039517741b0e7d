/**
 * Where the node learns Tor's state for `status()` and 'tor' events. The Tor transport's owner
 * (the daemon, the TUI) adapts tor's bootstrap events to this; a node on the in-memory
 * transport has no tor and uses {@link NO_TOR_STATUS}.
 */
import type { TorStatus } from './api.js';

/** A current Tor status plus change notifications. */
export interface TorStatusSource {
  /** The status now. */
  current(): TorStatus;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (status: TorStatus) => void): () => void;
}

/** What a node without a Tor status source reports: its transport dials directly (the in-memory network). */
export const NO_TOR_STATUS: TorStatus = Object.freeze({
  bootstrap: 100,
  summary: 'No Tor status source: the transport dials directly',
  ready: true,
});

/** A source that never changes, for transports without tor. */
export function fixedTorStatus(status: TorStatus = NO_TOR_STATUS): TorStatusSource {
  return { current: () => status, subscribe: () => () => undefined };
}
