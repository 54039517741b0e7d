/**
 * How the daemon process itself is doing, for `burrow ctl health` and the soak benchmark:
 * memory, open file descriptors and event-loop delay since the daemon started. A daemon whose
 * figures keep growing over hours leaks; one whose event loop stalls delays every message.
 */
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface ProcessHealth {
  /** Resident memory. */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Open file descriptors (sockets, the database, tor's control connection …); absent where /proc is not. */
  readonly openFileDescriptors?: number;
  /** Event-loop delay since the monitor started, in milliseconds (absent before it started). */
  readonly eventLoopDelayMs?: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly uptimeSeconds: number;
}

let histogram: IntervalHistogram | undefined;

/** Starts measuring event-loop delay (10 ms resolution). Idempotent. */
export function startHealthMonitor(): void {
  if (histogram !== undefined) return;
  histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
}

function openFileDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length - 1; // less the one readdir itself holds
  } catch {
    return undefined;
  }
}

const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;

/** The figures now. */
export function processHealth(): ProcessHealth {
  const memory = process.memoryUsage();
  const fds = openFileDescriptors();
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    ...(fds === undefined ? {} : { openFileDescriptors: fds }),
    ...(histogram === undefined || histogram.count === 0
      ? {}
      : {
          eventLoopDelayMs: {
            p50: ms(histogram.percentile(50)),
            p99: ms(histogram.percentile(99)),
            max: ms(histogram.max),
          },
        }),
    uptimeSeconds: Math.round(process.uptime()),
  };
}
