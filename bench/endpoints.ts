/**
 * `npm run bench -- endpoints`: what private endpoints (docs/PROTOCOL.md "Endpoints") cost, on
 * a private Tor network, each figure against a baseline measured in the same run:
 *
 * - session set-up: Bob (his node stopped, his tor given the client key Ada gave him) dials Ada
 *   and completes the Burrow handshake as himself, alternately at her endpoint for him and at
 *   her public address, each dial on fresh circuits (a new isolation key); after one unrecorded
 *   dial of each (the descriptor fetch). Ratio: endpoint ÷ public address, medians.
 * - what endpoints cost tor: 1, 10 and 100 endpoints published on a fresh tor through Burrow's
 *   own code (bench/_endpoint-costs.ts, for generated friends): time until every descriptor is
 *   out, HS_DESC uploads and descriptor bytes; rounds alternate 1 and 100 for the start-up ratio.
 * - daemon start with {@link FRIENDS} friends: from launching a fresh tor until Ada's node is
 *   online with all of them (20 real Burrow nodes in this process on two shared tors, befriended
 *   and with endpoints exchanged beforehand), against a bare tor launched, given one ADD_ONION
 *   service and dialed once from another tor. The startup goal: ratio ≤ 1.2.
 *
 * The 20-friend node listens as the daemon does (no wait for descriptor uploads). The parts run
 * in that order (sessions, start, costs); `BENCH_ENDPOINTS_PARTS=sessions,start` runs only some,
 * and a part that fails is reported in the results while the others still run.
 *
 * The load average is printed: the relays, the tors and every node share the machine's cores.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchTestnetTor } from '../test/shared/testnet-tor.js';
import type { TorPeer } from '../test/shared/tor-peer.js';
import { measureEndpointCosts, PUBLISH_LIMIT_MS, SETTLE_MS, type EndpointCost } from './_endpoint-costs.js';
import {
  befriendWithEndpoints,
  endpointOf,
  startPeer,
  timeBareTor,
  timeDaemonStart,
  timeSessionSetup,
} from './_endpoint-sessions.js';
import { loadAverage, round, withBenchNetwork } from './_tor-bench.js';
import { percentile, type Benchmark } from './benchmark.js';

const ROUNDS = 3;
/** Session set-ups of each kind (alternating). */
const SESSION_ROUNDS = 5;
const FRIENDS = 20;
/** Friends befriended at once while setting up. */
const BEFRIEND_BATCH = 5;
/** The steady window whose uploads are counted and extrapolated to an hour. */
const WINDOW_MS = 60_000;
/** On the live network a service re-uploads its descriptors every 60–120 min (tor's hs_service.c): on average every 90. */
const LIVE_REUPLOADS_PER_HOUR = 60 / 90;
/** On the live network each descriptor goes to hsdir_n_replicas (2) × hsdir_spread_store (4) HSDirs, for the current and the next time period. */
const LIVE_UPLOADS_PER_PUBLICATION = 2 * 2 * 4;

/**
 * The tors that publish 1–100 endpoints are not killed for a slow control port (the default
 * kills after two 4 s silences): on a loaded machine publishing 100 at once stalls it longer,
 * which is measured (controlStallMs) and reported rather than cut short.
 */
const RELAXED_LIVENESS = { intervalMs: 2_000, timeoutMs: 120_000, misses: 2 } as const;

const median = (values: readonly number[]): number => percentile(values, 50);
const seconds = (ms: number): number => round(ms / 1000, 2);

const fmt = (ms: number | undefined): string => (ms === undefined ? 'not all out' : `${seconds(ms)} s`);
const ms = (value: number | undefined): number | null => (value === undefined ? null : round(value, 0));

async function endpointCosts(testnetDir: string): Promise<Record<string, unknown>> {
  const measured: EndpointCost[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const count of i === 0 ? [1, 10, 100] : [1, 100]) {
      const tor = await launchTestnetTor({ testnetDir, liveness: RELAXED_LIVENESS });
      try {
        const cost = await measureEndpointCosts(tor, count, i === 0 ? WINDOW_MS : undefined);
        measured.push(cost);
        console.log(
          `   round ${i + 1}, ${count} endpoint${count === 1 ? '' : 's'}: ${cost.out} out within ${PUBLISH_LIMIT_MS / 1000} s; half after ${fmt(cost.halfOutMs)}, all after ${fmt(cost.startupMs)}; control port silent up to ${seconds(cost.controlStallMs)} s${cost.windowUploads === undefined ? '' : `; first publication ${cost.initialUploads} uploads (${cost.initialUploaded} taken), descriptor ${cost.descriptorBytes} bytes; ${cost.windowUploads} uploads in the next ${cost.windowSeconds} s`}`,
        );
      } finally {
        await tor.stop();
      }
    }
  }
  const byCount = (count: number): EndpointCost[] => measured.filter((cost) => cost.endpoints === count);
  const medianOf = (values: (number | undefined)[]): number | undefined =>
    values.some((value) => value === undefined) ? undefined : median(values as number[]);
  const table = [1, 10, 100].map((count) => {
    const costs = byCount(count);
    const windowed = costs.find((cost) => cost.windowUploads !== undefined);
    const descriptorBytes = windowed?.descriptorBytes ?? 0;
    const perHour = windowed === undefined ? 0 : (windowed.windowUploads! * 3_600) / windowed.windowSeconds!;
    const liveUploadsPerHour = count * LIVE_UPLOADS_PER_PUBLICATION * LIVE_REUPLOADS_PER_HOUR;
    return {
      endpoints: count,
      outWithinLimit: costs.map((cost) => cost.out),
      startupMs: ms(medianOf(costs.map((cost) => cost.startupMs))),
      halfOutMs: ms(medianOf(costs.map((cost) => cost.halfOutMs))),
      startupSamplesMs: costs.map((cost) => ms(cost.startupMs)),
      controlStallMaxMs: round(Math.max(...costs.map((cost) => cost.controlStallMs)), 0),
      initialUploads: windowed?.initialUploads ?? null,
      descriptorBytes,
      initialUploadBytes: (windowed?.initialUploads ?? 0) * descriptorBytes,
      testnetWindowUploads: windowed?.windowUploads ?? null,
      testnetUploadsPerHourExtrapolated: round(perHour, 0),
      liveNetworkUploadsPerHourEstimate: round(liveUploadsPerHour, 0),
      liveNetworkBytesPerHourEstimate: round(liveUploadsPerHour * descriptorBytes, 0),
    };
  });
  const pairs = byCount(100).map((cost, i) => [cost.startupMs, byCount(1)[i]!.startupMs] as const);
  const startupRatio = pairs.every(([many, one]) => many !== undefined && one !== undefined)
    ? median(pairs.map(([many, one]) => many! / one!))
    : undefined;
  for (const row of table)
    console.log(
      `   ${row.endpoints} endpoint(s): all out after ${fmt(row.startupMs ?? undefined)} (half after ${fmt(row.halfOutMs ?? undefined)}; out within ${PUBLISH_LIMIT_MS / 1000} s: ${row.outWithinLimit.join(', ')}), control port silent up to ${seconds(row.controlStallMaxMs)} s; first publication ${row.initialUploads} uploads × ${row.descriptorBytes} B; testnet ${row.testnetWindowUploads} uploads in the next ${WINDOW_MS / 1000} s; live network estimate ~${row.liveNetworkUploadsPerHourEstimate} uploads/h (~${round(row.liveNetworkBytesPerHourEstimate / 1024, 0)} KiB/h)`,
    );
  console.log(
    `   start-up with 100 endpoints ÷ with 1: ${startupRatio === undefined ? 'n/a (not all 100 out in time)' : round(startupRatio, 2)} (median of ${ROUNDS} paired rounds)`,
  );
  return {
    method:
      'endpoints for generated friends published through node/endpoint-listeners.ts on a fresh client tor; HS_DESC UPLOAD/UPLOADED events counted on its control port; its liveness check relaxed to 120 s so that a slow control port is measured (controlStallMaxMs: slowest GETINFO version, asked every 250 ms; the daemon kills a tor silent twice for 4 s) rather than killed; start-up = the publishing sync until every endpoint’s first UPLOADED (given ' +
      `${PUBLISH_LIMIT_MS / 1000} s); first publication = until ${SETTLE_MS / 1000} s after that; the testnet window's uploads would be extrapolated to an hour; the live-network estimate is ${LIVE_UPLOADS_PER_PUBLICATION} uploads a publication every 90 min on average (tor re-uploads every 60–120 min); bytes = uploads × descriptor size (HTTP/TLS framing not counted)`,
    table,
    startupRatio100vs1: startupRatio === undefined ? null : round(startupRatio, 3),
  };
}

async function sessionSetup(ada: TorPeer, bob: TorPeer): Promise<Record<string, unknown>> {
  const endpoint = endpointOf(bob, ada)!;
  const clientKey = bob.store.endpoints.get(ada.onion)!.theirs!.clientKey;
  await bob.stop();
  await bob.tor.transport.authoriseClient(endpoint, clientKey);
  const dial = (address: typeof endpoint, key: string): Promise<number> =>
    timeSessionSetup(bob.tor, bob, ada, address, key);
  const firstPublic = await dial(ada.onion, 'warm-public');
  const firstEndpoint = await dial(endpoint, 'warm-endpoint');
  const overPublic: number[] = [];
  const overEndpoint: number[] = [];
  for (let i = 0; i < SESSION_ROUNDS; i++) {
    overPublic.push(await dial(ada.onion, `public-${i}`));
    overEndpoint.push(await dial(endpoint, `endpoint-${i}`));
  }
  const ratio = median(overEndpoint.map((ms, i) => ms / overPublic[i]!));
  console.log(
    `   session set-up: endpoint median ${round(median(overEndpoint), 0)} ms, public address ${round(median(overPublic), 0)} ms → ratio ${round(ratio, 3)} (first, with the descriptor fetch: ${round(firstEndpoint, 0)} vs ${round(firstPublic, 0)} ms)`,
  );
  return {
    method:
      'dial on fresh circuits + Burrow handshake, Bob’s tor holding the client key for Ada’s endpoint; alternating; one unrecorded dial of each first',
    endpointMedianMs: round(median(overEndpoint), 0),
    publicMedianMs: round(median(overPublic), 0),
    ratio: round(ratio, 3),
    firstDialMs: { endpoint: round(firstEndpoint, 0), public: round(firstPublic, 0) },
    samplesMs: { endpoint: overEndpoint.map((v) => round(v, 0)), public: overPublic.map((v) => round(v, 0)) },
  };
}

async function daemonStart(
  testnetDir: string,
  hub: TorPeer,
  friends: readonly TorPeer[],
): Promise<Record<string, unknown>> {
  for (let i = 0; i < friends.length; i += BEFRIEND_BATCH)
    await Promise.all(friends.slice(i, i + BEFRIEND_BATCH).map((friend) => befriendWithEndpoints(hub, friend)));
  console.log(`   ${hub.name} has ${friends.length} friends, endpoints exchanged`);
  const burrow: number[] = [];
  const first: number[] = [];
  const bare: number[] = [];
  const dialer = friends[0]!.tor;
  // As the daemon (runtime/node-runtime.ts): listening does not wait for tor to upload each descriptor.
  hub.waitForPublication = false;
  for (let i = 0; i < ROUNDS; i++) {
    await hub.stop();
    await hub.tor.stop();
    bare.push(await timeBareTor(dialer, testnetDir, `bare-${i}`));
    const started = await timeDaemonStart(hub, friends, testnetDir);
    burrow.push(started.allMs);
    first.push(started.firstMs);
    console.log(
      `   round ${i + 1}: bare tor + one service + one dial ${seconds(bare[i]!)} s; Burrow start to the first friend online ${seconds(first[i]!)} s, to all ${friends.length} ${seconds(burrow[i]!)} s`,
    );
  }
  const ratio = median(burrow.map((ms, i) => ms / bare[i]!));
  const firstRatio = median(first.map((ms, i) => ms / bare[i]!));
  console.log(
    `   daemon start ÷ bare tor publishing one service: to the first friend ${round(firstRatio, 3)}, to all ${friends.length} friends ${round(ratio, 3)} (goal ≤ 1.2: ${firstRatio <= 1.2 ? 'met' : 'NOT met'} for the first friend, ${ratio <= 1.2 ? 'met' : 'NOT met'} for all)`,
  );
  return {
    method: `one Burrow node with ${friends.length} friends (real nodes on two shared tors, endpoints exchanged), listening without waiting for descriptor uploads as the daemon does; each round its tor and node are stopped, then a fresh tor is launched and the node started until it is online with the first and with all of them; baseline: a fresh tor, one ADD_ONION service, one dial to it from a friend's tor (both include launching tor and waiting until it can reach onion services)`,
    friends: friends.length,
    burrowMedianMs: round(median(burrow), 0),
    firstFriendMedianMs: round(median(first), 0),
    bareMedianMs: round(median(bare), 0),
    ratio: round(ratio, 3),
    firstFriendRatio: round(firstRatio, 3),
    goalMet: { firstFriend: firstRatio <= 1.2, allFriends: ratio <= 1.2 },
    samplesMs: {
      burrow: burrow.map((v) => round(v, 0)),
      first: first.map((v) => round(v, 0)),
      bare: bare.map((v) => round(v, 0)),
    },
  };
}

/** `BENCH_ENDPOINTS_PARTS=sessions,start,costs` (all unless set) picks the parts to run. */
const PARTS = (process.env.BENCH_ENDPOINTS_PARTS ?? 'sessions,start,costs').split(',');

/** Runs one part; a part that fails is reported in the results and the others still run. */
async function part(name: string, work: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  if (!PARTS.includes(name)) return { skipped: true };
  try {
    return await work();
  } catch (error) {
    console.error(`   ${name} failed:`, error);
    return { failed: String(error) };
  }
}

const benchmark: Benchmark = {
  description: `private endpoints over Tor: session set-up endpoint ÷ public address, descriptor uploads and bytes for 1/10/100 endpoints, daemon start with ${FRIENDS} friends ÷ a bare tor publishing one service`,
  run: () =>
    withBenchNetwork('endpoints', 4, async (info, [adaTor, bobTor, friendsTorA, friendsTorB]) => {
      const root = await mkdtemp(join(tmpdir(), 'burrow-bench-endpoints-'));
      const peers: TorPeer[] = [];
      try {
        const loadBefore = loadAverage();
        const sessions = await part('sessions', async () => {
          const [ada, bob] = await Promise.all([startPeer(root, 'ada', adaTor!), startPeer(root, 'bob', bobTor!)]);
          peers.push(ada, bob);
          await befriendWithEndpoints(ada, bob);
          const results = await sessionSetup(ada, bob);
          await ada.stop();
          return results;
        });
        const startup = await part('start', async () => {
          const hub = await startPeer(root, 'hub', await launchTestnetTor({ testnetDir: info.dir }));
          peers.push(hub);
          const friends = await Promise.all(
            Array.from({ length: FRIENDS }, (_, i) =>
              startPeer(root, `friend-${i}`, i % 2 === 0 ? friendsTorA! : friendsTorB!),
            ),
          );
          peers.push(...friends);
          return daemonStart(info.dir, hub, friends);
        });
        for (const peer of peers) await peer.stop().catch(() => undefined);
        const loadBeforeCosts = loadAverage();
        const costs = await part('costs', () => endpointCosts(info.dir));
        const loadAfter = loadAverage();
        console.log(`   load average ${loadBefore} → ${loadBeforeCosts} (before the costs) → ${loadAfter}`);
        return {
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays and authorities`,
          sessionSetup: sessions,
          endpointCosts: costs,
          daemonStart: startup,
          loadAverage: { before: loadBefore, beforeCosts: loadBeforeCosts, after: loadAfter },
        };
      } finally {
        for (const peer of peers) await peer.stop().catch(() => undefined);
        const hub = peers.find((peer) => peer.name === 'hub');
        await hub?.tor.stop();
        await rm(root, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
