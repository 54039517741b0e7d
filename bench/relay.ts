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
import { BurrowNode } from '../src/node/index.js';
import type { NodeTiming } from '../src/node/node-timing.js';
import { createProfile, openProfile, type ProfileStore } from '../src/store/index.js';
import type { TestnetInfo } from '../src/testnet/index.js';
import { TorTransport } from '../src/transport/tor/tor-transport.js';
import { launchTestnetTor, type TestTor } from '../test/shared/testnet-tor.js';
import { loadAverage, round, schedulerOf, STEP_TIMEOUT_MS, withBenchNetwork } from './_tor-bench.js';
import { BENCH_KDF } from './_nodes.js';
import { percentile, type Benchmark } from './benchmark.js';

/** Relay rounds, each followed by a direct round. */
const ROUNDS = 3;
/** A typical chat line (UTF-8 bytes counted below). */
const LINE = 'On my way to the lake, should be there around six. Bring the blue tent if you can, mine has a hole.';
const PASSPHRASE = 'bench passphrase';
/** Redials within seconds; a friend away for a second gets what waits for them sealed. */
const TIMING: Partial<NodeTiming> = { reconnectBaseDelayMs: 300, reconnectMaxDelayMs: 2_000, relayGraceMs: 1_000 };

interface Peer {
  readonly name: string;
  readonly dir: string;
  onion: OnionAddress;
  tor: TestTor;
  store: ProfileStore | undefined;
  transport: TorTransport | undefined;
  node: BurrowNode | undefined;
}

function running(peer: Peer): BurrowNode {
  if (peer.node === undefined) throw new Error(`${peer.name} is not running`);
  return peer.node;
}

async function start(peer: Peer): Promise<BurrowNode> {
  peer.store = await openProfile(peer.dir, PASSPHRASE);
  peer.transport = new TorTransport({ tor: peer.tor.tor, waitForPublication: true });
  peer.node = await BurrowNode.start({ store: peer.store, transport: peer.transport, timing: TIMING });
  return peer.node;
}

async function stop(peer: Peer): Promise<void> {
  await peer.node?.stop();
  await peer.transport?.close();
  peer.store?.close();
  peer.node = undefined;
  peer.transport = undefined;
  peer.store = undefined;
}

async function newPeer(root: string, name: string, tor: TestTor): Promise<Peer> {
  const dir = join(root, name);
  const store = await createProfile(dir, PASSPHRASE, { displayName: name, kdf: BENCH_KDF });
  const onion = store.identity.get().keyPair.onionAddress;
  store.close();
  const peer: Peer = { name, dir, onion, tor, store: undefined, transport: undefined, node: undefined };
  await start(peer);
  return peer;
}

/** Polls `condition` every 50 ms until it holds, or fails after the step timeout. */
async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${STEP_TIMEOUT_MS / 1000} s waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const onlineWith = async (peer: Peer, friend: Peer): Promise<boolean> => (await running(peer).contacts()).some((c) => c.onion === friend.onion && c.online);

async function befriend(a: Peer, b: Peer): Promise<void> {
  await running(a).addContact(b.onion, 'benchmark');
  await until(async () => (await running(b).requests()).some((c) => c.onion === a.onion), 'a contact request');
  await running(b).acceptContact(a.onion);
  await until(async () => (await onlineWith(a, b)) && (await onlineWith(b, a)), 'friends online');
}

/** When each of `picks` first matched an event of `node`, in performance.now() ms. */
function watch(node: BurrowNode, picks: Record<string, (event: NodeEvent) => boolean>): { readonly at: Map<string, number>; stop(): void } {
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
async function cyComesOnline(info: TestnetInfo, cy: Peer, picks: Record<string, (event: NodeEvent) => boolean>, from: OnionAddress, text: string): Promise<Record<string, number>> {
  cy.tor = await launchTestnetTor({ testnetDir: info.dir });
  const ready = performance.now();
  const node = await start(cy);
  const watched = watch(node, picks);
  try {
    await until(async () => {
      if (!watched.at.has('message') && (await node.history(from, { limit: 5 })).some((m) => m.text === text)) watched.at.set('message', performance.now());
      return Object.keys(picks).every((name) => watched.at.has(name));
    }, `Cy: ${Object.keys(picks).join(', ')}`);
  } finally {
    watched.stop();
  }
  return Object.fromEntries([...watched.at].map(([name, when]) => [name, when - ready]));
}

/** Cy goes away: node and tor stopped. */
async function cyLeaves(cy: Peer): Promise<void> {
  await stop(cy);
  await cy.tor.stop();
}

const benchmark: Benchmark = {
  description: `offline delivery through a friend on a private Tor network: time from the recipient's tor being ready until a relayed message is shown, against a direct session coming up; bytes stored per envelope`,
  run: () =>
    withBenchNetwork('relay', 2, async (info, [shared, first]) => {
      const scheduler = await schedulerOf(shared!);
      const root = await mkdtemp(join(tmpdir(), 'burrow-bench-relay-'));
      const peers: Peer[] = [];
      try {
        const loadBefore = loadAverage();
        const ada = await newPeer(root, 'ada', shared!);
        const bob = await newPeer(root, 'bob', shared!);
        const cy = await newPeer(root, 'cy', first!);
        peers.push(ada, bob, cy);
        await befriend(ada, bob);
        await befriend(bob, cy);
        await befriend(ada, cy);
        await cyLeaves(cy);
        await until(async () => !(await onlineWith(ada, cy)) && !(await onlineWith(bob, cy)), 'Cy gone');

        const relayMs: number[] = [];
        const relaySessionMs: number[] = [];
        const directSessionMs: number[] = [];
        const directMessageMs: number[] = [];
        let stored: { wireBytesPerEnvelope: number; storedEnvelopeBytesPerEnvelope: number } | undefined;
        for (let i = 0; i < ROUNDS; i++) {
          // Relay round: Bob holds the sealed copy, Ada is away when Cy comes.
          const relayText = `${LINE} (relay ${i})`;
          const sent = await running(ada).sendMessage(cy.onion, relayText);
          await until(async () => (await running(ada).history(cy.onion, { limit: 5 })).find((m) => m.id === sent.id)?.relay?.state === 'held', 'Bob holds the sealed copy');
          const held = await running(bob).relay.status();
          stored ??= { wireBytesPerEnvelope: held.held.bytes / held.held.envelopes, storedEnvelopeBytesPerEnvelope: bob.store!.relay.totals().envelopeBytes / held.held.envelopes };
          await stop(ada);
          await until(async () => !(await onlineWith(bob, ada)), 'Ada gone');
          const relayed = await cyComesOnline(info, cy, { message: (e) => e.type === 'message' && e.message.text === relayText, session: (e) => e.type === 'presence' && e.online && e.onion === bob.onion }, ada.onion, relayText);
          relayMs.push(relayed['message']!);
          relaySessionMs.push(relayed['session']!);
          await cyLeaves(cy);
          await start(ada);
          await until(async () => (await onlineWith(ada, bob)) && !(await onlineWith(bob, cy)), 'Ada back with Bob');

          // Direct round: Bob is away, only the direct session can carry it.
          await stop(bob);
          await until(async () => !(await onlineWith(ada, bob)), 'Bob gone');
          const directText = `${LINE} (direct ${i})`;
          await running(ada).sendMessage(cy.onion, directText);
          const direct = await cyComesOnline(info, cy, { message: (e) => e.type === 'message' && e.message.text === directText, session: (e) => e.type === 'presence' && e.online && e.onion === ada.onion }, ada.onion, directText);
          directSessionMs.push(direct['session']!);
          directMessageMs.push(direct['message']!);
          await cyLeaves(cy);
          await start(bob);
          await until(async () => (await onlineWith(ada, bob)) && !(await onlineWith(ada, cy)), 'Bob back with Ada');
          console.log(
            `   round ${i + 1}/${ROUNDS}: relayed message ${relayMs.at(-1)!.toFixed(0)} ms (session with Bob ${relaySessionMs.at(-1)!.toFixed(0)} ms) | direct session ${directSessionMs.at(-1)!.toFixed(0)} ms (message ${directMessageMs.at(-1)!.toFixed(0)} ms)`,
          );
        }

        const ratios = relayMs.map((ms, i) => ms / directSessionMs[i]!);
        const ratio = percentile(ratios, 50);
        const lineBytes = Buffer.byteLength(LINE) + ' (relay 0)'.length;
        console.log(`   tor scheduler: ${scheduler}; medians of ${ROUNDS} rounds; load average ${loadBefore} → ${loadAverage()}`);
        console.log(`   from the recipient's tor ready: relayed message ${percentile(relayMs, 50).toFixed(0)} ms, direct session ${percentile(directSessionMs, 50).toFixed(0)} ms`);
        console.log(`   ratio relay delivery ÷ direct session-up (median of paired rounds): ${ratio.toFixed(2)}`);
        console.log(`   a ${lineBytes}-byte chat line: ${stored!.wireBytesPerEnvelope} bytes per envelope held (wire size, counted by quotas), ${stored!.storedEnvelopeBytesPerEnvelope} envelope bytes in the store`);
        return {
          scheduler,
          network: `private Tor network on 127.0.0.1, ${info.nodes.length} relays; sender and holder share one client tor, the recipient gets a fresh one each round`,
          rounds: ROUNDS,
          fromRecipientTorReadyMs: {
            relayedMessage: { median: round(percentile(relayMs, 50), 0), rounds: relayMs.map((ms) => round(ms, 0)) },
            sessionWithHolder: { median: round(percentile(relaySessionMs, 50), 0), rounds: relaySessionMs.map((ms) => round(ms, 0)) },
            directSession: { median: round(percentile(directSessionMs, 50), 0), rounds: directSessionMs.map((ms) => round(ms, 0)) },
            directMessage: { median: round(percentile(directMessageMs, 50), 0), rounds: directMessageMs.map((ms) => round(ms, 0)) },
          },
          ratio: { relayDeliveryOverDirectSession: round(ratio), rounds: ratios.map((r) => round(r)) },
          ratioMethod: 'median over rounds of relayed-message time ÷ direct-session time, each relay round paired with the direct round after it',
          bytesPerEnvelope: { chatLineBytes: lineBytes, wire: stored!.wireBytesPerEnvelope, storedEnvelope: stored!.storedEnvelopeBytesPerEnvelope },
          loadAverage: { before: loadBefore, after: loadAverage() },
        };
      } finally {
        for (const peer of peers) await stop(peer).catch(() => undefined);
        await Promise.all(peers.map((peer) => peer.tor.stop().catch(() => undefined)));
        await rm(root, { recursive: true, force: true });
      }
    }),
};

export default benchmark;
