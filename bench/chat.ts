/**
 * `npm run bench -- chat`: Burrow 1:1 chat over one session on a private Tor network, against
 * the raw Tor round trip measured in the same run between the same two tors.
 *
 * - one-way latency: Ada sends, one message at a time, and the clock stops when Bob's node
 *   emits the message (both nodes live in this process, so one clock serves both); median
 *   and p99 of {@link LATENCY_MESSAGES};
 * - throughput: {@link BURST_MESSAGES} sent at once; messages/s until Bob has them all, and
 *   until Ada saw every one acknowledged (acks follow the receiver's durable commit);
 * - handshake: a fresh Tor stream to Bob's onion, then the Noise XK handshake on it; the
 *   handshake alone and dial + handshake, median of {@link HANDSHAKES};
 * - baseline: 64-byte round trip of a raw Tor stream (tor's own onion service, no Burrow).
 *
 * The ratio printed is Burrow's median one-way latency ÷ half the raw round trip.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { upgradeInbound, upgradeOutbound } from '../src/session/upgrade.js';
import { generateIdentity } from '../src/crypto/identity.js';
import { TorTransport } from '../src/transport/tor/tor-transport.js';
import { befriend } from '../test/shared/befriend.js';
import type { TestTor } from '../test/shared/testnet-tor.js';
import { TorPeer } from '../test/shared/tor-peer.js';
import {
  dialRaw,
  loadAverage,
  round,
  schedulerOf,
  startRawService,
  STEP_TIMEOUT_MS,
  timePings,
  withBenchNetwork,
} from './_tor-bench.js';
import { BENCH_KDF, BENCH_TIMING, BENCH_WAIT, nextEvent } from './_nodes.js';
import { percentile, type Benchmark } from './benchmark.js';

const LATENCY_MESSAGES = 300;
const BURST_MESSAGES = 2_000;
const HANDSHAKES = 20;
const RAW_PINGS = 300;

function startPeer(dir: string, name: string, tor: TestTor): Promise<TorPeer> {
  return TorPeer.create({ name, dir: join(dir, name), tor, kdf: BENCH_KDF, node: { timing: BENCH_TIMING } });
}

/** One-way latencies in ms, one message in flight at a time. */
async function measureLatency(ada: TorPeer, bob: TorPeer, bobOnion: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_MESSAGES + 10; i++) {
    const text = `latency ${i}`;
    const arrived = nextEvent(bob.node, (event) =>
      event.type === 'message' && event.message.text === text ? performance.now() : undefined,
    );
    const sent = performance.now();
    await ada.node.sendMessage(bobOnion, text);
    const at = await arrived;
    if (i >= 10) latencies.push(at - sent);
  }
  return latencies;
}

/** Messages/s received, and messages/s acknowledged back to the sender. */
async function measureBurst(
  ada: TorPeer,
  bob: TorPeer,
  bobOnion: string,
): Promise<{ receivedPerSecond: number; deliveredPerSecond: number }> {
  let received = 0;
  let delivered = 0;
  let receivedAt = 0;
  let deliveredAt = 0;
  const allReceived = nextEvent(bob.node, (event) => {
    if (event.type === 'message' && event.message.text.startsWith('burst ') && ++received === BURST_MESSAGES)
      return (receivedAt = performance.now());
    return undefined;
  });
  const allDelivered = nextEvent(ada.node, (event) => {
    if (event.type === 'message-state' && event.state === 'delivered' && ++delivered === BURST_MESSAGES)
      return (deliveredAt = performance.now());
    return undefined;
  });
  const started = performance.now();
  for (let i = 0; i < BURST_MESSAGES; i++) await ada.node.sendMessage(bobOnion, `burst ${i}`);
  await Promise.all([allReceived, allDelivered]);
  return {
    receivedPerSecond: BURST_MESSAGES / ((receivedAt - started) / 1000),
    deliveredPerSecond: BURST_MESSAGES / ((deliveredAt - started) / 1000),
  };
}

/** Handshake alone, and dial + handshake, in ms, each over a fresh stream with its own circuit. */
async function measureHandshakes(
  client: TestTor,
  server: TestTor,
): Promise<{ handshake: number[]; dialAndHandshake: number[] }> {
  const listenerIdentity = generateIdentity();
  const dialerIdentity = generateIdentity();
  const transport = new TorTransport({ tor: server.tor, waitForPublication: true });
  const accepted: Promise<void>[] = [];
  await transport.listen(listenerIdentity, (connection) => {
    accepted.push(
      upgradeInbound(connection, { identity: listenerIdentity, gate: () => 'allow' }).then(
        (session) => session.close(),
        () => undefined,
      ),
    );
  });
  const handshake: number[] = [];
  const dialAndHandshake: number[] = [];
  try {
    for (let i = 0; i < HANDSHAKES + 2; i++) {
      const started = performance.now();
      const connection = await client.transport.dial(listenerIdentity.onionAddress, {
        timeoutMs: STEP_TIMEOUT_MS,
        isolationKey: `handshake-${i}`,
      });
      const connected = performance.now();
      const session = await upgradeOutbound(connection, {
        identity: dialerIdentity,
        remote: listenerIdentity.onionAddress,
      });
      const done = performance.now();
      await session.close();
      if (i < 2) continue; // the first dials also fetch the descriptor
      handshake.push(done - connected);
      dialAndHandshake.push(done - started);
    }
  } finally {
    await Promise.allSettled(accepted);
    await transport.close();
  }
  return { handshake, dialAndHandshake };
}

const benchmark: Benchmark = {
  description: `1:1 chat over one session on a private Tor network: one-way latency (median, p99), messages/s and handshake time, against the raw Tor round trip`,
  run: () =>
    withBenchNetwork('chat', 2, async (info, [adaTor, bobTor]) => {
      const scheduler = await schedulerOf(adaTor!);
      const dir = await mkdtemp(join(tmpdir(), 'burrow-bench-chat-'));
      const raw = await startRawService(bobTor!);
      const peers: TorPeer[] = [];
      try {
        const loadBefore = loadAverage();
        const rawStream = await dialRaw(adaTor!, raw.address, 'raw-pings');
        const rawRtts = await timePings(rawStream, RAW_PINGS);
        rawStream.destroy();
        const rawRttMedian = percentile(rawRtts, 50);
        console.log(
          `   raw Tor stream: 64-byte round trip median ${rawRttMedian.toFixed(2)} ms, p99 ${percentile(rawRtts, 99).toFixed(2)} ms`,
        );

        const ada = await startPeer(dir, 'ada', adaTor!);
        peers.push(ada);
        const bob = await startPeer(dir, 'bob', bobTor!);
        peers.push(bob);
        await befriend(ada, bob, BENCH_WAIT);
        const bobOnion = bob.onion;

        const latencies = await measureLatency(ada, bob, bobOnion);
        const latency = { medianMs: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
        console.log(
          `   one-way latency: median ${latency.medianMs.toFixed(2)} ms, p99 ${latency.p99Ms.toFixed(2)} ms (${LATENCY_MESSAGES} messages)`,
        );
        const burst = await measureBurst(ada, bob, bobOnion);
        console.log(
          `   burst of ${BURST_MESSAGES}: ${burst.receivedPerSecond.toFixed(0)} messages/s received, ${burst.deliveredPerSecond.toFixed(0)} messages/s acknowledged`,
        );
        const handshakes = await measureHandshakes(adaTor!, bobTor!);
        const handshake = {
          medianMs: percentile(handshakes.handshake, 50),
          dialAndHandshakeMedianMs: percentile(handshakes.dialAndHandshake, 50),
        };
        console.log(
          `   handshake: ${handshake.medianMs.toFixed(2)} ms alone, ${handshake.dialAndHandshakeMedianMs.toFixed(2)} ms with a fresh Tor stream (median of ${HANDSHAKES})`,
        );
        const ratio = latency.medianMs / (rawRttMedian / 2);
        console.log(
          `   ratio: Burrow one-way latency ÷ half the raw Tor round trip = ${ratio.toFixed(2)} (tor scheduler ${scheduler}; load ${loadBefore} → ${loadAverage()})`,
        );
        return {
          scheduler,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays, two client tors`,
          rawRoundTrip: { medianMs: round(rawRttMedian), p99Ms: round(percentile(rawRtts, 99)), pings: RAW_PINGS },
          oneWayLatency: { medianMs: round(latency.medianMs), p99Ms: round(latency.p99Ms), messages: LATENCY_MESSAGES },
          burst: {
            messages: BURST_MESSAGES,
            receivedPerSecond: round(burst.receivedPerSecond, 1),
            acknowledgedPerSecond: round(burst.deliveredPerSecond, 1),
          },
          handshake: {
            medianMs: round(handshake.medianMs),
            dialAndHandshakeMedianMs: round(handshake.dialAndHandshakeMedianMs),
            samples: HANDSHAKES,
          },
          ratio: { latencyOverHalfRawRtt: round(ratio) },
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
      } finally {
        for (const peer of peers) await peer.stop().catch(() => undefined);
        await raw.stop().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
