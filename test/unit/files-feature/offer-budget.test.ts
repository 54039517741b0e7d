/**
 * A friend floods file offers (docs/PROTOCOL.md "Budgets"): each offer would store a manifest
 * and wait for the user. Past the friend's budget offers are dropped unanswered, the user is
 * told, and an honest friend's dropped offer comes again on a later session.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { manifestRootHash } from '../../../src/files/manifest.js';
import type { OfferBudgetLimits } from '../../../src/files/offer-budget.js';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import type { FileMessage } from '../../../src/protocol/files/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId, HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { ASK_ALWAYS, filesNode, sourceFile, untilIncoming, type FilesNode } from './helpers.js';

afterEach(tearDownNodes);

/** Bob (who asks about every offer), and a raw client speaking as his friend Eve. */
async function bobAndFlooder(offerBudget?: OfferBudgetLimits): Promise<{ bob: FilesNode; eve: HostilePeer }> {
  const network = new MemoryNetwork();
  const bob = await filesNode(network, 'bob', {
    preferences: () => ASK_ALWAYS,
    ...(offerBudget === undefined ? {} : { offerBudget }),
  });
  const eveNode = await filesNode(network, 'eve');
  await befriend(eveNode, bob);
  const identity = eveNode.store.identity.get().keyPair;
  await eveNode.shutdown();
  const eve = await HostilePeer.dial(network, bob.onion, identity);
  await eve.greetAsFriend('eve');
  return { bob, eve };
}

/** A well-formed offer of a made-up file of `chunks` chunks. */
function offer(index: number, chunks = 1): FileMessage & { kind: 'file-offer' } {
  const header = { name: `junk-${index}.bin`, size: chunks * DEFAULT_CHUNK_SIZE, chunkSize: DEFAULT_CHUNK_SIZE };
  const firstHashes = new Uint8Array(randomBytes(chunks * 32));
  return {
    kind: 'file-offer',
    scope: { kind: 'direct' },
    fileId: manifestRootHash(header, firstHashes),
    header,
    firstHashes,
  };
}

/** Waits until Bob has read everything Eve sent so far (he answers a ping after what came before it). */
async function drained(eve: HostilePeer): Promise<void> {
  const id = envelopeId();
  await eve.send({ kind: 'ping', id });
  await until(
    () => eve.core('pong').some((pong) => Buffer.from(pong.pingId).equals(Buffer.from(id))),
    'bob answers the ping after the flood',
    120_000,
  );
}

describe('file offer budgets', () => {
  it('keeps at most the budget of 10,000 offers from one friend, and tells the user once', async () => {
    const { bob, eve } = await bobAndFlooder();
    await captureLogs(async () => {
      expect(await eve.flood(10_000, (index) => ({ kind: 'file', id: envelopeId(), message: offer(index) }))).toBe(
        10_000,
      );
      await drained(eve);
    }, 'warn');
    expect(eve.isOpen).toBe(true);
    expect(bob.store.files.fileIds()).toHaveLength(100);
    expect((await bob.node.files.list()).filter((view) => view.state === 'offered')).toHaveLength(100);
    expect(bob.eventsOf('peer-throttled')).toEqual([
      { type: 'peer-throttled', onion: eve.onion, traffic: 'file-offers', reason: 'pending-offers' },
    ]);
    // Nothing was answered: an honest sender would offer the rest again later.
    expect(eve.messages('file')).toEqual([]);
  }, 180_000);

  it('limits the bytes of waiting offers, and the rate of new ones', async () => {
    const limits = {
      rate: { capacity: 5, refillIntervalMs: 3_600_000 },
      maxPendingOffers: 100,
      maxPendingBytes: 10_000,
    };
    const { bob, eve } = await bobAndFlooder(limits);
    await captureLogs(async () => {
      // 3 200 bytes of hashes each: three fit in 10 000 bytes.
      for (let index = 0; index < 5; index += 1) await eve.sendService('file', offer(index, 100));
      await drained(eve);
      expect(bob.store.files.fileIds()).toHaveLength(3);
      expect(bob.eventsOf('peer-throttled').map((event) => event.reason)).toEqual(['pending-offer-bytes']);
      // Small offers: two more tokens are left of the five.
      for (let index = 5; index < 10; index += 1) await eve.sendService('file', offer(index));
      await drained(eve);
    }, 'warn');
    expect(bob.store.files.fileIds()).toHaveLength(5);
  });

  it("takes an honest friend's dropped offer when it comes again on a later session", async () => {
    const network = new MemoryNetwork();
    const bob = await filesNode(network, 'bob', {
      preferences: () => ASK_ALWAYS,
      offerBudget: { rate: { capacity: 100, refillIntervalMs: 1_000 }, maxPendingOffers: 1, maxPendingBytes: 1 << 20 },
    });
    const ada = await filesNode(network, 'ada');
    await befriend(ada, bob);
    const first = await ada.node.files.send(bob.onion, sourceFile(1000, 'first.txt').path);
    await untilIncoming(bob, first.id, 'offered');
    await captureLogs(async () => {
      const second = await ada.node.files.send(bob.onion, sourceFile(2000, 'second.txt', 8).path);
      await until(() => bob.eventsOf('peer-throttled').length === 1, 'bob is told');
      expect((await bob.node.files.list()).map((view) => view.name)).toEqual(['first.txt']);
      await bob.node.files.decline(first.id);
      await ada.restart();
      await untilIncoming(bob, second.id, 'offered');
    }, 'warn');
  });
});
