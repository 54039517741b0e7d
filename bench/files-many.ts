/**
 * `npm run bench -- files-many [--transfers=N] [--file-mib=M]`: N files (default
 * {@link DEFAULT_TRANSFERS}) of M MiB each go from Ada to Bob at once, over one pair of tors on
 * a private Tor network, while Ada sends Bob a chat message every {@link CHAT_INTERVAL_MS}:
 *
 * - fairness: each transfer's rate over the time all N run together (from Bob's last accept
 *   to the first one complete), and Jain's index over those rates, (Σx)² ÷ (N·Σx²): 1 when all
 *   get the same share, 1/N when one takes everything; each transfer's rate from accept to
 *   complete beside it;
 * - chat: one-way latency (both nodes live in this process, one clock) during the transfers
 *   against the same on the idle session, measured just before in the same round;
 * - where the time goes: this process's event-loop delay (perf_hooks) idle and busy, and the
 *   round trip of a raw Tor stream between the same two tors on a third circuit (tor's own
 *   onion service, no Burrow), idle and busy: what the shared tor clients and their guard
 *   channels add, which no Burrow queue can remove.
 *
 * Rounds alternate idle and busy; figures are medians over the rounds. The load average is printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { befriend } from '../test/shared/befriend.js';
import type { TestTor } from '../test/shared/testnet-tor.js';
import { TorPeer } from '../test/shared/tor-peer.js';
import type { TransferView } from '../src/files/feature/api.js';
import {
  dialRaw,
  loadAverage,
  MB,
  PING_BYTES,
  round,
  schedulerOf,
  startRawService,
  step,
  withBenchNetwork,
} from './_tor-bench.js';
import { BENCH_KDF, BENCH_TIMING, BENCH_WAIT, nextEvent } from './_nodes.js';
import { percentile, type Benchmark } from './benchmark.js';

const DEFAULT_TRANSFERS = 10;
const DEFAULT_FILE_MIB = 10;
const ROUNDS = 3;
/** Chat messages (and raw pings) on the idle pair each round. */
const IDLE_SAMPLES = 20;
/** How often Ada sends a chat message, and the raw stream a ping, during the transfers. */
const CHAT_INTERVAL_MS = 250;
/** How often Bob's transfers are read. */
const POLL_MS = 100;

function flag(name: string, fallback: number): number {
  const arg = process.argv.find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${arg}`);
  return value;
}

function startPeer(dir: string, name: string, tor: TestTor): Promise<TorPeer> {
  const downloads = join(dir, `${name}-downloads`);
  mkdirSync(downloads, { recursive: true });
  const files = {
    downloadFolder: downloads,
    preferences: () => ({ autoAcceptBelowBytes: 0, maxSizeBytes: 1024 * MB }),
  };
  return TorPeer.create({ name, dir: join(dir, name), tor, kdf: BENCH_KDF, node: { files, timing: BENCH_TIMING } });
}

/** One-way latency of a chat message from `from` to `to`, in ms. */
async function chatLatency(from: TorPeer, to: TorPeer, text: string): Promise<number> {
  const arrived = nextEvent(to.node, (event) =>
    event.type === 'message' && event.message.text === text ? performance.now() : undefined,
  );
  const started = performance.now();
  await from.node.sendMessage(to.onion, text);
  return (await arrived) - started;
}

/** Round trips of single pings on a raw echo stream (the raw service's echo mode), one at a time. */
class RawPinger {
  readonly #stream: Duplex;
  #waiting: { need: number; resolve: () => void } | undefined;

  constructor(stream: Duplex) {
    this.#stream = stream;
    stream.write(Buffer.from([0x45])); // echo mode (_tor-bench.ts serve)
    stream.on('data', (chunk: Buffer) => {
      const waiting = this.#waiting;
      if (waiting === undefined) return;
      waiting.need -= chunk.length;
      if (waiting.need <= 0) {
        this.#waiting = undefined;
        waiting.resolve();
      }
    });
  }

  async ping(): Promise<number> {
    const echoed = new Promise<void>((resolve) => (this.#waiting = { need: PING_BYTES, resolve }));
    const started = performance.now();
    this.#stream.write(randomBytes(PING_BYTES));
    await echoed;
    return performance.now() - started;
  }
}

/** Samples `sample` every `intervalMs` until the returned stop function is called; stop resolves with the samples. */
function sampleEvery(intervalMs: number, sample: () => Promise<number>): () => Promise<number[]> {
  const values: number[] = [];
  let done = false;
  const loop = (async () => {
    while (!done) {
      values.push(await sample());
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return async () => {
    done = true;
    await loop;
    return values;
  };
}

function loopDelayMs(histogram: IntervalHistogram): { median: number; p99: number; max: number } {
  return {
    median: round(histogram.percentile(50) / 1e6, 1),
    p99: round(histogram.percentile(99) / 1e6, 1),
    max: round(histogram.max / 1e6, 1),
  };
}

/** Jain's fairness index of `rates`: 1 when equal, 1/n when one has everything. */
function jainIndex(rates: readonly number[]): number {
  const sum = rates.reduce((total, rate) => total + rate, 0);
  const squares = rates.reduce((total, rate) => total + rate * rate, 0);
  return squares === 0 ? 1 : (sum * sum) / (rates.length * squares);
}

interface ManyResult {
  /** MB/s of each transfer while all ran together (the last accept to the first complete). */
  sharedMBps: number[];
  /** MB/s of each transfer from accept to complete. */
  wholeMBps: number[];
  /** MB/s of all transfers together (all bytes over the time to the last complete). */
  totalMBps: number;
  jain: number;
  chat: number[];
  raw: number[];
}

/** `count` fresh files of random bytes (new file ids), written before anything is timed. */
function makeFiles(dir: string, count: number, bytes: number, roundNo: number): string[] {
  mkdirSync(join(dir, 'sources'), { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, 'sources', `r${roundNo}-f${i}.bin`);
    writeFileSync(path, randomBytes(bytes));
    return path;
  });
}

/** Ada offers the files at `paths` (`bytes` each) to Bob, he accepts them all; timed with chat and raw pings meanwhile. */
async function manyAtOnce(
  paths: readonly string[],
  ada: TorPeer,
  bob: TorPeer,
  pinger: RawPinger,
  bytes: number,
  roundNo: number,
): Promise<ManyResult> {
  const count = paths.length;
  const ids: string[] = [];
  for (const path of paths) {
    const offered = nextEvent(bob.node, (event) =>
      event.type === 'transfer' && event.transfer.direction === 'in' && event.transfer.state === 'offered'
        ? event.transfer.id
        : undefined,
    );
    await ada.node.files.send(bob.onion, path);
    ids.push(await step('the offer reaches bob', undefined, offered));
  }
  const completeAt = new Map<string, number>();
  const allComplete = nextEvent(bob.node, (event) => {
    if (event.type === 'transfer' && ids.includes(event.transfer.id) && event.transfer.state === 'complete')
      if (!completeAt.has(event.transfer.id)) completeAt.set(event.transfer.id, performance.now());
    return completeAt.size === ids.length ? true : undefined;
  });
  let shared: number[] | undefined;
  const started = performance.now();
  for (const id of ids) await bob.node.files.accept(id);
  // Shares are counted from here, when all run: the first accepted started a little earlier.
  const allRunning = performance.now();
  const doneAt = (views: readonly TransferView[]): number[] =>
    ids.map((id) => views.find((view) => view.id === id && view.direction === 'in')?.bytesDone ?? 0);
  const bytesAtStart = doneAt(await bob.node.files.list());
  const stopChat = sampleEvery(CHAT_INTERVAL_MS, () => chatLatency(ada, bob, `busy r${roundNo} ${performance.now()}`));
  const stopRaw = sampleEvery(CHAT_INTERVAL_MS, () => pinger.ping());
  const poll = setInterval(() => {
    if (shared !== undefined) return;
    void bob.node.files.list().then((views) => {
      if (shared !== undefined) return;
      // The first transfer done: what each got since all ran is its share of that time.
      if (!views.some((view) => ids.includes(view.id) && view.state === 'complete')) return;
      const seconds = (performance.now() - allRunning) / 1000;
      shared = doneAt(views).map((bytesDone, i) => (bytesDone - bytesAtStart[i]!) / MB / seconds);
    });
  }, POLL_MS);
  try {
    await step('the transfers', undefined, allComplete);
  } finally {
    clearInterval(poll);
  }
  const [chat, raw] = [await stopChat(), await stopRaw()];
  const last = Math.max(...completeAt.values());
  const wholeMBps = ids.map((id) => bytes / MB / ((completeAt.get(id)! - started) / 1000));
  const sharedMBps = shared ?? wholeMBps;
  return {
    sharedMBps,
    wholeMBps,
    totalMBps: (count * bytes) / MB / ((last - started) / 1000),
    jain: jainIndex(sharedMBps),
    chat,
    raw,
  };
}

const benchmark: Benchmark = {
  description:
    'many file transfers at once over Tor: each one’s rate, Jain’s fairness index, chat latency and the raw Tor round trip during them vs idle',
  run: () =>
    withBenchNetwork('files-many', 2, async (info, [bobTor, adaTor]) => {
      const transfers = flag('transfers', DEFAULT_TRANSFERS);
      const fileBytes = flag('file-mib', DEFAULT_FILE_MIB) * MB;
      const dir = await mkdtemp(join(tmpdir(), 'burrow-bench-files-many-'));
      const peers: TorPeer[] = [];
      const rawService = await startRawService(bobTor!);
      let rawStream: Duplex | undefined;
      try {
        const scheduler = await schedulerOf(adaTor!);
        const [bob, ada] = await Promise.all([startPeer(dir, 'bob', bobTor!), startPeer(dir, 'ada', adaTor!)]);
        peers.push(bob, ada);
        await befriend(ada, bob, BENCH_WAIT);
        rawStream = await step('raw: dial', undefined, dialRaw(adaTor!, rawService.address, 'raw-pings'));
        const pinger = new RawPinger(rawStream);
        for (let i = 0; i < 5; i++) await pinger.ping(); // the circuit warms up
        const loadBefore = loadAverage();

        const idleChat: number[] = [];
        const idleRaw: number[] = [];
        const busyChat: number[] = [];
        const busyRaw: number[] = [];
        const idleLoop = monitorEventLoopDelay({ resolution: 10 });
        const busyLoop = monitorEventLoopDelay({ resolution: 10 });
        const rounds: ManyResult[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          idleLoop.enable();
          for (let i = 0; i < IDLE_SAMPLES; i++) {
            idleChat.push(await chatLatency(ada, bob, `idle r${r} #${i}`));
            idleRaw.push(await pinger.ping());
          }
          idleLoop.disable();
          const paths = makeFiles(dir, transfers, fileBytes, r);
          busyLoop.enable();
          const result = await manyAtOnce(paths, ada, bob, pinger, fileBytes, r);
          busyLoop.disable();
          rounds.push(result);
          busyChat.push(...result.chat);
          busyRaw.push(...result.raw);
          console.log(
            `   round ${r + 1}/${ROUNDS}: ${transfers} × ${fileBytes / MB} MB, together ${result.totalMBps.toFixed(2)} MB/s, Jain ${result.jain.toFixed(3)} (shares ${result.sharedMBps.map((x) => x.toFixed(2)).join(' ')} MB/s); chat median ${percentile(result.chat, 50).toFixed(1)} ms, p99 ${percentile(result.chat, 99).toFixed(1)}; raw Tor RTT median ${percentile(result.raw, 50).toFixed(1)} ms`,
          );
        }
        const median = (pick: (r: ManyResult) => number): number => percentile(rounds.map(pick), 50);
        const stats = (values: number[]) => ({
          samples: values.length,
          medianMs: round(percentile(values, 50), 1),
          p90Ms: round(percentile(values, 90), 1),
          p99Ms: round(percentile(values, 99), 1),
          maxMs: round(Math.max(...values), 1),
        });
        const chat = { idle: stats(idleChat), duringTransfers: stats(busyChat) };
        const rawTorRtt = { idle: stats(idleRaw), duringTransfers: stats(busyRaw) };
        const eventLoopDelayMs = { idle: loopDelayMs(idleLoop), duringTransfers: loopDelayMs(busyLoop) };
        const loadAfter = loadAverage();
        console.log(
          `   tor scheduler: ${scheduler}; medians of ${ROUNDS} rounds; load average ${loadBefore} → ${loadAfter}`,
        );
        console.log(
          `   ${transfers} transfers together ${median((r) => r.totalMBps).toFixed(2)} MB/s; Jain's index ${median((r) => r.jain).toFixed(3)} (min ${Math.min(...rounds.map((r) => r.jain)).toFixed(3)})`,
        );
        console.log(
          `   chat one-way: idle median ${chat.idle.medianMs} ms (p99 ${chat.idle.p99Ms}); during the transfers median ${chat.duringTransfers.medianMs} ms (p90 ${chat.duringTransfers.p90Ms}, p99 ${chat.duringTransfers.p99Ms}, max ${chat.duringTransfers.maxMs})`,
        );
        console.log(
          `   raw Tor round trip (third circuit, same tors): idle median ${rawTorRtt.idle.medianMs} ms (p99 ${rawTorRtt.idle.p99Ms}); during the transfers median ${rawTorRtt.duringTransfers.medianMs} ms (p99 ${rawTorRtt.duringTransfers.p99Ms})`,
        );
        console.log(
          `   event-loop delay of this process: idle median ${eventLoopDelayMs.idle.median} ms (p99 ${eventLoopDelayMs.idle.p99}); during the transfers median ${eventLoopDelayMs.duringTransfers.median} ms (p99 ${eventLoopDelayMs.duringTransfers.p99}, max ${eventLoopDelayMs.duringTransfers.max})`,
        );
        return {
          scheduler,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays, two client tors (Bob's, Ada's)`,
          transfers,
          fileBytes,
          rounds: ROUNDS,
          togetherMBps: round(median((r) => r.totalMBps)),
          jainIndex: round(median((r) => r.jain)),
          perRound: rounds.map((r) => ({
            togetherMBps: round(r.totalMBps),
            jainIndex: round(r.jain),
            sharedMBps: r.sharedMBps.map((x) => round(x)),
            wholeMBps: r.wholeMBps.map((x) => round(x)),
            chatMedianMs: round(percentile(r.chat, 50), 1),
          })),
          chat,
          chatMedianBusyMinusIdleMs: round(chat.duringTransfers.medianMs - chat.idle.medianMs, 1),
          rawTorRtt,
          eventLoopDelayMs,
          method:
            'each round: idle chat and raw pings alternating, then the transfers with a chat message and a raw ping every 250 ms; shares = bytes each transfer got from the last accept to the first completion ÷ that time',
          loadAverage: { before: loadBefore, after: loadAfter },
        };
      } finally {
        rawStream?.destroy();
        for (const peer of peers) await peer.stop().catch(() => undefined);
        await rawService.stop().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
