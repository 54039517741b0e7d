/**
 * Keep-alive (docs/ARCHITECTURE.md "Services and the session host"): a friend session silent for
 * a while gets a ping; one silent for too long is closed, and the connection manager redials.
 * A Tor circuit can die without closing the stream, so silence is the only sign of it.
 */
import { logger, sensitive } from '../log.js';
import type { PeerLink } from './peer-link.js';

const log = logger('keep-alive');

export interface KeepAliveOptions {
  /** The sessions in use, one per friend. */
  readonly links: () => Iterable<PeerLink>;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly newId: () => Uint8Array;
}

/** Pings quiet friend sessions and closes silent ones, every `intervalMs`, until stopped. */
export function startKeepAlive(options: KeepAliveOptions): () => void {
  const timer = setInterval(() => keepAliveTick(options), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function keepAliveTick({ links, intervalMs, timeoutMs, now, newId }: KeepAliveOptions): void {
  const at = now();
  for (const link of links()) {
    const silence = at - link.lastReceivedAt;
    if (silence >= timeoutMs) {
      log.info('friend session silent for too long; reconnecting', { peer: sensitive(link.peer), silenceMs: silence });
      void link.close();
    } else if (silence >= intervalMs && link.greeted) {
      // Only on a greeted session: to a peer that has not taken us back yet, a ping is out of turn.
      link.post({ kind: 'ping', id: newId() });
    }
  }
}
