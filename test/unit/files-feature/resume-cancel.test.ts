import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { sameBytes } from '../../shared/bytes.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { ChunkGate, downloaded, filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

const CHUNKS = 24;
const SIZE = CHUNKS * DEFAULT_CHUNK_SIZE - 1000;

describe('resume and cancel', () => {
  it('resumes a download stopped halfway after a restart, without fetching the chunks it has again', async () => {
    const network = new MemoryNetwork();
    const gate = new ChunkGate(CHUNKS / 2);
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: gate.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    const { path, bytes } = sourceFile(SIZE);
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    // Every chunk served so far is on disk (the last chunk of the file is 1000 bytes short).
    const servedBytes = (): number =>
      [...gate.reads.keys()].reduce((sum, index) => sum + DEFAULT_CHUNK_SIZE - (index === CHUNKS - 1 ? 1000 : 0), 0);
    await until(
      async () =>
        gate.reads.size === CHUNKS / 2 && (await transferOf(bob, offered.id, 'in'))?.bytesDone === servedBytes(),
      'half the chunks on disk',
    );
    const half = servedBytes();
    expect(readdirSync(bob.downloads)).toEqual(['data.bin.part']);

    await bob.restart();
    const resumed = await transferOf(bob, offered.id, 'in');
    expect(resumed).toMatchObject({ state: 'downloading', bytesDone: half });
    gate.open();
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
    expect(readdirSync(bob.downloads)).toEqual(['data.bin']);
    // The chunks written before the restart were served once; the ones after, at most twice
    // (requests in flight at the restart were asked again).
    const servedOnce = [...gate.reads.entries()].filter(([, count]) => count === 1).length;
    expect(servedOnce).toBeGreaterThanOrEqual(CHUNKS / 2);
    expect([...gate.reads.values()].every((count) => count <= 2)).toBe(true);
  });

  it('goes on when the sender comes back after going away mid-transfer', async () => {
    const network = new MemoryNetwork();
    const gate = new ChunkGate(6);
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: gate.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    const { path, bytes } = sourceFile(SIZE);
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    await until(
      async () => gate.reads.size === 6 && ((await transferOf(bob, offered.id, 'in'))?.bytesDone ?? 0) > 0,
      'some chunks arrive',
    );
    await ada.restart();
    gate.open();
    const done = await untilIncoming(bob, offered.id, 'complete');
    expect(sameBytes(downloaded(done), bytes)).toBe(true);
  });

  it('the downloader cancels: the part file goes, the sender sees it and stops', async () => {
    const network = new MemoryNetwork();
    const gate = new ChunkGate(4);
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: gate.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    const offered = await ada.node.files.send(bob.onion, sourceFile(SIZE).path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    await until(async () => ((await transferOf(bob, offered.id, 'in'))?.bytesDone ?? 0) > 0, 'some chunks arrive');
    const cancelled = await bob.node.files.cancel(offered.id);
    expect(cancelled.state).toBe('cancelled');
    expect(readdirSync(bob.downloads)).toEqual([]);
    await until(
      async () => (await transferOf(ada, offered.id, 'out'))?.recipients?.[0]?.state === 'cancelled',
      'ada sees the cancel',
    );
    gate.open();
    // Nothing more arrives, and the cancelled download cannot be resumed.
    await expect(bob.node.files.resume(offered.id)).rejects.toMatchObject({ name: 'TransferStateError' });
    expect((await transferOf(bob, offered.id, 'in'))?.state).toBe('cancelled');
  });

  it('the sender withdraws its offer: the download is cancelled with a reason and nothing more is served', async () => {
    const network = new MemoryNetwork();
    const gate = new ChunkGate(4);
    const ada = await filesNode(network, 'ada', { io: { openChunkSource: gate.openChunkSource } });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    const offered = await ada.node.files.send(bob.onion, sourceFile(SIZE).path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    await until(async () => ((await transferOf(bob, offered.id, 'in'))?.bytesDone ?? 0) > 0, 'some chunks arrive');
    const withdrawn = await ada.node.files.cancel(offered.id);
    expect(withdrawn).toMatchObject({ direction: 'out', state: 'cancelled' });
    const cancelled = await untilIncoming(bob, offered.id, 'cancelled');
    expect(cancelled.error).toBe('The sender cancelled the transfer.');
    await until(() => !existsSync(`${bob.downloads}/data.bin.part`), 'the part file is deleted');
    expect(readdirSync(bob.downloads)).toEqual([]);
  });

  it('a withdrawn offer that was never answered shows as cancelled', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    const offered = await ada.node.files.send(bob.onion, sourceFile(1000).path);
    await untilIncoming(bob, offered.id, 'offered');
    await ada.node.files.cancel(offered.id);
    await untilIncoming(bob, offered.id, 'cancelled');
    await expect(bob.node.files.accept(offered.id)).rejects.toMatchObject({ name: 'TransferStateError' });
  });
});
