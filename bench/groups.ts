/**
 * `npm run bench -- groups`: how long a group message takes to reach all 30 online members of
 * a group whose friend graph is sparse, against the one-hop latency measured in the same run
 *, on a private Tor network started for the occasion.
 *
 * Thirty Burrow nodes share {@link TORS} client tors (each node publishes its own onion
 * service). Their friendships form a random tree plus {@link EXTRA_EDGES} extra links (seeded,
 * so every run builds the same graph): most members are not friends, and a message crosses
 * several friend links, each member forwarding what is new to it (src/groups/forwarding.ts).
 *
 * Each round, one member (a different one each time) posts; the clock stops when the last of
 * the other 29 shows the message. Then, as the baseline, a 1:1 chat message between two friends
 * (one hop over an open session). The ratio is the median of group-reach ÷ one-hop over the
 * rounds, each group round paired with the one-hop round after it. Also reported: the median
 * time to the sender's direct friends (the group's own first hop) and how many friend links
 * separate the sender from the farthest member.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NodeEvent } from '../src/node/api.js';
import type { NodeTiming } from '../src/app/index.js';
import { befriend } from '../test/shared/befriend.js';
import { prng } from '../test/shared/prng.js';
import type { TestTor } from '../test/shared/testnet-tor.js';
import { TorPeer } from '../test/shared/tor-peer.js';
import { loadAverage, round, schedulerOf, withBenchNetwork } from './_tor-bench.js';
import { BENCH_KDF, BENCH_WAIT, untilStep } from './_nodes.js';
import { percentile, type Benchmark } from './benchmark.js';

const MEMBERS = 30;
const TORS = 3;
/** Links beyond the spanning tree: the graph stays sparse (31 links among 30 nodes where a full graph has 435). */
const EXTRA_EDGES = 2;
const ROUNDS = 12;
const GRAPH_SEED = 0x6275_7272;
const TIMING: Partial<NodeTiming> = { reconnectBaseDelayMs: 300, reconnectMaxDelayMs: 3_000 };
/** Nodes started (onion services published) at once. */
const START_BATCH = 10;

/** A member's node, and when each message id (group entry or chat message text) arrived, performance.now() ms. */
type Member = TorPeer & { readonly index: number; readonly arrivals: Map<string, number> };

/** A random tree over `size` nodes (each node's parent comes before it) plus `extra` other links. */
function sparseGraph(
  size: number,
  extra: number,
  random: () => number,
): { parent: number[]; edges: [number, number][] } {
  const parent = [-1];
  const edges: [number, number][] = [];
  const key = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);
  const seen = new Set<string>();
  for (let node = 1; node < size; node++) {
    const up = Math.floor(random() * node);
    parent.push(up);
    edges.push([up, node]);
    seen.add(key(up, node));
  }
  while (edges.length < size - 1 + extra) {
    const a = Math.floor(random() * size);
    const b = Math.floor(random() * size);
    if (a === b || seen.has(key(a, b))) continue;
    seen.add(key(a, b));
    edges.push([a, b]);
  }
  return { parent, edges };
}

/** Friend links from `from` to the farthest node. */
function eccentricity(from: number, edges: readonly (readonly [number, number])[], size: number): number {
  const distance = new Array<number>(size).fill(-1);
  distance[from] = 0;
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const [a, b] of edges) {
      const next = a === node ? b : b === node ? a : -1;
      if (next >= 0 && distance[next] === -1) {
        distance[next] = distance[node]! + 1;
        queue.push(next);
      }
    }
  }
  return Math.max(...distance);
}

async function startMember(workDir: string, tor: TestTor, index: number): Promise<Member> {
  const name = `member${index}`;
  const peer = await TorPeer.create({ name, dir: join(workDir, name), tor, kdf: BENCH_KDF, node: { timing: TIMING } });
  const arrivals = new Map<string, number>();
  peer.node.subscribe((event: NodeEvent) => {
    if (event.type === 'group-entry') arrivals.set(event.entry.id, performance.now());
    else if (event.type === 'message' && event.message.direction === 'in')
      arrivals.set(event.message.text, performance.now());
  });
  return Object.assign(peer, { index, arrivals });
}

const isMember = async (member: Member, groupId: string, size?: number): Promise<boolean> => {
  const group = (await member.node.groups.list()).find((candidate) => candidate.id === groupId);
  return group?.isMember === true && (size === undefined || group.members.length === size);
};

/** Builds the group along the tree, level by level: each parent invites its children and promotes those with children of their own. */
async function formGroup(members: readonly Member[], parent: readonly number[]): Promise<string> {
  const { id: groupId } = await members[0]!.node.groups.create('bench');
  const depth = (node: number): number => (node === 0 ? 0 : 1 + depth(parent[node]!));
  const hasChildren = new Set(parent.filter((up) => up >= 0));
  const levels = Math.max(...members.map((member) => depth(member.index)));
  for (let level = 1; level <= levels; level++) {
    await Promise.all(
      members
        .filter((member) => depth(member.index) === level)
        .map(async (child) => {
          const inviter = members[parent[child.index]!]!;
          await inviter.node.groups.invite(groupId, child.onion);
          await untilStep(
            async () => (await child.node.groups.invitations()).some((invite) => invite.groupId === groupId),
            `${child.name} is invited`,
          );
          const invite = (await child.node.groups.invitations()).find((candidate) => candidate.groupId === groupId)!;
          await child.node.groups.accept(invite.id);
          await untilStep(() => isMember(child, groupId), `${child.name} joins`);
          if (hasChildren.has(child.index)) {
            await inviter.node.groups.addAdmin(groupId, child.onion);
            await untilStep(
              async () => (await child.node.groups.list()).find((group) => group.id === groupId)?.isAdmin === true,
              `${child.name} is admin`,
            );
          }
        }),
    );
  }
  for (const member of members)
    await untilStep(
      () => isMember(member, groupId, members.length),
      `${member.name} knows all ${members.length} members`,
    );
  return groupId;
}

interface GroupRound {
  readonly sender: number;
  readonly hopsToFarthest: number;
  /** Until the last of the others shows it. */
  readonly allMs: number;
  /** Until the last of the sender's direct friends shows it. */
  readonly firstHopMs: number;
}

async function groupRound(
  members: readonly Member[],
  groupId: string,
  sender: number,
  edges: readonly (readonly [number, number])[],
): Promise<GroupRound> {
  const from = members[sender]!;
  const started = performance.now();
  const message = await from.node.groups.send(groupId, `round from ${from.name} at ${Date.now()}`);
  const others = members.filter((member) => member !== from);
  await untilStep(
    () => others.every((member) => member.arrivals.has(message.id)),
    `every member shows the message of ${from.name}`,
  );
  const friends = new Set(edges.flatMap(([a, b]) => (a === sender ? [b] : b === sender ? [a] : [])));
  const times = others.map((member) => member.arrivals.get(message.id)! - started);
  const friendTimes = others
    .filter((member) => friends.has(member.index))
    .map((member) => member.arrivals.get(message.id)! - started);
  return {
    sender,
    hopsToFarthest: eccentricity(sender, edges, members.length),
    allMs: Math.max(...times),
    firstHopMs: Math.max(...friendTimes),
  };
}

async function oneHopRound(a: Member, b: Member): Promise<number> {
  const text = `one hop ${a.name} to ${b.name} at ${performance.now()}`;
  const started = performance.now();
  await a.node.sendMessage(b.onion, text);
  await untilStep(() => b.arrivals.has(text), `${b.name} gets ${a.name}'s chat message`);
  return b.arrivals.get(text)! - started;
}

const benchmark: Benchmark = {
  description: `time for a group message to reach all ${MEMBERS} online members over a sparse friend graph (${MEMBERS - 1 + EXTRA_EDGES} friendships), vs one-hop 1:1 latency, on a private Tor network`,
  run: () =>
    withBenchNetwork('groups', TORS, async (info, tors) => {
      const workDir = await mkdtemp(join(tmpdir(), 'burrow-bench-groups-'));
      const members: Member[] = [];
      try {
        const scheduler = await schedulerOf(tors[0]!);
        const setupStarted = performance.now();
        for (let first = 0; first < MEMBERS; first += START_BATCH) {
          const batch = Array.from({ length: Math.min(START_BATCH, MEMBERS - first) }, (_, offset) => first + offset);
          const started = await Promise.allSettled(
            batch.map((index) => startMember(workDir, tors[index % TORS]!, index)),
          );
          for (const result of started) if (result.status === 'fulfilled') members.push(result.value);
          for (const result of started) if (result.status === 'rejected') throw result.reason;
        }
        console.log(
          `   ${MEMBERS} nodes on ${TORS} client tors up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
        );
        const { parent, edges } = sparseGraph(MEMBERS, EXTRA_EDGES, prng(GRAPH_SEED).next);
        await Promise.all(edges.map(([a, b]) => befriend(members[a]!, members[b]!, BENCH_WAIT)));
        console.log(
          `   ${edges.length} friendships made; ${((performance.now() - setupStarted) / 1000).toFixed(1)} s so far`,
        );
        const groupId = await formGroup(members, parent);
        console.log(
          `   group of ${MEMBERS} formed; setup took ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
        );

        const loadBefore = loadAverage();
        const groupRounds: GroupRound[] = [];
        const oneHops: number[] = [];
        for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
          const sender = (roundIndex * 11 + 3) % MEMBERS;
          groupRounds.push(await groupRound(members, groupId, sender, edges));
          const [a, b] = edges[(roundIndex * 5) % edges.length]!;
          oneHops.push(await oneHopRound(members[a]!, members[b]!));
          const last = groupRounds.at(-1)!;
          console.log(
            `   round ${roundIndex + 1}/${ROUNDS}: from member${sender} (${last.hopsToFarthest} links to the farthest) all ${MEMBERS - 1} in ${last.allMs.toFixed(0)} ms, its friends in ${last.firstHopMs.toFixed(0)} ms | one hop ${oneHops.at(-1)!.toFixed(0)} ms`,
          );
        }

        const ratios = groupRounds.map((groupRound, index) => groupRound.allMs / oneHops[index]!);
        const all = groupRounds.map((groupRound) => groupRound.allMs);
        const firstHop = groupRounds.map((groupRound) => groupRound.firstHopMs);
        const ratio = percentile(ratios, 50);
        console.log(`   tor scheduler: ${scheduler}; ${ROUNDS} rounds; load average ${loadBefore} → ${loadAverage()}`);
        console.log(
          `   reach all ${MEMBERS - 1}: median ${percentile(all, 50).toFixed(0)} ms, p90 ${percentile(all, 90).toFixed(0)} ms; sender's friends: median ${percentile(firstHop, 50).toFixed(0)} ms`,
        );
        console.log(`   one hop (1:1 chat between friends): median ${percentile(oneHops, 50).toFixed(0)} ms`);
        console.log(`   ratio reach-all ÷ one-hop (median of paired rounds): ${ratio.toFixed(2)}`);
        return {
          scheduler,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays, ${TORS} client tors shared by ${MEMBERS} nodes`,
          members: MEMBERS,
          friendships: edges.length,
          graph: { kind: 'seeded random tree plus extra links', seed: GRAPH_SEED, extraEdges: EXTRA_EDGES },
          rounds: ROUNDS,
          reachAllMs: {
            median: round(percentile(all, 50), 1),
            p90: round(percentile(all, 90), 1),
            rounds: all.map((value) => round(value, 1)),
          },
          senderFriendsMs: {
            median: round(percentile(firstHop, 50), 1),
            rounds: firstHop.map((value) => round(value, 1)),
          },
          oneHopMs: { median: round(percentile(oneHops, 50), 1), rounds: oneHops.map((value) => round(value, 1)) },
          hopsToFarthest: groupRounds.map((groupRound) => groupRound.hopsToFarthest),
          ratio: round(ratio, 2),
          ratioMethod:
            'median over rounds of reach-all ÷ one-hop, each group round paired with the one-hop round after it',
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
      } finally {
        for (const member of members) await member.stop().catch(() => undefined);
        await rm(workDir, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
