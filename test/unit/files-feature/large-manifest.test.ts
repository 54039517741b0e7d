import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HASHES_PER_PIECE, MIN_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { tempDir } from '../../shared/temp-dirs.js';
import { until } from '../../shared/until.js';
import { filesNode, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

describe('a manifest longer than the offer carries', () => {
  it('fetches the rest of the hash list from the sender before the download starts', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada', { chunkSize: MIN_CHUNK_SIZE });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    // One chunk more than the offer's first hash piece holds (a sparse file: cheap to make).
    const path = join(tempDir(), 'disk.img');
    writeFileSync(path, new Uint8Array(0));
    truncateSync(path, (HASHES_PER_PIECE + 1) * MIN_CHUNK_SIZE);
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    expect(bob.store.files.manifest(Buffer.from(offered.id, 'hex'))?.complete).toBe(false);
    await bob.node.files.accept(offered.id);
    await until(
      async () => ((await transferOf(bob, offered.id, 'in'))?.bytesDone ?? 0) > 0,
      'chunks arrive once the hash list is whole',
    );
    expect(bob.store.files.manifest(Buffer.from(offered.id, 'hex'))?.complete).toBe(true);
    await bob.node.files.cancel(offered.id);
  });
});
