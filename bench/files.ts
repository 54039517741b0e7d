/**
 * `npm run bench -- files`: file sharing on a private Tor network, against baselines measured
 * in the same run:
 *
 * - 1:1 throughput: Ada offers a {@link FILE_BYTES} file, Bob accepts; timed from Bob's accept
 *   to his node reporting the file complete (verified, whole-file re-hash, renamed). Baseline:
 *   a raw Tor stream carrying the same number of bytes between the same two tors in the same
 *   direction (tor's own onion service on Bob's tor, dialed from Ada's; no Burrow).
 *   Ratio: Burrow ÷ raw, the median over rounds of each Burrow round paired with the raw round
 *   just before it.
 * - swarm: Ada, Cat and Dan (each behind its own tor) all offer one file to Bob, who downloads
 *   from the three at once. Ratio: three sources ÷ one source (the 1:1 figure of the same round).
 * - chat during a transfer: during a second 1:1 transfer each round, Ada sends Bob a chat
 *   message every {@link CHAT_INTERVAL_MS}; one-way latency (both nodes live in this process,
 *   so one clock serves both), against the same measured on the idle session before, and the
 *   throughput of that transfer beside the plain one.
 *
 * Everything shares the machine's cores with the tor relays: the load average is printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { befriend } from '../test/shared/befriend.js';
import type { TestTor } from '../test/shared/testnet-tor.js';
import { TorPeer } from '../test/shared/tor-peer.js';
import {
  dialRaw,
  loadAverage,
  MB,
  round,
  schedulerOf,
  startRawService,
  step,
  timeTransfer,
  withBenchNetwork,
} from './_tor-bench.js';
import { BENCH_KDF, BENCH_TIMING, BENCH_WAIT, nextEvent } from './_nodes.js';
import { percentile, type Benchmark } from './benchmark.js';

const FILE_BYTES = 50 * MB;
/** Raw, 1:1 and swarm alternate this many times. */
const ROUNDS = 3;
/** Chat messages on the idle session, for the baseline latency. */
const IDLE_CHAT_MESSAGES = 30;
/** How often Ada sends a chat message during a transfer. */
const CHAT_INTERVAL_MS = 250;

function startPeer(dir: string, name: string, tor: TestTor): Promise<TorPeer> {
  const downloads = join(dir, `${name}-downloads`);
  mkdirSync(downloads, { recursive: true });
  const files = {
    downloadFolder: downloads,
    preferences: () => ({ autoAcceptBelowBytes: 0, maxSizeBytes: 1024 * MB }),
  };
  return TorPeer.create({ name, dir: join(dir, name), tor, kdf: BENCH_KDF, node: { files, timing: BENCH_TIMING } });
}

/** A fresh file of random bytes (a new file id each time). */
function makeFile(dir: string, name: string): string {
  const path = join(dir, 'sources', name);
  mkdirSync(join(dir, 'sources'), { recursive: true });
  writeFileSync(path, randomBytes(FILE_BYTES));
  return path;
}

/** Ms spent in `sendMessage` itself (storing the message before it goes out), per message sampled. */
const sendCalls: number[] = [];

/** One-way latency of a chat message from `from` to `to`, in ms. */
async function chatLatency(from: TorPeer, to: TorPeer, text: string): Promise<number> {
  const arrived = nextEvent(to.node, (event) =>
    event.type === 'message' && event.message.text === text ? performance.now() : undefined,
  );
  const started = performance.now();
  await from.node.sendMessage(to.onion, text);
  sendCalls.push(performance.now() - started);
  return (await arrived) - started;
}

/**
 * Every sender offers the file at `path` to Bob; once Bob holds every offer, he accepts. Returns
 * the seconds from the accept to the download complete, and the chat latencies sampled meanwhile.
 */
async function download(
  senders: readonly TorPeer[],
  bob: TorPeer,
  path: string,
  chatFrom: TorPeer | undefined,
): Promise<{ seconds: number; chat: number[] }> {
  const offers = new Map<string, Set<string>>();
  const allOffered = nextEvent(bob.node, (event) => {
    if (event.type !== 'transfer' || event.transfer.direction !== 'in' || event.transfer.state !== 'offered')
      return undefined;
    const by = new Set(event.transfer.offeredBy ?? []);
    offers.set(event.transfer.id, by);
    return senders.every((sender) => by.has(sender.onion)) ? event.transfer.id : undefined;
  });
  for (const sender of senders) await sender.node.files.send(bob.onion, path);
  const id = await step('offers reach bob', undefined, allOffered);
  const complete = nextEvent(bob.node, (event) =>
    event.type === 'transfer' && event.transfer.id === id && event.transfer.state === 'complete'
      ? performance.now()
      : undefined,
  );
  const started = performance.now();
  await bob.node.files.accept(id);
  if (chatFrom !== undefined) loopDelay.enable();
  const chat: number[] = [];
  let done = false;
  const sampling = (async () => {
    for (let n = 0; chatFrom !== undefined && !done; n++) {
      chat.push(await chatLatency(chatFrom, bob, `during the transfer ${id.slice(0, 8)} #${n}`));
      await new Promise((resolve) => setTimeout(resolve, CHAT_INTERVAL_MS));
    }
  })();
  const finished = await step('the download', undefined, complete);
  done = true;
  await sampling;
  loopDelay.disable();
  return { seconds: (finished - started) / 1000, chat };
}

const mbps = (seconds: number): number => FILE_BYTES / MB / seconds;

/**
 * The event loop's delay during the transfers with chat: every node of this benchmark lives in
 * this one process, so a loop blocked by one node's work (a synchronous database write, hashing)
 * delays a chat message as much as a queue in Tor would.
 */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

const benchmark: Benchmark = {
  description: `file sharing over Tor: a ${FILE_BYTES / MB} MB file 1:1 vs a raw Tor stream, from three friends vs from one, and chat latency during a transfer`,
  run: () =>
    withBenchNetwork('files', 4, async (info, [bobTor, adaTor, catTor, danTor]) => {
      const dir = await mkdtemp(join(tmpdir(), 'burrow-bench-files-'));
      const peers: TorPeer[] = [];
      const raw = await startRawService(bobTor!);
      try {
        const schedulers = await schedulerOf(adaTor!);
        const [bob, ada, cat, dan] = await Promise.all([
          startPeer(dir, 'bob', bobTor!),
          startPeer(dir, 'ada', adaTor!),
          startPeer(dir, 'cat', catTor!),
          startPeer(dir, 'dan', danTor!),
        ]);
        peers.push(bob, ada, cat, dan);
        await Promise.all([
          befriend(ada, bob, BENCH_WAIT),
          befriend(cat, bob, BENCH_WAIT),
          befriend(dan, bob, BENCH_WAIT),
        ]);
        const loadBefore = loadAverage();

        const idleChat: number[] = [];
        for (let i = 0; i < IDLE_CHAT_MESSAGES; i++) idleChat.push(await chatLatency(ada, bob, `idle #${i}`));
        const idleSendCalls = sendCalls.splice(0);

        const block = randomBytes(MB);
        const rounds: { rawMBps: number; oneMBps: number; oneWithChatMBps: number; threeMBps: number }[] = [];
        const busyChat: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          const stream = await step('raw: dial', undefined, dialRaw(adaTor!, raw.address, `raw-${i}`));
          let rawSeconds: number;
          try {
            rawSeconds = await step('raw: transfer', stream, timeTransfer(stream, block, FILE_BYTES));
          } finally {
            stream.destroy();
          }
          const one = await download([ada], bob, makeFile(dir, `one-${i}.bin`), undefined);
          const three = await download([ada, cat, dan], bob, makeFile(dir, `three-${i}.bin`), undefined);
          const withChat = await download([ada], bob, makeFile(dir, `chat-${i}.bin`), ada);
          busyChat.push(...withChat.chat);
          rounds.push({
            rawMBps: mbps(rawSeconds),
            oneMBps: mbps(one.seconds),
            oneWithChatMBps: mbps(withChat.seconds),
            threeMBps: mbps(three.seconds),
          });
          const last = rounds.at(-1)!;
          console.log(
            `   round ${i + 1}/${ROUNDS}: raw ${last.rawMBps.toFixed(2)} MB/s | 1:1 ${last.oneMBps.toFixed(2)} MB/s | 3 sources ${last.threeMBps.toFixed(2)} MB/s | 1:1 with chat ${last.oneWithChatMBps.toFixed(2)} MB/s, chat median ${percentile(withChat.chat, 50).toFixed(1)} ms`,
          );
        }

        const median = (pick: (r: (typeof rounds)[number]) => number): number => percentile(rounds.map(pick), 50);
        const ratio = {
          oneToOneVsRaw: median((r) => r.oneMBps / r.rawMBps),
          threeSourcesVsOne: median((r) => r.threeMBps / r.oneMBps),
          chatMedianBusyVsIdle: percentile(busyChat, 50) / percentile(idleChat, 50),
        };
        const chat = {
          idle: {
            messages: idleChat.length,
            medianMs: round(percentile(idleChat, 50), 1),
            p90Ms: round(percentile(idleChat, 90), 1),
          },
          duringTransfer: {
            messages: busyChat.length,
            medianMs: round(percentile(busyChat, 50), 1),
            p90Ms: round(percentile(busyChat, 90), 1),
            p99Ms: round(percentile(busyChat, 99), 1),
            maxMs: round(Math.max(...busyChat), 1),
          },
          sendMessageCallMs: {
            idleMedian: round(percentile(idleSendCalls, 50), 1),
            duringTransferMedian: round(percentile(sendCalls, 50), 1),
          },
          eventLoopDelayDuringTransferMs: {
            median: round(loopDelay.percentile(50) / 1e6, 1),
            p99: round(loopDelay.percentile(99) / 1e6, 1),
            max: round(loopDelay.max / 1e6, 1),
          },
        };
        console.log(
          `   tor scheduler: ${schedulers}; 1 MB = 2^20 bytes; medians of ${ROUNDS} rounds; load average ${loadBefore} → ${loadAverage()}`,
        );
        console.log(
          `   raw Tor stream ${median((r) => r.rawMBps).toFixed(2)} MB/s; Burrow 1:1 ${median((r) => r.oneMBps).toFixed(2)} MB/s (${median((r) => r.oneWithChatMBps).toFixed(2)} with chat); from three friends ${median((r) => r.threeMBps).toFixed(2)} MB/s`,
        );
        console.log(
          `   chat one-way latency: idle median ${chat.idle.medianMs} ms (p90 ${chat.idle.p90Ms}); during a transfer median ${chat.duringTransfer.medianMs} ms (p90 ${chat.duringTransfer.p90Ms}, p99 ${chat.duringTransfer.p99Ms}, max ${chat.duringTransfer.maxMs})`,
        );
        console.log(
          `   of which in sendMessage (storing it): idle median ${chat.sendMessageCallMs.idleMedian} ms, during a transfer ${chat.sendMessageCallMs.duringTransferMedian} ms; this process's event-loop delay during the transfers with chat: median ${chat.eventLoopDelayDuringTransferMs.median} ms, p99 ${chat.eventLoopDelayDuringTransferMs.p99}, max ${chat.eventLoopDelayDuringTransferMs.max}`,
        );
        console.log(
          `   ratio Burrow 1:1 ÷ raw ${ratio.oneToOneVsRaw.toFixed(3)}; three sources ÷ one ${ratio.threeSourcesVsOne.toFixed(3)}; chat latency busy ÷ idle ${ratio.chatMedianBusyVsIdle.toFixed(2)}`,
        );
        return {
          scheduler: schedulers,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays, four client tors (Bob's, Ada's, Cat's, Dan's)`,
          fileBytes: FILE_BYTES,
          rounds: ROUNDS,
          throughputMBps: {
            raw: round(median((r) => r.rawMBps)),
            oneToOne: round(median((r) => r.oneMBps)),
            threeSources: round(median((r) => r.threeMBps)),
            oneToOneWithChat: round(median((r) => r.oneWithChatMBps)),
            rounds: rounds.map((r) => ({
              raw: round(r.rawMBps),
              oneToOne: round(r.oneMBps),
              threeSources: round(r.threeMBps),
              oneToOneWithChat: round(r.oneWithChatMBps),
            })),
          },
          chat,
          ratio: {
            oneToOneVsRaw: round(ratio.oneToOneVsRaw),
            threeSourcesVsOne: round(ratio.threeSourcesVsOne),
            chatMedianBusyVsIdle: round(ratio.chatMedianBusyVsIdle),
          },
          ratioMethod:
            'median over rounds of each round’s ratio (raw, 1:1, three-source and 1:1-with-chat transfers alternate); Burrow timed from accept to the verified file renamed',
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
