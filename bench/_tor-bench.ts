/**
 * Shared parts of the Tor benchmarks: a private network with client tors, and the raw Tor
 * stream every Burrow figure is compared with (a plain onion service with tor's own key in
 * front of a sink/echo server, dialed through another tor's SOCKS port with no Burrow framing).
 * Files starting with `_` are not benchmarks themselves (bench/run.ts).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { startTestnet, stopTestnet, type TestnetInfo } from '../src/testnet/index.js';
import { DialDeadline } from '../src/transport/errors.js';
import { socksDialWithRetry } from '../src/transport/tor/socks-dial.js';
import { isolationCredential } from '../src/transport/tor/socks-isolation.js';
import { launchTestnetTor, type TestTor } from '../test/shared/testnet-tor.js';

/** 1 MB here is 2^20 bytes. */
export const MB = 1024 * 1024;
export const PING_BYTES = 64;
export const WARMUP_PINGS = 20;
/** Writes of this size, waiting for 'drain' when the stream asks (as a file transfer would). */
const WRITE_CHUNK = 64 * 1024;
/** Any single measurement step (a dial, a transfer, the pings) gives up after this long. */
export const STEP_TIMEOUT_MS = 180_000;
/** The raw service's virtual port (any port: only the benchmarks dial it). */
const RAW_VIRTUAL_PORT = 80;

/** First byte a client sends: what the server should do with the stream. */
const MODE_SINK = 0x53; // 'S': count the transfer's bytes (a u32 follows), then acknowledge with one byte
const MODE_ECHO = 0x45; // 'E': echo everything
const ACK = Buffer.from([0x4b]);

/** The server side of raw and Burrow streams: sink (then one-byte ack) or echo, chosen by the first byte. */
export function serve(stream: Duplex): void {
  stream.on('error', () => undefined);
  let header = Buffer.alloc(0);
  let mode: number | undefined;
  let expected = 0;
  let received = 0;
  stream.on('data', (chunk: Buffer) => {
    if (mode === undefined) {
      header = Buffer.concat([header, chunk]);
      if (header[0] === MODE_ECHO) {
        mode = MODE_ECHO;
        chunk = header.subarray(1);
      } else if (header.length >= 5) {
        mode = MODE_SINK;
        expected = header.readUInt32BE(1);
        chunk = header.subarray(5);
      } else {
        return;
      }
    }
    if (mode === MODE_ECHO) {
      if (chunk.length > 0) stream.write(chunk);
      return;
    }
    received += chunk.length;
    if (received === expected) stream.write(ACK);
  });
}

/** Rejects after {@link STEP_TIMEOUT_MS} (destroying `stream`, which unblocks whatever waits on it). */
export async function step<T>(what: string, stream: Duplex | undefined, work: Promise<T>): Promise<T> {
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

/** Seconds from the first byte written until the receiver acknowledged all `bytes`. */
export async function timeTransfer(stream: Duplex, block: Buffer, bytes: number): Promise<number> {
  const acknowledged = nextBytes(stream, ACK.length);
  const started = performance.now();
  const head = Buffer.alloc(5);
  head[0] = MODE_SINK;
  head.writeUInt32BE(bytes, 1);
  stream.write(head);
  for (let sent = 0; sent < bytes; sent += WRITE_CHUNK) {
    const offset = sent % block.length;
    if (!stream.write(block.subarray(offset, offset + WRITE_CHUNK))) await once(stream, 'drain');
  }
  await acknowledged;
  return (performance.now() - started) / 1000;
}

/** Round trips in ms of `pings` pings, after {@link WARMUP_PINGS} unrecorded ones. */
export async function timePings(stream: Duplex, pings: number): Promise<number[]> {
  const ping = randomBytes(PING_BYTES);
  stream.write(Buffer.from([MODE_ECHO]));
  const rtts: number[] = [];
  for (let i = 0; i < WARMUP_PINGS + pings; i++) {
    const echoed = nextBytes(stream, PING_BYTES);
    const started = performance.now();
    stream.write(ping);
    await echoed;
    if (i >= WARMUP_PINGS) rtts.push(performance.now() - started);
  }
  return rtts;
}

export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2);
}

export function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
}

/** A plain onion service (tor's key, no Burrow) in front of a local server running {@link serve}. */
export async function startRawService(
  tor: TestTor,
): Promise<{ address: string; server: Server; sockets: Set<Socket>; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serve(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  const { serviceId } = await tor.tor.control.addOnion({
    privateKey: 'NEW',
    ports: [{ virtualPort: RAW_VIRTUAL_PORT, target: `127.0.0.1:${port}` }],
    flags: ['DiscardPK'],
  });
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
export async function dialRaw(tor: TestTor, address: string, isolation: string): Promise<Duplex> {
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

/** A private Tor network and `tors` client tors joined to it, for the length of `work`; everything is stopped after, even on failure. */
export async function withBenchNetwork<T>(
  name: string,
  tors: number,
  work: (info: TestnetInfo, tors: readonly TestTor[]) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `burrow-bench-${name}-`));
  const launched: TestTor[] = [];
  let testnetStarted = false;
  try {
    console.log(`   starting a private Tor network and ${tors} client tor${tors === 1 ? '' : 's'} …`);
    const info = await startTestnet({ dir, ownerPid: process.pid });
    testnetStarted = true;
    const results = await Promise.allSettled(
      Array.from({ length: tors }, () => launchTestnetTor({ testnetDir: info.dir })),
    );
    for (const result of results) if (result.status === 'fulfilled') launched.push(result.value);
    for (const result of results) if (result.status === 'rejected') throw result.reason;
    return await work(info, launched);
  } finally {
    await Promise.all(launched.map((tor) => tor.stop()));
    if (testnetStarted)
      await stopTestnet(dir).catch((error: unknown) =>
        console.error('   could not stop the private Tor network:', error),
      );
    await rm(dir, { recursive: true, force: true });
  }
}

/** The tor scheduler a client uses (benchmarks say which: KIST adds ~10 ms a hop on loopback). */
export async function schedulerOf(tor: TestTor): Promise<string> {
  return (await tor.tor.control.getConf(['Schedulers'])).get('Schedulers')?.join(',') ?? 'unknown';
}
