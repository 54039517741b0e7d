/**
 * `npm run bench -- feed [--friends=N] [--posts=M]`: how fast a feed fills (docs/PROTOCOL.md
 * "Walls"), on a private Tor network, against a baseline measured in the same run.
 *
 * Ob has N friends (default 50; real Burrow nodes in this process, on three shared client
 * tors, befriended over Tor with endpoints exchanged beforehand) who are not friends of each
 * other. Each round, Ob's node stops, every friend posts M new items (default 20) to their
 * wall, and Ob's node starts again: the time from starting it (its tor already running, as
 * after a suspend) until its feed holds all N × M new posts, through each friend's sync since
 * Ob's high-water mark. Baseline, in the same round: one direct session to one friend — a dial
 * of that friend's endpoint for Ob on fresh circuits plus the Burrow handshake. Ratio: feed
 * complete ÷ one session, medians of the rounds.
 *
 * Bytes stored per post per friend: the ciphertext Ob's profile keeps for the friends' items,
 * divided by the posts, beside the post text's own size.
 *
 * The load average is printed: the relays, the tors and all the nodes share the machine's cores.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TorPeer } from '../test/shared/tor-peer.js';
import { untilStep } from './_nodes.js';
import { befriendWithEndpoints, endpointOf, startPeer, timeSessionSetup } from './_endpoint-sessions.js';
import { loadAverage, round, withBenchNetwork } from './_tor-bench.js';
import { percentile, type Benchmark } from './benchmark.js';

const ROUNDS = 3;
const DEFAULT_FRIENDS = 50;
const DEFAULT_POSTS = 20;
/** Friends befriended at once while setting up. */
const BEFRIEND_BATCH = 5;

const median = (values: readonly number[]): number => percentile(values, 50);

function flag(name: string, fallback: number): number {
  const arg = process.argv.find((candidate) => candidate.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got ${arg}`);
  return value;
}

/** A post of about the size people write: a sentence or two. */
const postText = (round: number, friend: number, post: number): string =>
  `round ${round} · friend ${friend} · post ${post}: ${'the light on the ridge this morning was something else. '.repeat(2)}`;

/** ms from starting `ob` until its feed shows every post of round `round` (`expected` of them). */
async function timeFeed(ob: TorPeer, round: number, expected: number): Promise<number> {
  const began = performance.now();
  await ob.start();
  const tag = `round ${round} ·`;
  await untilStep(async () => {
    const feed = await ob.node.walls.feed({ limit: 2000 });
    return feed.filter((post) => post.text.startsWith(tag)).length >= expected;
  }, `Ob's feed holds all ${expected} posts of round ${round}`);
  return performance.now() - began;
}

const benchmark: Benchmark = {
  description: `a feed filling from ${DEFAULT_FRIENDS} friends' walls (${DEFAULT_POSTS} new posts each) when a node comes online, over Tor ÷ one direct session set-up; bytes stored per post`,
  run: () =>
    withBenchNetwork('feed', 4, async (_info, [obTor, ...friendTors]) => {
      const friendCount = flag('friends', DEFAULT_FRIENDS);
      const posts = flag('posts', DEFAULT_POSTS);
      if (posts * friendCount > 2000) throw new Error('--friends × --posts must be at most 2000 (one feed call)');
      const root = await mkdtemp(join(tmpdir(), 'burrow-bench-feed-'));
      const peers: TorPeer[] = [];
      try {
        const loadBefore = loadAverage();
        const ob = await startPeer(root, 'ob', obTor!);
        peers.push(ob);
        const friends = await Promise.all(
          Array.from({ length: friendCount }, (_, i) =>
            startPeer(root, `friend-${i}`, friendTors[i % friendTors.length]!),
          ),
        );
        peers.push(...friends);
        for (let i = 0; i < friends.length; i += BEFRIEND_BATCH)
          await Promise.all(friends.slice(i, i + BEFRIEND_BATCH).map((friend) => befriendWithEndpoints(ob, friend)));
        console.log(`   Ob has ${friends.length} friends on ${friendTors.length} tors, endpoints exchanged`);
        // As the daemon (runtime/node-runtime.ts): listening does not wait for tor to upload each descriptor.
        ob.waitForPublication = false;
        const probe = friends[0]!;
        const endpoint = endpointOf(ob, probe)!;
        const clientKey = ob.store.endpoints.get(probe.onion)!.theirs!.clientKey;

        const feedMs: number[] = [];
        const sessionMs: number[] = [];
        for (let r = 1; r <= ROUNDS; r++) {
          await ob.stop();
          await ob.tor.transport.authoriseClient(endpoint, clientKey);
          sessionMs.push(await timeSessionSetup(ob.tor, ob, probe, endpoint, `feed-session-${r}`));
          for (const [i, friend] of friends.entries())
            for (let p = 0; p < posts; p++) await friend.node.walls.post(postText(r, i, p));
          feedMs.push(await timeFeed(ob, r, friendCount * posts));
          console.log(
            `   round ${r}: one session ${round(sessionMs.at(-1)! / 1000, 2)} s; feed of ${friendCount * posts} posts complete ${round(feedMs.at(-1)! / 1000, 2)} s after the start`,
          );
        }
        const ratio = median(feedMs.map((ms, i) => ms / sessionMs[i]!));
        const items = ob.store.walls.items().filter((stored) => stored.owner !== ob.onion);
        const storedBytes = items.reduce((sum, stored) => sum + stored.item.ciphertext.length, 0);
        const textBytes = Buffer.byteLength(postText(1, 0, 0));
        const perPost = storedBytes / items.length;
        const loadAfter = loadAverage();
        console.log(
          `   feed complete ÷ one direct session: ${round(ratio, 2)} (feed median ${round(median(feedMs) / 1000, 2)} s, session median ${round(median(sessionMs) / 1000, 2)} s); bytes stored per post per friend: ${round(perPost, 0)} (the text itself ${textBytes}; ${items.length} items)`,
        );
        console.log(`   load average ${loadBefore} → ${loadAfter}`);
        return {
          network: `private Tor network on 127.0.0.1, Ob on its own client tor, ${friendCount} friends on ${friendTors.length} shared client tors`,
          method:
            'each round: Ob stopped; one endpoint dial + handshake to a friend on fresh circuits (baseline); every friend posts; Ob started (tor running, not waiting for descriptor uploads, as the daemon) until its feed holds all the round’s posts',
          friends: friendCount,
          postsPerFriendPerRound: posts,
          feedMedianMs: round(median(feedMs), 0),
          sessionMedianMs: round(median(sessionMs), 0),
          ratio: round(ratio, 3),
          samplesMs: { feed: feedMs.map((v) => round(v, 0)), session: sessionMs.map((v) => round(v, 0)) },
          bytesStoredPerPost: round(perPost, 0),
          postTextBytes: textBytes,
          itemsStored: items.length,
          loadAverage: { before: loadBefore, after: loadAfter },
        };
      } finally {
        for (const peer of peers) await peer.stop().catch(() => undefined);
        await rm(root, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
