/**
 * `npm run bench -- relay`: offline delivery through a friend on a private Tor network, against
 * a direct session measured in the same run.
 *
 * Three nodes: Ada and Bob share one client tor; Cy, the recipient, comes online on a fresh
 * client tor each round (as a device that was off: its tor bootstraps first). Rounds alternate:
 *
 * - relay: Ada writes to Cy while Cy is away, Bob takes the sealed copy, Ada goes offline; the
 *   clock starts when Cy's tor is ready (bootstrapped, onion services reachable) and stops when
 *   Cy's node shows the message, which only Bob can have handed over;
 * - direct: Bob is away, Ada writes to Cy; from Cy's tor being ready until the direct session
 *   with Ada is up (and, for reference, until the message arrives over it).
 *
 * The ratio is relay delivery ÷ direct session-up, median over rounds, each relay round paired
 * with the direct round after it. Also reported: bytes a holder stores per envelope for a
 * typical chat line (its wire size, which quotas count, and the envelope bytes in the store).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OnionAddress } from '../src/crypto/onion-address.js';
import type { NodeEvent } from '../src/node/api.js';
import type { NodeTiming } from '../src/app/index.js';
import type { TestnetInfo } from '../src/testnet/index.js';
import { befriend } from '../test/shared/befriend.js';
import { launchTestnetTor, type TestTor } from '../test/shared/testnet-tor.js';
import { TorPeer } from '../test/shared/tor-peer.js';
import { loadAverage, round, schedulerOf, withBenchNetwork } from './_tor-bench.js';
import { BENCH_KDF, BENCH_TIMING, BENCH_WAIT, untilStep } from './_nodes.js';
import { percentile, type Benchmark } from './benchmark.js';

/** Relay rounds, each followed by a direct round. */
const ROUNDS = 3;
/** A typical chat line (UTF-8 bytes counted below). */
const LINE = 'On my way to the lake, should be there around six. Bring the blue tent if you can, mine has a hole.';
/** A friend away for a second gets what waits for them sealed. */
const TIMING: Partial<NodeTiming> = { ...BENCH_TIMING, relayGraceMs: 1_000 };

function newPeer(root: string, name: string, tor: TestTor): Promise<TorPeer> {
  return TorPeer.create({ name, dir: join(root, name), tor, kdf: BENCH_KDF, node: { timing: TIMING } });
}

/** When each of `picks` first matched an event of `node`, in performance.now() ms. */
function watch(
  node: TorPeer['node'],
  picks: Record<string, (event: NodeEvent) => boolean>,
): { readonly at: Map<string, number>; stop(): void } {
  const at = new Map<string, number>();
  const unsubscribe = node.subscribe((event) => {
    for (const [name, pick] of Object.entries(picks)) if (!at.has(name) && pick(event)) at.set(name, performance.now());
  });
  return { at, stop: unsubscribe };
}

/**
 * Cy comes online on a fresh tor; returns ms from that tor being ready until each of `picks`
 * (and, for a message already stored when the watch began, until the first check saw it).
 */
async function cyComesOnline(
  info: TestnetInfo,
  cy: TorPeer,
  picks: Record<string, (event: NodeEvent) => boolean>,
  from: OnionAddress,
  text: string,
): Promise<Record<string, number>> {
  cy.tor = await launchTestnetTor({ testnetDir: info.dir });
  const ready = performance.now();
  const node = await cy.start();
  const watched = watch(node, picks);
  try {
    await untilStep(
      async () => {
        if (!watched.at.has('message') && (await node.history(from, { limit: 5 })).some((m) => m.text === text))
          watched.at.set('message', performance.now());
        return Object.keys(picks).every((name) => watched.at.has(name));
      },
      `Cy: ${Object.keys(picks).join(', ')}`,
    );
  } finally {
    watched.stop();
  }
  return Object.fromEntries([...watched.at].map(([name, when]) => [name, when - ready]));
}

/** Cy goes away: node and tor stopped. */
async function cyLeaves(cy: TorPeer): Promise<void> {
  await cy.stop();
  await cy.tor.stop();
}

const benchmark: Benchmark = {
  description: `offline delivery through a friend on a private Tor network: time from the recipient's tor being ready until a relayed message is shown, against a direct session coming up; bytes stored per envelope`,
  run: () =>
    withBenchNetwork('relay', 2, async (info, [shared, first]) => {
      const scheduler = await schedulerOf(shared!);
      const root = await mkdtemp(join(tmpdir(), 'burrow-bench-relay-'));
      const peers: TorPeer[] = [];
      try {
        const loadBefore = loadAverage();
        const ada = await newPeer(root, 'ada', shared!);
        const bob = await newPeer(root, 'bob', shared!);
        const cy = await newPeer(root, 'cy', first!);
        peers.push(ada, bob, cy);
        await befriend(ada, bob, BENCH_WAIT);
        await befriend(bob, cy, BENCH_WAIT);
        await befriend(ada, cy, BENCH_WAIT);
        await cyLeaves(cy);
        await untilStep(async () => !(await ada.isOnlineWith(cy)) && !(await bob.isOnlineWith(cy)), 'Cy gone');

        const relayMs: number[] = [];
        const relaySessionMs: number[] = [];
        const directSessionMs: number[] = [];
        const directMessageMs: number[] = [];
        let stored: { wireBytesPerEnvelope: number; storedEnvelopeBytesPerEnvelope: number } | undefined;
        for (let i = 0; i < ROUNDS; i++) {
          // Relay round: Bob holds the sealed copy, Ada is away when Cy comes.
          const relayText = `${LINE} (relay ${i})`;
          const sent = await ada.node.sendMessage(cy.onion, relayText);
          await untilStep(
            async () =>
              (await ada.node.history(cy.onion, { limit: 5 })).find((m) => m.id === sent.id)?.relay?.state === 'held',
            'Bob holds the sealed copy',
          );
          const held = await bob.node.relay.status();
          stored ??= {
            wireBytesPerEnvelope: held.held.bytes / held.held.envelopes,
            storedEnvelopeBytesPerEnvelope: bob.store.relay.totals().envelopeBytes / held.held.envelopes,
          };
          await ada.stop();
          await untilStep(async () => !(await bob.isOnlineWith(ada)), 'Ada gone');
          const relayed = await cyComesOnline(
            info,
            cy,
            {
              message: (e) => e.type === 'message' && e.message.text === relayText,
              session: (e) => e.type === 'presence' && e.online && e.onion === bob.onion,
            },
            ada.onion,
            relayText,
          );
          relayMs.push(relayed['message']!);
          relaySessionMs.push(relayed['session']!);
          await cyLeaves(cy);
          await ada.start();
          await untilStep(
            async () => (await ada.isOnlineWith(bob)) && !(await bob.isOnlineWith(cy)),
            'Ada back with Bob',
          );

          // Direct round: Bob is away, only the direct session can carry it.
          await bob.stop();
          await untilStep(async () => !(await ada.isOnlineWith(bob)), 'Bob gone');
          const directText = `${LINE} (direct ${i})`;
          await ada.node.sendMessage(cy.onion, directText);
          const direct = await cyComesOnline(
            info,
            cy,
            {
              message: (e) => e.type === 'message' && e.message.text === directText,
              session: (e) => e.type === 'presence' && e.online && e.onion === ada.onion,
            },
            ada.onion,
            directText,
          );
          directSessionMs.push(direct['session']!);
          directMessageMs.push(direct['message']!);
          await cyLeaves(cy);
          await bob.start();
          await untilStep(
            async () => (await ada.isOnlineWith(bob)) && !(await ada.isOnlineWith(cy)),
            'Bob back with Ada',
          );
          console.log(
            `   round ${i + 1}/${ROUNDS}: relayed message ${relayMs.at(-1)!.toFixed(0)} ms (session with Bob ${relaySessionMs.at(-1)!.toFixed(0)} ms) | direct session ${directSessionMs.at(-1)!.toFixed(0)} ms (message ${directMessageMs.at(-1)!.toFixed(0)} ms)`,
          );
        }

        const ratios = relayMs.map((ms, i) => ms / directSessionMs[i]!);
        const ratio = percentile(ratios, 50);
        const lineBytes = Buffer.byteLength(LINE) + ' (relay 0)'.length;
        console.log(
          `   tor scheduler: ${scheduler}; medians of ${ROUNDS} rounds; load average ${loadBefore} → ${loadAverage()}`,
        );
        console.log(
          `   from the recipient's tor ready: relayed message ${percentile(relayMs, 50).toFixed(0)} ms, direct session ${percentile(directSessionMs, 50).toFixed(0)} ms`,
        );
        console.log(`   ratio relay delivery ÷ direct session-up (median of paired rounds): ${ratio.toFixed(2)}`);
        console.log(
          `   a ${lineBytes}-byte chat line: ${stored!.wireBytesPerEnvelope} bytes per envelope held (wire size, counted by quotas), ${stored!.storedEnvelopeBytesPerEnvelope} envelope bytes in the store`,
        );
        return {
          scheduler,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays; sender and holder share one client tor, the recipient gets a fresh one each round`,
          rounds: ROUNDS,
          fromRecipientTorReadyMs: {
            relayedMessage: { median: round(percentile(relayMs, 50), 0), rounds: relayMs.map((ms) => round(ms, 0)) },
            sessionWithHolder: {
              median: round(percentile(relaySessionMs, 50), 0),
              rounds: relaySessionMs.map((ms) => round(ms, 0)),
            },
            directSession: {
              median: round(percentile(directSessionMs, 50), 0),
              rounds: directSessionMs.map((ms) => round(ms, 0)),
            },
            directMessage: {
              median: round(percentile(directMessageMs, 50), 0),
              rounds: directMessageMs.map((ms) => round(ms, 0)),
            },
          },
          ratio: { relayDeliveryOverDirectSession: round(ratio), rounds: ratios.map((r) => round(r)) },
          ratioMethod:
            'median over rounds of relayed-message time ÷ direct-session time, each relay round paired with the direct round after it',
          bytesPerEnvelope: {
            chatLineBytes: lineBytes,
            wire: stored!.wireBytesPerEnvelope,
            storedEnvelope: stored!.storedEnvelopeBytesPerEnvelope,
          },
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
      } finally {
        for (const peer of peers) await peer.stop().catch(() => undefined);
        await Promise.all(peers.map((peer) => peer.tor.stop().catch(() => undefined)));
        await rm(root, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
