/**
 * `npm run bench -- transport`: Burrow's Tor transport against a raw Tor stream, in one run,
 * on a private Tor network started for the occasion (docs/TESTNET.md), between two
 * client tors:
 *
 * - raw: a plain onion service (tor's own key, `Flags=DiscardPK`) in front of a TCP server,
 *   dialed through the other tor's SOCKS port; the bytes are the application's only.
 * - burrow: `TorTransport.listen` / `dial` between the same two tors (SOCKS isolation
 *   credential, preamble, half-close framing: tor-transport-stream.ts).
 *
 * For each: one-way throughput of {@link TRANSFER_BYTES} on an open stream (timed from the first
 * byte written to the receiver's one-byte acknowledgement of the last), and the round trip of
 * a {@link PING_BYTES}-byte ping echoed back ({@link PINGS} of them after a warm-up). Raw and
 * burrow rounds alternate, so drift on the shared machine hits both alike: each ratio is the
 * median over rounds of burrow ÷ the raw round just before it. Prints the ratios, the medians,
 * the tor scheduler used and the machine's load (other work moves every figure).
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { generateIdentity } from '../src/crypto/identity.js';
import {
  dialRaw,
  loadAverage,
  MB,
  PING_BYTES,
  round,
  schedulerOf,
  serve,
  startRawService,
  step,
  STEP_TIMEOUT_MS,
  timePings,
  timeTransfer,
  withBenchNetwork,
} from './_tor-bench.js';
import { percentile, type Benchmark } from './benchmark.js';

const TRANSFER_BYTES = 50 * MB;

const PINGS = 300;
/** Raw and burrow alternate this many times. */
const ROUNDS = 5;

/** Figures of one kind of stream. */
interface StreamFigures {
  readonly throughputMBps: number;
  readonly rttMedianMs: number;
  readonly rttP90Ms: number;
}

/** One round on one kind: a throughput stream and a ping stream, each dialed fresh. */
async function measure(kind: string, dial: () => Promise<Duplex>, block: Buffer): Promise<StreamFigures> {
  const transfer = await step(`${kind}: dial`, undefined, dial());
  let seconds: number;
  try {
    seconds = await step(
      `${kind}: ${TRANSFER_BYTES / MB} MB transfer`,
      transfer,
      timeTransfer(transfer, block, TRANSFER_BYTES),
    );
  } finally {
    transfer.destroy();
  }
  const pinger = await step(`${kind}: dial`, undefined, dial());
  let rtts: number[];
  try {
    rtts = await step(`${kind}: pings`, pinger, timePings(pinger, PINGS));
  } finally {
    pinger.destroy();
  }
  return {
    throughputMBps: TRANSFER_BYTES / MB / seconds,
    rttMedianMs: percentile(rtts, 50),
    rttP90Ms: percentile(rtts, 90),
  };
}

/** The median of each figure over the rounds. */
function medianFigures(rounds: readonly StreamFigures[]): StreamFigures {
  return {
    throughputMBps: percentile(
      rounds.map((r) => r.throughputMBps),
      50,
    ),
    rttMedianMs: percentile(
      rounds.map((r) => r.rttMedianMs),
      50,
    ),
    rttP90Ms: percentile(
      rounds.map((r) => r.rttP90Ms),
      50,
    ),
  };
}

/** The machine's 1-minute load average: other work on a shared machine moves every figure. */
const benchmark: Benchmark = {
  description: `Tor transport vs a raw Tor stream between two onion endpoints on a private Tor network: ${TRANSFER_BYTES / MB} MB one-way throughput and ${PING_BYTES}-byte round trip`,
  run: () =>
    withBenchNetwork('transport', 2, async (info, [server, client]) => {
      const schedulers = await schedulerOf(client!);
      const raw = await startRawService(server!);
      try {
        const identity = generateIdentity();
        await server!.transport.listen(identity, serve);
        const block = randomBytes(MB);
        const loadBefore = loadAverage();

        const rawRounds: StreamFigures[] = [];
        const burrowRounds: StreamFigures[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          // A new isolation credential per round: each round builds its own circuits, as a cold peer would.
          rawRounds.push(await measure('raw', () => dialRaw(client!, raw.address, `raw-${i}`), block));
          burrowRounds.push(
            await measure(
              'burrow',
              () =>
                client!.transport.dial(identity.onionAddress, {
                  timeoutMs: STEP_TIMEOUT_MS,
                  isolationKey: `burrow-${i}`,
                }),
              block,
            ),
          );
          const last = (f: StreamFigures): string =>
            `${f.throughputMBps.toFixed(2)} MB/s, RTT ${f.rttMedianMs.toFixed(2)} ms`;
          console.log(
            `   round ${i + 1}/${ROUNDS}: raw ${last(rawRounds.at(-1)!)} | burrow ${last(burrowRounds.at(-1)!)}`,
          );
        }

        const rawFigures = medianFigures(rawRounds);
        const burrowFigures = medianFigures(burrowRounds);
        // Each ratio pairs a burrow round with the raw round just before it (same load on the
        // shared machine), and the median of those pairs is kept.
        const pairedRatio = (pick: (f: StreamFigures) => number): number =>
          percentile(
            rawRounds.map((r, i) => pick(burrowRounds[i]!) / pick(r)),
            50,
          );
        const ratio = {
          throughput: pairedRatio((f) => f.throughputMBps),
          rttMedian: pairedRatio((f) => f.rttMedianMs),
          rttP90: pairedRatio((f) => f.rttP90Ms),
        };
        console.log(
          `   tor scheduler: ${schedulers}; medians of ${ROUNDS} rounds; 1 MB = 2^20 bytes; load average ${loadBefore} → ${loadAverage()}`,
        );
        console.log(
          `   raw Tor stream:   ${rawFigures.throughputMBps.toFixed(2)} MB/s, RTT median ${rawFigures.rttMedianMs.toFixed(2)} ms, p90 ${rawFigures.rttP90Ms.toFixed(2)} ms`,
        );
        console.log(
          `   Burrow transport: ${burrowFigures.throughputMBps.toFixed(2)} MB/s, RTT median ${burrowFigures.rttMedianMs.toFixed(2)} ms, p90 ${burrowFigures.rttP90Ms.toFixed(2)} ms`,
        );
        console.log(
          `   ratio Burrow ÷ raw (median of paired rounds): throughput ${ratio.throughput.toFixed(3)}, RTT median ${ratio.rttMedian.toFixed(3)}, RTT p90 ${ratio.rttP90.toFixed(3)}`,
        );

        const figures = (f: StreamFigures) => ({
          throughputMBps: round(f.throughputMBps),
          rttMedianMs: round(f.rttMedianMs),
          rttP90Ms: round(f.rttP90Ms),
        });
        return {
          scheduler: schedulers,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays, two client tors`,
          transferBytes: TRANSFER_BYTES,
          pingBytes: PING_BYTES,
          pings: PINGS,
          rounds: ROUNDS,
          raw: { ...figures(rawFigures), rounds: rawRounds.map(figures) },
          burrow: { ...figures(burrowFigures), rounds: burrowRounds.map(figures) },
          ratio: {
            throughput: round(ratio.throughput),
            rttMedian: round(ratio.rttMedian),
            rttP90: round(ratio.rttP90),
          },
          ratioMethod: 'median over rounds of burrow ÷ raw, each burrow round paired with the raw round just before it',
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
      } finally {
        await raw.stop().catch(() => undefined);
      }
    }),
};

export default benchmark;
