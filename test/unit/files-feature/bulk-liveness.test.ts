/**
 * Bulk sessions stay honest about being alive (src/node/bulk-links.ts, keep-alive.ts): they
 * answer pings, close when they fall silent (a dead circuit under a transfer) and the data goes
 * on the main session meanwhile, close when idle, and close with the main session they serve
 * beside when it ends or is replaced. Timers run in milliseconds here.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import type { NodeTiming } from '../../../src/app/index.js';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import { upgradeOutbound } from '../../../src/session/upgrade.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import type { Connection, DialOptions } from '../../../src/transport/transport.js';
import { befriend } from '../../shared/befriend.js';
import { HostilePeer } from '../../shared/hostile-peer.js';
import { FAST_TIMING, TappedTransport, tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { filesNode, sourceFile, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

/** Bulk sessions pinged after 50 ms of quiet and closed after 400 ms of silence. */
function timing(bulkIdleMs = 600_000): Partial<NodeTiming> {
  return { ...FAST_TIMING, bulkKeepaliveIntervalMs: 50, bulkKeepaliveTimeoutMs: 400, bulkIdleMs };
}

/** Counts bulk dials; after `blackholeAfter` bytes, the first bulk connection swallows what is written on it. */
class BulkTap extends TappedTransport {
  bulkDials = 0;
  swallowed = 0;

  constructor(
    inner: MemoryNetwork,
    readonly blackholeAfter = Infinity,
  ) {
    super(inner.transport(), () => undefined);
  }

  override async dial(address: OnionAddress, options?: DialOptions): Promise<Connection> {
    const connection = await super.dial(address, options);
    if (options?.isolationKey?.endsWith(':bulk') === true && ++this.bulkDials === 1) this.#deadAfter(connection);
    return connection;
  }

  /** A circuit that dies without closing: the stream stays open, nothing written reaches the peer. */
  #deadAfter(connection: Connection): void {
    let written = 0;
    const write = connection.write.bind(connection) as (chunk: Uint8Array) => boolean;
    connection.write = ((chunk: Uint8Array, ...rest: unknown[]) => {
      written += chunk.length;
      if (written <= this.blackholeAfter) return write(chunk);
      this.swallowed += chunk.length;
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof connection.write;
  }
}

/** Eve's hostile main session with Ada (greeted as a friend), and a bulk session beside it. */
async function eveWithBulk(network: MemoryNetwork) {
  const ada = await filesNode(network, 'ada', {}, { timing: timing() });
  const eveNode = await filesNode(network, 'eve');
  await befriend(eveNode, ada);
  const identity = eveNode.store.identity.get().keyPair;
  await eveNode.shutdown();
  const main = await HostilePeer.dial(network, ada.onion, identity);
  await main.greetAsFriend('eve');
  const dialBulk = async (): Promise<HostilePeer> =>
    HostilePeer.on(
      await upgradeOutbound(await network.transport().dial(ada.onion), {
        identity,
        remote: ada.onion,
        purpose: 'bulk',
      }),
      identity,
    );
  return { ada, main, identity, dialBulk, bulk: await dialBulk() };
}

describe('bulk session liveness', () => {
  it('answers a ping on a bulk session, and closes one that falls silent while the main session stays', async () => {
    const { main, bulk } = await eveWithBulk(new MemoryNetwork());
    await bulk.send({ kind: 'ping', id: new Uint8Array(16).fill(1) });
    await until(() => bulk.core('pong').length === 1, 'ada answers the ping on the bulk session');
    // Eve answers none of Ada's pings: Ada closes the bulk session, and only it.
    await until(() => bulk.core('ping').length > 0, 'ada pings the quiet bulk session');
    expect((await bulk.closed)?.name).toBe('PeerClosedError');
    expect(main.isOpen).toBe(true);
  });

  it('closes the bulk session when the main session it serves beside is replaced, or ends', async () => {
    const network = new MemoryNetwork();
    const { main, dialBulk, bulk, identity, ada } = await eveWithBulk(network);
    // Eve dials a new main session (as a restarted node does): Ada switches to it, and the bulk
    // session of the old one goes with it.
    const newMain = await HostilePeer.dial(network, ada.onion, identity);
    await newMain.greetAsFriend('eve');
    await main.closed;
    await bulk.closed;
    expect(newMain.isOpen).toBe(true);
    const secondBulk = await dialBulk();
    await secondBulk.send({ kind: 'ping', id: new Uint8Array(16).fill(2) });
    await until(() => secondBulk.core('pong').length === 1, 'the new bulk session is taken');
    await newMain.close();
    await secondBulk.closed;
  });

  it('notices a bulk circuit that dies mid-transfer: the data goes on the main session and the transfer completes', async () => {
    const network = new MemoryNetwork();
    const tap = new BulkTap(network, 8 * DEFAULT_CHUNK_SIZE);
    const ada = await filesNode(network, 'ada', {}, { transport: tap, timing: timing() });
    const bob = await filesNode(network, 'bob', {}, { timing: timing() });
    await befriend(ada, bob);
    const { path, bytes } = sourceFile(32 * DEFAULT_CHUNK_SIZE);
    const offered = await ada.node.files.send(bob.onion, path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    const done = await untilIncoming(bob, offered.id, 'complete', 30_000);
    expect(tap.swallowed).toBeGreaterThan(0);
    expect(readFileSync(done.path!).equals(bytes)).toBe(true);
    // The chat session was never lost.
    expect(ada.eventsOf('presence').filter((e) => !e.online)).toEqual([]);
    expect(bob.eventsOf('presence').filter((e) => !e.online)).toEqual([]);
    await ada.node.sendMessage(bob.onion, 'got it?');
    await until(() => bob.eventsOf('message').some((e) => e.message.text === 'got it?'), 'chat flows');
  });

  it('closes a bulk session that carried no file data for a while; the next transfer dials a new one', async () => {
    const network = new MemoryNetwork();
    const tap = new BulkTap(network);
    const ada = await filesNode(network, 'ada', {}, { transport: tap, timing: timing(300) });
    const bob = await filesNode(network, 'bob', {}, { timing: timing(300) });
    await befriend(ada, bob);
    for (const seed of [1, 2]) {
      const offered = await ada.node.files.send(bob.onion, sourceFile(8 * DEFAULT_CHUNK_SIZE, 'f.bin', seed).path);
      await untilIncoming(bob, offered.id, 'offered');
      await bob.node.files.accept(offered.id);
      await untilIncoming(bob, offered.id, 'complete');
      // Idle: back to the main session alone.
      await until(() => bob.transport.openConnections === 1, 'bulk closed');
    }
    expect(tap.bulkDials).toBe(2);
    expect(ada.eventsOf('presence').filter((e) => !e.online)).toEqual([]);
  });
});
