/**
 * `npm run bench -- soak`: a long run. 20 `burrow daemon`s (BURROW_SOAK_NODES) on a private Tor
 * network, attached four to a shared client tor, friends along a ring plus two hubs, two groups
 * of ten, chatting 1:1 every second, in a group every three seconds and sending a file every
 * minute, for 10 minutes (BURROW_SOAK_MINUTES). Each daemon's resident memory and open file
 * descriptors are read (`burrow ctl health`) after set-up and at the end: the goal is flat.
 * Also reported: the worst event-loop delay p99 of any daemon, and messages lost (goal 0) -
 * every message a daemon acknowledged must be in its recipient's history at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessHealth } from '../src/daemon/process-health.js';
import type { TransferView } from '../src/files/feature/api.js';
import { befriendDaemons, DaemonProfile, groupOfDaemons, torControlFlags } from '../test/shared/daemon-profile.js';
import { untilStep } from './_nodes.js';
import { loadAverage, round, withBenchNetwork } from './_tor-bench.js';
import { percentile, type Benchmark } from './benchmark.js';

const NODES = Number(process.env['BURROW_SOAK_NODES'] ?? 20);
const MINUTES = Number(process.env['BURROW_SOAK_MINUTES'] ?? 10);
const SHARED_TORS = 4;
const FILE_BYTES = 256 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** Runs `work` on `items` at most `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

const benchmark: Benchmark = {
  description: `${NODES} daemons for ${MINUTES} min (chat, groups, files): memory and open files at start ÷ end, event-loop delay, messages lost`,
  run: () =>
    withBenchNetwork('soak', SHARED_TORS, async (_info, tors) => {
      const root = await mkdtemp(join(tmpdir(), 'burrow-bench-soak-'));
      const nodes = Array.from(
        { length: NODES },
        (_, i) => new DaemonProfile(`n${i}`, root, torControlFlags(tors[i % tors.length]!)),
      );
      try {
        const loadBefore = loadAverage();
        await inBatches(nodes, 4, (node) => node.init());
        await inBatches(nodes, 4, (node) => node.start());
        // Friends: a ring, and two hubs (n0 and n(N/2)) with everyone in their half.
        const half = Math.floor(NODES / 2);
        const pairs = new Set<string>();
        const friends = new Map<DaemonProfile, DaemonProfile[]>(nodes.map((node) => [node, []]));
        const link = (i: number, j: number): void => {
          if (i === j || pairs.has(`${Math.min(i, j)}-${Math.max(i, j)}`)) return;
          pairs.add(`${Math.min(i, j)}-${Math.max(i, j)}`);
          friends.get(nodes[i]!)!.push(nodes[j]!);
          friends.get(nodes[j]!)!.push(nodes[i]!);
        };
        for (let i = 0; i < NODES; i++) link(i, (i + 1) % NODES);
        for (let i = 1; i < half; i++) link(0, i);
        for (let i = half + 1; i < NODES; i++) link(half, i);
        const pairList = [...pairs].map((key) => key.split('-').map(Number) as [number, number]);
        await inBatches(pairList, 4, ([i, j]) => befriendDaemons(nodes[i]!, nodes[j]!));
        const groups = [
          { id: await groupOfDaemons(nodes[0]!, nodes.slice(1, half), 'soak A'), members: nodes.slice(0, half) },
          { id: await groupOfDaemons(nodes[half]!, nodes.slice(half + 1), 'soak B'), members: nodes.slice(half) },
        ];
        const setUpAt = Date.now();
        const before = new Map<DaemonProfile, ProcessHealth>();
        for (const node of nodes) before.set(node, await node.call<ProcessHealth>('health'));
        console.log(`   ${NODES} daemons, ${pairs.size} friendships, 2 groups set up; running ${MINUTES} min …`);

        const direct: { from: DaemonProfile; to: DaemonProfile; text: string }[] = [];
        const grouped: { group: (typeof groups)[number]; text: string }[] = [];
        const files: { to: DaemonProfile; id: string }[] = [];
        const deadline = setUpAt + MINUTES * 60_000;
        const downloads = join(root, 'downloads');
        mkdirSync(downloads);
        let failedCalls = 0;
        for (let tick = 0; Date.now() < deadline; tick++) {
          try {
            const from = pick(nodes);
            const to = pick(friends.get(from)!);
            const text = `soak ${tick} ${from.name}→${to.name}`;
            await from.call('send', { onion: to.onion, text });
            direct.push({ from, to, text });
            if (tick % 3 === 0) {
              const group = pick(groups);
              const text = `soak group ${tick}`;
              await pick(group.members).call('group.send', { group: group.id, text });
              grouped.push({ group, text });
            }
            if (tick % 60 === 30) {
              // A new file each time: the same bytes would be the same file (its id is its hash).
              const source = join(root, `file-${tick}.bin`);
              writeFileSync(source, randomBytes(FILE_BYTES));
              const offer = await from.call<TransferView>('file.send', { target: to.onion, path: source });
              files.push({ to, id: offer.id });
            }
            for (const file of files) {
              const transfer = (await file.to.call<TransferView[]>('file.list')).find((t) => t.id === file.id);
              if (transfer?.state === 'offered') await file.to.call('file.accept', { id: file.id, dest: downloads });
            }
          } catch (error) {
            failedCalls += 1;
            if (failedCalls <= 5) console.log(`   a call failed: ${String(error)}`);
          }
          await sleep(1_000);
        }

        // Everything acknowledged arrives.
        const missing = async (): Promise<number> => {
          let count = 0;
          const byConversation = new Map<string, Set<string>>();
          const shown = async (node: DaemonProfile, with_: DaemonProfile): Promise<Set<string>> => {
            const key = `${node.name}|${with_.name}`;
            let texts = byConversation.get(key);
            if (texts === undefined) {
              texts = new Set((await node.texts('history', { onion: with_.onion })).map((line) => line.text!));
              byConversation.set(key, texts);
            }
            return texts;
          };
          for (const message of direct) if (!(await shown(message.to, message.from)).has(message.text)) count += 1;
          for (const group of groups)
            for (const member of group.members) {
              const texts = new Set((await member.texts('group.history', { group: group.id })).map((l) => l.text));
              count += grouped.filter((m) => m.group === group && !texts.has(m.text)).length;
            }
          return count;
        };
        let lost = 0;
        await untilStep(async () => (lost = await missing()) === 0, 'every acknowledged message arrives').catch(
          () => undefined,
        );
        let filesComplete = 0;
        for (const file of files) {
          const transfer = (await file.to.call<TransferView[]>('file.list')).find((t) => t.id === file.id);
          if (transfer?.state === 'complete') filesComplete += 1;
        }

        const after = new Map<DaemonProfile, ProcessHealth>();
        for (const node of nodes) after.set(node, await node.call<ProcessHealth>('health'));
        const perNode = nodes.map((node) => ({
          node: node.name,
          rssStartMB: round(before.get(node)!.rssBytes / 2 ** 20, 1),
          rssEndMB: round(after.get(node)!.rssBytes / 2 ** 20, 1),
          fdsStart: before.get(node)!.openFileDescriptors,
          fdsEnd: after.get(node)!.openFileDescriptors,
          eventLoopP99Ms: after.get(node)!.eventLoopDelayMs?.p99,
        }));
        const rssRatios = perNode.map((n) => n.rssEndMB / n.rssStartMB);
        const fdDeltas = perNode.map((n) => (n.fdsEnd ?? 0) - (n.fdsStart ?? 0));
        const results = {
          nodes: NODES,
          minutes: MINUTES,
          friendships: pairs.size,
          sent: { direct: direct.length, group: grouped.length, files: files.length },
          lost,
          filesComplete,
          failedCalls,
          rssEndOverStart: { median: round(percentile(rssRatios, 50)), max: round(Math.max(...rssRatios)) },
          fdsEndMinusStart: { median: percentile(fdDeltas, 50), max: Math.max(...fdDeltas) },
          worstEventLoopP99Ms: Math.max(...perNode.map((n) => n.eventLoopP99Ms ?? 0)),
          perNode,
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
        console.log(
          `   sent ${direct.length} 1:1, ${grouped.length} group messages and ${files.length} files; lost ${lost}; files complete ${filesComplete}/${files.length}`,
        );
        console.log(
          `   resident memory end ÷ start: median ${results.rssEndOverStart.median}, max ${results.rssEndOverStart.max}; open files end − start: median ${results.fdsEndMinusStart.median}, max ${results.fdsEndMinusStart.max}; worst event-loop p99 ${results.worstEventLoopP99Ms} ms; load ${loadBefore} → ${results.loadAverage.after}`,
        );
        return results;
      } finally {
        await Promise.all(nodes.map((node) => node.stop().catch(() => node.kill())));
        await rm(root, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
