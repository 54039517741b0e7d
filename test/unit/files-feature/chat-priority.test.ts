import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import { MAX_FRAME_WIRE_BYTES } from '../../../src/protocol/frame/frame-limits.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import type { Transport } from '../../../src/transport/transport.js';
import { befriend } from '../../shared/befriend.js';
import { TappedTransport, tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

/** Frames smaller than this are control traffic (chat, acks, requests); chunk data fills 64 KiB frames. */
const SMALL_FRAME = 4096;

/** One write to a connection: its size, and the bytes still buffered ahead of it then. */
interface Write {
  readonly size: number;
  readonly queuedAhead: number;
}

/** A transport that records every write its connections make, in order. */
class WriteRecorder extends TappedTransport {
  readonly writes: Write[] = [];

  constructor(inner: Transport) {
    super(inner, (connection) => {
      const write = connection.write.bind(connection) as (chunk: Uint8Array) => boolean;
      connection.write = ((chunk: Uint8Array) => {
        this.writes.push({ size: chunk.length, queuedAhead: connection.writableLength });
        return write(chunk);
      }) as typeof connection.write;
    });
  }
}

describe('chat during a transfer', () => {
  it('a chat message goes out behind at most one frame of file data', async () => {
    const network = new MemoryNetwork();
    const recorder = new WriteRecorder(network.transport());
    const ada = await filesNode(network, 'ada', {}, { transport: recorder });
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    const size = 160 * DEFAULT_CHUNK_SIZE;
    const offered = await ada.node.files.send(bob.onion, sourceFile(size).path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    await until(
      async () => ((await transferOf(bob, offered.id, 'in'))?.bytesDone ?? 0) >= 8 * DEFAULT_CHUNK_SIZE,
      'the transfer is running',
    );

    const mark = recorder.writes.length;
    await ada.node.sendMessage(bob.onion, 'still there?');
    await until(
      () => bob.eventsOf('message').some((event) => event.message.text === 'still there?'),
      'the chat arrives',
    );
    const after = recorder.writes.slice(mark);
    const chatAt = after.findIndex((write) => write.size < SMALL_FRAME);
    expect(chatAt).toBeGreaterThanOrEqual(0);
    // What Burrow had buffered ahead of the chat frame: at most the one file frame on its way
    // (the outbox sends the next only once the socket drained), and one more written meanwhile.
    const ahead = after[chatAt]!.queuedAhead + after.slice(0, chatAt).reduce((sum, write) => sum + write.size, 0);
    expect(ahead).toBeLessThanOrEqual(2 * MAX_FRAME_WIRE_BYTES);
    // The transfer was still running when the chat arrived, and it goes on to the end.
    expect((await transferOf(bob, offered.id, 'in'))?.state).not.toBe('offered');
    await untilIncoming(bob, offered.id, 'complete');
    expect(
      recorder.writes.slice(mark + chatAt + 1).filter((write) => write.size >= SMALL_FRAME).length,
    ).toBeGreaterThan(0);
  });
});
