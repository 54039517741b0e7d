import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import type { FileMessage } from '../../../src/protocol/files/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import type { TransferView } from '../../../src/files/feature/api.js';
import { befriend } from '../../shared/befriend.js';
import { sameBytes } from '../../shared/bytes.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { ChunkGate, downloaded, filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

const SIZE = 20 * DEFAULT_CHUNK_SIZE - 123;

/** The sources seen in `node`'s progress events of file `fileId`, with the most bytes each delivered. */
function sourceBytes(node: TestNode, fileId: string): Map<string, number> {
  const best = new Map<string, number>();
  const views: TransferView[] = node.eventsOf('transfer').map((event) => event.transfer);
  for (const view of views) {
    if (view.id !== fileId) continue;
    for (const source of view.sources ?? [])
      best.set(source.onion, Math.max(best.get(source.onion) ?? 0, source.bytes));
  }
  return best;
}

describe('swarming and who may fetch', () => {
  it('downloads from two friends at once who both offered the file', async () => {
    const network = new MemoryNetwork();
    const gateA = new ChunkGate();
    const gateC = new ChunkGate();
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: gateA.openChunkSource } });
    const carol = await filesNode(network, 'carol', { io: { openChunkSource: gateC.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    await befriend(carol, bob);
    const { path, bytes } = sourceFile(SIZE, 'video.mkv');
    const fromAda = await ada.node.files.send(bob.onion, path);
    const fromCarol = await carol.node.files.send(bob.onion, path);
    expect(fromCarol.id).toBe(fromAda.id);
    await until(() => bob.store.files.offersOf(Buffer.from(fromAda.id, 'hex')).length === 2, 'both offers stored');
    expect(await bob.node.files.list()).toHaveLength(1);
    expect((await transferOf(bob, fromAda.id, 'in'))?.state).toBe('offered');
    await bob.node.files.accept(fromAda.id);
    const done = await untilIncoming(bob, fromAda.id, 'complete');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
    expect(gateA.reads.size).toBeGreaterThan(0);
    expect(gateC.reads.size).toBeGreaterThan(0);
    const delivered = sourceBytes(bob, fromAda.id);
    expect(delivered.get(ada.onion)).toBeGreaterThan(0);
    expect(delivered.get(carol.onion)).toBeGreaterThan(0);
  });

  it('rejects the corrupted chunks of a lying friend and fetches them from the honest one', async () => {
    const network = new MemoryNetwork();
    const honest = new ChunkGate();
    const liar = new ChunkGate(Infinity, () => true);
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: honest.openChunkSource } });
    const mallory = await filesNode(network, 'mallory', { io: { openChunkSource: liar.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    await befriend(mallory, bob);
    const { path, bytes } = sourceFile(SIZE, 'report.pdf');
    // Mallory offers first, so she is a source from the start.
    const offered = await mallory.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    await ada.node.files.send(bob.onion, path);
    await until(() => bob.store.files.offersOf(Buffer.from(offered.id, 'hex')).length === 2, 'both offers stored');
    const done = await captureLogs(async (lines) => {
      await bob.node.files.accept(offered.id);
      const view = await untilIncoming(bob, offered.id, 'complete');
      expect(lines.some((line) => line.includes('ChunkHashMismatchError'))).toBe(true);
      return view;
    }, 'warn');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
    // Mallory's chunks were sent and every one refused.
    expect(liar.reads.size).toBeGreaterThan(0);
    expect(sourceBytes(bob, offered.id).get(mallory.onion) ?? 0).toBe(0);
  });

  it('finishes from the other source when one stops sending mid-transfer', async () => {
    const network = new MemoryNetwork();
    const honest = new ChunkGate();
    const stopped = new ChunkGate(2);
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: honest.openChunkSource } });
    const carol = await filesNode(network, 'carol', { io: { openChunkSource: stopped.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    await befriend(carol, bob);
    const { path, bytes } = sourceFile(SIZE, 'album.zip');
    const offered = await carol.node.files.send(bob.onion, path);
    await ada.node.files.send(bob.onion, path);
    await until(() => bob.store.files.offersOf(Buffer.from(offered.id, 'hex')).length === 2, 'both offers stored');
    await bob.node.files.accept(offered.id);
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
    expect(stopped.reads.size).toBe(2);
    stopped.open();
  });

  it('a friend the file was not offered to gets nothing but "none", whatever they ask', async () => {
    const network = new MemoryNetwork();
    const gate = new ChunkGate();
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: gate.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    const eve = await filesNode(network, 'eve');
    await befriend(ada, bob);
    await befriend(ada, eve);
    const offered = await ada.node.files.send(bob.onion, sourceFile(SIZE).path);
    await untilIncoming(bob, offered.id, 'offered');
    // Eve's own node goes; she comes back with a client that asks for the file outright.
    const eveIdentity = eve.store.identity.get().keyPair;
    await eve.shutdown();
    const eveClient = await HostilePeer.dial(network, ada.onion, eveIdentity);
    await eveClient.greetAsFriend('eve');
    const fileId = new Uint8Array(Buffer.from(offered.id, 'hex'));
    const replies = (): FileMessage[] => eveClient.messages('file');
    const ask: FileMessage[] = [
      { kind: 'file-accept', fileId },
      { kind: 'hash-request', fileId, piece: 0 },
      { kind: 'chunk-request', fileId, entries: [0, 1, 2].map((index) => ({ index, requestId: index + 1 })) },
      { kind: 'have', fileId, have: { form: 'none' } },
    ];
    for (const message of ask) await eveClient.sendService('file', message);
    await until(() => replies().length >= 3, 'answers arrive');
    expect(replies().every((reply) => reply.kind === 'have' && reply.have.form === 'none')).toBe(true);
    expect(gate.reads.size).toBe(0);
    // An unknown file gets the same answer.
    await eveClient.sendService('file', {
      kind: 'chunk-request',
      fileId: new Uint8Array(32).fill(9),
      entries: [{ index: 0, requestId: 1 }],
    });
    await until(() => replies().length >= 4, 'answer about an unknown file');
    expect(replies().at(-1)).toMatchObject({ kind: 'have', have: { form: 'none' } });
    await eveClient.close();
  });
});
