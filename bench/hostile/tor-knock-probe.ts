/**
 * Whether the private Tor network on this machine can carry the knock flood at all: new
 * streams to an onion service (tor's own, no Burrow) at {@link KNOCKS_PER_SECOND} a second
 * for a few seconds, each opened, echoing one byte and closed, over one rendezvous circuit
 * (the cheapest way for an attacker: one isolation for every stream). knock-flood.ts runs the
 * gate over Tor only if this keeps up, and reports the figure either way.
 */
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { dialRaw, loadAverage, round, startRawService, withBenchNetwork } from '../_tor-bench.js';

const PROBE_SECONDS = 4;
/** Knocks still under way this long after the last was sent are counted as not carried. */
const GRACE_MS = 5_000;

export interface TorKnockProbe {
  readonly requestedPerSecond: number;
  readonly sent: number;
  /** Streams that opened and echoed within the window plus the grace. */
  readonly carried: number;
  readonly carriedPerSecond: number;
  readonly loadAverage: string;
}

/** One knock: a stream that echoes a byte, then closes. */
async function echoOnce(stream: Duplex): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('data', () => resolve());
    stream.once('error', reject);
    stream.once('close', () => reject(new Error('closed before the echo')));
    stream.write(Buffer.from([0x45, 0x01]));
  });
  stream.destroy();
}

export function probeTorKnockRate(perSecond: number): Promise<TorKnockProbe> {
  return withBenchNetwork('knock-probe', 2, async (_info, [host, attacker]) => {
    const service = await startRawService(host!);
    try {
      // The first stream builds the rendezvous circuit every later one rides on.
      await echoOnce(await dialRaw(attacker!, service.address, 'knock'));
      let carried = 0;
      const knocks: Promise<void>[] = [];
      const started = performance.now();
      let sent = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const elapsed = (performance.now() - started) / 1000;
          const due = Math.floor(Math.min(elapsed, PROBE_SECONDS) * perSecond);
          for (; sent < due; sent += 1)
            knocks.push(
              dialRaw(attacker!, service.address, 'knock')
                .then(echoOnce)
                .then(() => void (carried += 1))
                .catch(() => undefined),
            );
          if (elapsed >= PROBE_SECONDS) {
            clearInterval(timer);
            resolve();
          }
        }, 10);
      });
      await Promise.race([Promise.allSettled(knocks), new Promise((resolve) => setTimeout(resolve, GRACE_MS))]);
      const counted = carried;
      const load = loadAverage();
      return {
        requestedPerSecond: perSecond,
        sent,
        carried: counted,
        carriedPerSecond: round(counted / (PROBE_SECONDS + GRACE_MS / 1000), 1),
        loadAverage: load,
      };
    } finally {
      await service.stop();
    }
  });
}
