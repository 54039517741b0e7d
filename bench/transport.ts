/**
 * `npm run bench -- transport`: Burrow's Tor transport against a raw Tor stream, in one run,
 * on a private Tor network started for the occasion (shared/TOR-TESTNET.md), between two
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
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { generateIdentity } from '../src/crypto/identity.js';
import { startTestnet, stopTestnet } from '../src/testnet/index.js';
import { DialDeadline } from '../src/transport/errors.js';
import { socksDialWithRetry } from '../src/transport/tor/socks-dial.js';
import { isolationCredential } from '../src/transport/tor/socks-isolation.js';
import { launchTestnetTor, type TestTor } from '../test/tor/helpers/testnet-tor.js';
import { percentile, type Benchmark } from './benchmark.js';

/** 1 MB here is 2^20 bytes. */
const MB = 1024 * 1024;
const TRANSFER_BYTES = 50 * MB;
const PING_BYTES = 64;
const PINGS = 300;
const WARMUP_PINGS = 20;
/** Raw and burrow alternate this many times. */
const ROUNDS = 5;
/** Writes of this size, waiting for 'drain' when the stream asks (as a file transfer would). */
const WRITE_CHUNK = 64 * 1024;
/** Any single measurement step (a dial, a transfer, the pings) gives up after this long. */
const STEP_TIMEOUT_MS = 180_000;
/** The raw service's virtual port (any port: only this benchmark dials it). */
const RAW_VIRTUAL_PORT = 80;

/** First byte a client sends: what the server should do with the stream. */
const MODE_SINK = 0x53; // 'S': count TRANSFER_BYTES, then acknowledge with one byte
const MODE_ECHO = 0x45; // 'E': echo everything
const ACK = Buffer.from([0x4b]);

/** Figures of one kind of stream. */
interface StreamFigures {
  readonly throughputMBps: number;
  readonly rttMedianMs: number;
  readonly rttP90Ms: number;
}

/** The server side of both kinds: sink or echo, chosen by the first byte. Streams that close before it are ignored. */
function serve(stream: Duplex): void {
  stream.on('error', () => undefined);
  let mode: number | undefined;
  let received = 0;
  stream.on('data', (chunk: Buffer) => {
    if (mode === undefined) {
      mode = chunk[0];
      chunk = chunk.subarray(1);
    }
    if (mode === MODE_ECHO) {
      if (chunk.length > 0) stream.write(chunk);
      return;
    }
    received += chunk.length;
    if (received === TRANSFER_BYTES) stream.write(ACK);
  });
}

/** Rejects after {@link STEP_TIMEOUT_MS} (destroying `stream`, which unblocks whatever waits on it). */
async function step<T>(what: string, stream: Duplex | undefined, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stream?.destroy();
      reject(new Error(`${what} took longer than ${STEP_TIMEOUT_MS / 1000} s`));
    }, STEP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `stream` delivered `count` more bytes (the caller consumes nothing else meanwhile). */
function nextBytes(stream: Duplex, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen >= count) {
        cleanup();
        resolve();
      }
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error(`stream ended after ${seen} of ${count} bytes`));
    };
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onEnd);
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onEnd);
  });
}

/** Seconds from the first byte written until the receiver acknowledged all {@link TRANSFER_BYTES}. */
async function timeTransfer(stream: Duplex, block: Buffer): Promise<number> {
  const acknowledged = nextBytes(stream, ACK.length);
  const started = performance.now();
  stream.write(Buffer.from([MODE_SINK]));
  for (let sent = 0; sent < TRANSFER_BYTES; sent += WRITE_CHUNK) {
    const offset = sent % block.length;
    if (!stream.write(block.subarray(offset, offset + WRITE_CHUNK))) await once(stream, 'drain');
  }
  await acknowledged;
  return (performance.now() - started) / 1000;
}

/** Round trips in ms of {@link PINGS} pings, after {@link WARMUP_PINGS} unrecorded ones. */
async function timePings(stream: Duplex): Promise<number[]> {
  const ping = randomBytes(PING_BYTES);
  stream.write(Buffer.from([MODE_ECHO]));
  const rtts: number[] = [];
  for (let i = 0; i < WARMUP_PINGS + PINGS; i++) {
    const echoed = nextBytes(stream, PING_BYTES);
    const started = performance.now();
    stream.write(ping);
    await echoed;
    if (i >= WARMUP_PINGS) rtts.push(performance.now() - started);
  }
  return rtts;
}

/** One round on one kind: a throughput stream and a ping stream, each dialed fresh. */
async function measure(kind: string, dial: () => Promise<Duplex>, block: Buffer): Promise<StreamFigures> {
  const transfer = await step(`${kind}: dial`, undefined, dial());
  let seconds: number;
  try {
    seconds = await step(`${kind}: ${TRANSFER_BYTES / MB} MB transfer`, transfer, timeTransfer(transfer, block));
  } finally {
    transfer.destroy();
  }
  const pinger = await step(`${kind}: dial`, undefined, dial());
  let rtts: number[];
  try {
    rtts = await step(`${kind}: pings`, pinger, timePings(pinger));
  } finally {
    pinger.destroy();
  }
  return { throughputMBps: TRANSFER_BYTES / MB / seconds, rttMedianMs: percentile(rtts, 50), rttP90Ms: percentile(rtts, 90) };
}

/** The median of each figure over the rounds. */
function medianFigures(rounds: readonly StreamFigures[]): StreamFigures {
  return {
    throughputMBps: percentile(rounds.map((r) => r.throughputMBps), 50),
    rttMedianMs: percentile(rounds.map((r) => r.rttMedianMs), 50),
    rttP90Ms: percentile(rounds.map((r) => r.rttP90Ms), 50),
  };
}

/** The machine's 1-minute load average: other work on a shared machine moves every figure. */
function loadAverage(): string {
  return loadavg()[0]!.toFixed(2);
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** A plain onion service (tor's key, no Burrow) in front of a local server running {@link serve}. */
async function startRawService(tor: TestTor): Promise<{ address: string; server: Server; sockets: Set<Socket>; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serve(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  const { serviceId } = await tor.tor.control.addOnion({ privateKey: 'NEW', ports: [{ virtualPort: RAW_VIRTUAL_PORT, target: `127.0.0.1:${port}` }], flags: ['DiscardPK'] });
  return {
    address: serviceId,
    server,
    sockets,
    stop: async () => {
      await tor.tor.control.delOnion(serviceId).catch(() => undefined);
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** A raw SOCKS stream to the raw service through `tor` (same dialer and retries as Burrow's, no framing). */
async function dialRaw(tor: TestTor, address: string, isolation: string): Promise<Duplex> {
  const deadline = new DialDeadline('dialing the raw onion service', { timeoutMs: STEP_TIMEOUT_MS });
  try {
    return await socksDialWithRetry({
      proxy: () => tor.tor.socksEndpoint,
      destination: { host: `${address}.onion`, port: RAW_VIRTUAL_PORT },
      credential: isolationCredential(randomBytes(16), isolation),
      deadline,
      handshakeTimeoutMs: STEP_TIMEOUT_MS,
    });
  } finally {
    deadline.dispose();
  }
}

const benchmark: Benchmark = {
  description: `Tor transport vs a raw Tor stream between two onion endpoints on a private Tor network: ${TRANSFER_BYTES / MB} MB one-way throughput and ${PING_BYTES}-byte round trip`,
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'burrow-bench-transport-'));
    const tors: TestTor[] = [];
    let raw: Awaited<ReturnType<typeof startRawService>> | undefined;
    let testnetStarted = false;
    try {
      console.log('   starting a private Tor network and two client tors …');
      const info = await startTestnet({ dir, ownerPid: process.pid });
      testnetStarted = true;
      const launched = await Promise.allSettled([launchTestnetTor({ testnetDir: info.dir }), launchTestnetTor({ testnetDir: info.dir })]);
      for (const result of launched) if (result.status === 'fulfilled') tors.push(result.value);
      for (const result of launched) if (result.status === 'rejected') throw result.reason;
      const [server, client] = tors;
      const schedulers = (await client!.tor.control.getConf(['Schedulers'])).get('Schedulers')?.join(',') ?? 'unknown';

      raw = await startRawService(server!);
      const rawAddress = raw.address;
      const identity = generateIdentity();
      await server!.transport.listen(identity, serve);
      const block = randomBytes(MB);
      const loadBefore = loadAverage();

      const rawRounds: StreamFigures[] = [];
      const burrowRounds: StreamFigures[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        // A new isolation credential per round: each round builds its own circuits, as a cold peer would.
        rawRounds.push(await measure('raw', () => dialRaw(client!, rawAddress, `raw-${i}`), block));
        burrowRounds.push(await measure('burrow', () => client!.transport.dial(identity.onionAddress, { timeoutMs: STEP_TIMEOUT_MS, isolationKey: `burrow-${i}` }), block));
        const last = (f: StreamFigures): string => `${f.throughputMBps.toFixed(2)} MB/s, RTT ${f.rttMedianMs.toFixed(2)} ms`;
        console.log(`   round ${i + 1}/${ROUNDS}: raw ${last(rawRounds.at(-1)!)} | burrow ${last(burrowRounds.at(-1)!)}`);
      }

      const rawFigures = medianFigures(rawRounds);
      const burrowFigures = medianFigures(burrowRounds);
      // Each ratio pairs a burrow round with the raw round just before it (same load on the
      // shared machine), and the median of those pairs is kept.
      const pairedRatio = (pick: (f: StreamFigures) => number): number => percentile(rawRounds.map((r, i) => pick(burrowRounds[i]!) / pick(r)), 50);
      const ratio = {
        throughput: pairedRatio((f) => f.throughputMBps),
        rttMedian: pairedRatio((f) => f.rttMedianMs),
        rttP90: pairedRatio((f) => f.rttP90Ms),
      };
      console.log(`   tor scheduler: ${schedulers}; medians of ${ROUNDS} rounds; 1 MB = 2^20 bytes; load average ${loadBefore} → ${loadAverage()}`);
      console.log(`   raw Tor stream:   ${rawFigures.throughputMBps.toFixed(2)} MB/s, RTT median ${rawFigures.rttMedianMs.toFixed(2)} ms, p90 ${rawFigures.rttP90Ms.toFixed(2)} ms`);
      console.log(`   Burrow transport: ${burrowFigures.throughputMBps.toFixed(2)} MB/s, RTT median ${burrowFigures.rttMedianMs.toFixed(2)} ms, p90 ${burrowFigures.rttP90Ms.toFixed(2)} ms`);
      console.log(`   ratio Burrow ÷ raw (median of paired rounds): throughput ${ratio.throughput.toFixed(3)}, RTT median ${ratio.rttMedian.toFixed(3)}, RTT p90 ${ratio.rttP90.toFixed(3)}`);

      const figures = (f: StreamFigures) => ({ throughputMBps: round(f.throughputMBps), rttMedianMs: round(f.rttMedianMs), rttP90Ms: round(f.rttP90Ms) });
      return {
        scheduler: schedulers,
        network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays, two client tors`,
        transferBytes: TRANSFER_BYTES,
        pingBytes: PING_BYTES,
        pings: PINGS,
        rounds: ROUNDS,
        raw: { ...figures(rawFigures), rounds: rawRounds.map(figures) },
        burrow: { ...figures(burrowFigures), rounds: burrowRounds.map(figures) },
        ratio: { throughput: round(ratio.throughput), rttMedian: round(ratio.rttMedian), rttP90: round(ratio.rttP90) },
        ratioMethod: 'median over rounds of burrow ÷ raw, each burrow round paired with the raw round just before it',
        loadAverage: { before: loadBefore, after: loadAverage() },
      };
    } finally {
      await raw?.stop().catch(() => undefined);
      await Promise.all(tors.map((tor) => tor.stop()));
      if (testnetStarted) await stopTestnet(dir).catch((error: unknown) => console.error('   could not stop the private Tor network:', error));
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;
