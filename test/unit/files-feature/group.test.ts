import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import type { TransferView } from '../../../src/files/feature/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { sameBytes } from '../../shared/bytes.js';
import { tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { groupAlong } from '../groups-feature/helpers.js';
import { ChunkGate, downloaded, filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

const SIZE = 24 * DEFAULT_CHUNK_SIZE;

/** The most bytes each source delivered, from `node`'s progress events of file `fileId`. */
function sourceBytes(node: TestNode, fileId: string): Map<string, number> {
  const best = new Map<string, number>();
  const views: TransferView[] = node.eventsOf('transfer').map((event) => event.transfer);
  for (const view of views.filter((item) => item.id === fileId)) {
    for (const source of view.sources ?? [])
      best.set(source.onion, Math.max(best.get(source.onion) ?? 0, source.bytes));
  }
  return best;
}

describe('files offered to a group', () => {
  it('reaches every member, and a member downloads from two members at once', async () => {
    const network = new MemoryNetwork();
    const gateA = new ChunkGate();
    const gateB = new ChunkGate();
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: gateA.openChunkSource } });
    const bob = await filesNode(network, 'bob', { io: { openChunkSource: gateB.openChunkSource } });
    const cat = await filesNode(network, 'cat');
    await befriend(ada, bob);
    await befriend(bob, cat);
    await befriend(ada, cat);
    const groupId = await groupAlong([ada, bob, cat]);

    const { path, bytes } = sourceFile(SIZE, 'slides.pdf');
    const offered = await ada.node.files.send(groupId, path);
    expect(offered).toMatchObject({ direction: 'out', group: groupId });
    expect(offered.recipients?.map((recipient) => recipient.onion).sort()).toEqual([bob.onion, cat.onion].sort());
    const toBob = await untilIncoming(bob, offered.id, 'offered');
    expect(toBob.group).toBe(groupId);
    await untilIncoming(cat, offered.id, 'offered');

    // Bob fetches it all first; then Cat fetches from Ada and Bob.
    await bob.node.files.accept(offered.id);
    expect(sameBytes(downloaded(await untilIncoming(bob, offered.id, 'complete')), bytes)).toBe(true);
    await cat.node.files.accept(offered.id);
    const done = await untilIncoming(cat, offered.id, 'complete');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
    const delivered = sourceBytes(cat, offered.id);
    expect(delivered.get(ada.onion)).toBeGreaterThan(0);
    expect(delivered.get(bob.onion)).toBeGreaterThan(0);
    expect(gateB.reads.size).toBeGreaterThan(0);
  }, 60_000);

  it('reaches a member who is not the sender’s friend through a member who is, who also serves it', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob');
    const cat = await filesNode(network, 'cat');
    // A path of friends: ada – bob – cat.
    await befriend(ada, bob);
    await befriend(bob, cat);
    const groupId = await groupAlong([ada, bob, cat]);
    const { path, bytes } = sourceFile(SIZE, 'map.png');
    const offered = await ada.node.files.send(groupId, path);
    expect(offered.recipients).toEqual([{ onion: bob.onion, state: 'offered' }]);
    const toCat = await untilIncoming(cat, offered.id, 'offered');
    expect(toCat.from).toBe(bob.onion);
    await bob.node.files.accept(offered.id);
    await untilIncoming(bob, offered.id, 'complete');
    await cat.node.files.accept(offered.id);
    const done = await untilIncoming(cat, offered.id, 'complete');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
  }, 60_000);

  it('a friend outside the group cannot fetch a file offered to it', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob');
    const eve = await filesNode(network, 'eve');
    await befriend(ada, bob);
    await befriend(ada, eve);
    const groupId = await groupAlong([ada, bob]);
    const offered = await ada.node.files.send(groupId, sourceFile(SIZE).path);
    await untilIncoming(bob, offered.id, 'offered');
    // Eve never hears of it, and the serving rule refuses her.
    await until(async () => (await transferOf(ada, offered.id, 'out'))?.recipients?.length === 1, 'one recipient');
    expect(await eve.node.files.list()).toEqual([]);
    expect(ada.store.files.offersOf(Buffer.from(offered.id, 'hex')).map((offer) => offer.peer)).toEqual([bob.onion]);
  }, 60_000);
});
