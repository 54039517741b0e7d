/**
 * Keep-alive (docs/ARCHITECTURE.md "Services and the session host"): a friend session silent for
 * a while gets a ping; one silent for too long is closed, and the connection manager redials.
 * A Tor circuit can die without closing the stream, so silence is the only sign of it. Bulk
 * sessions (bulk-links.ts) are checked the same way on a shorter clock, and closed when idle.
 */
import { logger, sensitive } from '../log.js';
import type { BulkLinks } from './bulk-links.js';
import type { HostTiming } from './node-timing.js';
import type { PeerLink } from './peer-link.js';

const log = logger('keep-alive');

export interface KeepAliveOptions {
  /** The sessions in use, one per friend. */
  readonly links: () => Iterable<PeerLink>;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly newId: () => Uint8Array;
  /** What the sessions are, for the log. */
  readonly what?: string;
}

/** Keep-alive for the main sessions in use and, on its own clock, the bulk ones (idle ones closed first). */
export function startSessionKeepAlives(options: {
  readonly main: () => Iterable<PeerLink>;
  readonly bulk: BulkLinks;
  readonly timing: HostTiming;
  readonly now: () => number;
  readonly newId: () => Uint8Array;
}): () => void {
  const { bulk, timing, now, newId } = options;
  const stopMain = startKeepAlive({
    links: options.main,
    intervalMs: timing.keepaliveIntervalMs,
    timeoutMs: timing.keepaliveTimeoutMs,
    now,
    newId,
  });
  const stopBulk = startKeepAlive({
    links: () => {
      bulk.closeIdle(timing.bulkIdleMs);
      return bulk.inUse();
    },
    intervalMs: timing.bulkKeepaliveIntervalMs,
    timeoutMs: timing.bulkKeepaliveTimeoutMs,
    now,
    newId,
    what: 'bulk session',
  });
  return () => {
    stopMain();
    stopBulk();
  };
}

/** Pings quiet friend sessions and closes silent ones, every `intervalMs`, until stopped. */
export function startKeepAlive(options: KeepAliveOptions): () => void {
  const timer = setInterval(() => keepAliveTick(options), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function keepAliveTick({ links, intervalMs, timeoutMs, now, newId, what }: KeepAliveOptions): void {
  const at = now();
  for (const link of links()) {
    const silence = at - link.lastReceivedAt;
    if (silence >= timeoutMs) {
      log.info(`${what ?? 'friend session'} silent for too long; reconnecting`, {
        peer: sensitive(link.peer),
        silenceMs: silence,
      });
      void link.close();
    } else if (silence >= intervalMs && link.greeted) {
      // Only on a greeted session: to a peer that has not taken us back yet, a ping is out of turn.
      link.post({ kind: 'ping', id: newId() });
    }
  }
}
