/**
 * Bulk sessions (docs/PROTOCOL.md "2a. Session purpose"): file data goes to a friend on a
 * second session of its own (its own SOCKS isolation key, so over Tor its own circuit), chat
 * stays on the main session, a friend whose bulk session cannot be had still gets the data on
 * the main session, two bulk sessions resolve to one without touching the main one, and a
 * bulk session carries file messages only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { DEFAULT_CHUNK_SIZE } from '../../../src/protocol/files/file-wire-limits.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import type { Connection, DialOptions, Transport } from '../../../src/transport/transport.js';
import { upgradeOutbound } from '../../../src/session/upgrade.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId, HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, TappedTransport, tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { filesNode, sourceFile, transferOf, untilIncoming } from './helpers.js';

afterEach(tearDownNodes);

/** Writes at least this big are chunk data (64 KiB frames); chat and control frames are far smaller. */
const DATA_FRAME = 16 * 1024;

/** A transport that records the isolation key of every dial and the chunk-data bytes written per connection. */
class RouteRecorder extends TappedTransport {
  /** Isolation keys of every dial, in order (refused ones included). */
  readonly dials: string[] = [];
  /** Bytes of data frames written, by the isolation key of the dial that made the connection ('accepted' otherwise). */
  readonly dataBytes = new Map<string, number>();
  readonly #keyOf = new WeakMap<Connection, string>();

  constructor(
    inner: Transport,
    readonly refuseBulk = false,
  ) {
    super(inner, (connection) => {
      const write = connection.write.bind(connection) as (chunk: Uint8Array) => boolean;
      connection.write = ((chunk: Uint8Array) => {
        if (chunk.length >= DATA_FRAME) {
          const key = this.#keyOf.get(connection) ?? 'accepted';
          this.dataBytes.set(key, (this.dataBytes.get(key) ?? 0) + chunk.length);
        }
        return write(chunk);
      }) as typeof connection.write;
    });
  }

  override async dial(address: OnionAddress, options?: DialOptions): Promise<Connection> {
    const key = options?.isolationKey ?? address;
    this.dials.push(key);
    if (this.refuseBulk && key.endsWith(':bulk')) throw new Error('no circuit for the bulk session (test)');
    const connection = await super.dial(address, options);
    this.#keyOf.set(connection, key);
    return connection;
  }
}

/** Ada (recording her routes) sends Bob a file of `chunks` chunks; resolves once the transfer runs. */
async function adaSendsBob(refuseBulk = false, chunks = 48) {
  const network = new MemoryNetwork();
  const recorder = new RouteRecorder(network.transport(), refuseBulk);
  const ada = await filesNode(network, 'ada', {}, { transport: recorder });
  const bob = await filesNode(network, 'bob');
  await befriend(ada, bob);
  const offered = await ada.node.files.send(bob.onion, sourceFile(chunks * DEFAULT_CHUNK_SIZE).path);
  await untilIncoming(bob, offered.id, 'offered');
  await bob.node.files.accept(offered.id);
  return { network, recorder, ada, bob, id: offered.id };
}

describe('bulk sessions', () => {
  it('carry the file data on a session of their own, dialed with its own isolation key, while chat stays on the main session', async () => {
    const { recorder, ada, bob, id } = await adaSendsBob();
    await until(
      async () => ((await transferOf(bob, id, 'in'))?.bytesDone ?? 0) >= 4 * DEFAULT_CHUNK_SIZE,
      'the transfer is running',
    );
    await ada.node.sendMessage(bob.onion, 'still there?');
    await until(() => bob.eventsOf('message').some((e) => e.message.text === 'still there?'), 'the chat arrives');
    await untilIncoming(bob, id, 'complete');

    expect(recorder.dials).toContain(`${bob.onion}:bulk`);
    // Every data frame but the first chunk's (sent while the bulk session was being dialed) went on it.
    const onBulk = recorder.dataBytes.get(`${bob.onion}:bulk`) ?? 0;
    const elsewhere = [...recorder.dataBytes].filter(([key]) => key !== `${bob.onion}:bulk`);
    expect(onBulk).toBeGreaterThan(40 * DEFAULT_CHUNK_SIZE);
    expect(elsewhere.reduce((sum, [, bytes]) => sum + bytes, 0)).toBeLessThanOrEqual(4 * DEFAULT_CHUNK_SIZE);
    // Both stay online the whole time: the bulk session replaced no main session.
    expect(ada.eventsOf('presence').filter((e) => !e.online)).toEqual([]);
    expect(bob.eventsOf('presence').filter((e) => !e.online)).toEqual([]);
    expect((await ada.node.status()).online).toBe(1);
  });

  it('fall back to the main session when no bulk session can be dialed (an older peer, no circuit)', async () => {
    const { recorder, bob, id } = await adaSendsBob(true, 16);
    await untilIncoming(bob, id, 'complete');
    expect(recorder.dials).toContain(`${bob.onion}:bulk`);
    expect(recorder.dataBytes.get(`${bob.onion}:bulk`)).toBeUndefined();
    const total = [...recorder.dataBytes.values()].reduce((sum, bytes) => sum + bytes, 0);
    expect(total).toBeGreaterThanOrEqual(16 * DEFAULT_CHUNK_SIZE);
  });

  it('fall back to the main session with a peer that predates them (it refuses a bulk handshake)', async () => {
    const network = new MemoryNetwork();
    const recorder = new RouteRecorder(network.transport());
    const ada = await filesNode(network, 'ada', {}, { transport: recorder });
    // Bob's node closes any connection whose handshake message 1 is not the 54 bytes of a main
    // session, as a node of the first version 1 does (its decoder takes exactly 54).
    const refused: number[] = [];
    const inner = network.transport();
    const oldBob: Transport = {
      listen: (identity, onConnection, options) =>
        inner.listen(
          identity,
          (connection) => {
            connection.once('data', (chunk: Buffer) => {
              const length = chunk.readUInt16BE(0);
              if (length === 54) return;
              refused.push(length);
              connection.destroy();
            });
            onConnection(connection);
          },
          options,
        ),
      dial: (address, options) => inner.dial(address, options),
      authoriseClient: (address, key) => inner.authoriseClient(address, key),
      revokeClient: (address) => inner.revokeClient(address),
      close: () => inner.close(),
    };
    const bob = await filesNode(network, 'bob', {}, { transport: oldBob });
    await befriend(ada, bob);
    const offered = await ada.node.files.send(bob.onion, sourceFile(16 * DEFAULT_CHUNK_SIZE).path);
    await untilIncoming(bob, offered.id, 'offered');
    await bob.node.files.accept(offered.id);
    await untilIncoming(bob, offered.id, 'complete');
    expect(refused).toContain(55);
    expect(recorder.dataBytes.get(`${bob.onion}:bulk`)).toBeUndefined();
    expect(ada.eventsOf('presence').filter((e) => !e.online)).toEqual([]);
  });

  it('resolve to one per friend when both send at once, and leave the main session alone', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const bob = await filesNode(network, 'bob');
    await befriend(ada, bob);
    const [toBob, toAda] = await Promise.all([
      ada.node.files.send(bob.onion, sourceFile(24 * DEFAULT_CHUNK_SIZE, 'a.bin', 1).path),
      bob.node.files.send(ada.onion, sourceFile(24 * DEFAULT_CHUNK_SIZE, 'b.bin', 2).path),
    ]);
    await Promise.all([untilIncoming(bob, toBob.id, 'offered'), untilIncoming(ada, toAda.id, 'offered')]);
    await Promise.all([bob.node.files.accept(toBob.id), ada.node.files.accept(toAda.id)]);
    await Promise.all([untilIncoming(bob, toBob.id, 'complete'), untilIncoming(ada, toAda.id, 'complete')]);
    // One main and one bulk session between them, each one connection on both sides.
    await until(() => ada.transport.openConnections === 2 && bob.transport.openConnections === 2, 'two sessions');
    expect(ada.eventsOf('presence').filter((e) => !e.online)).toEqual([]);
    await ada.node.sendMessage(bob.onion, 'done?');
    await until(() => bob.eventsOf('message').some((e) => e.message.text === 'done?'), 'chat still flows');
  });
});

describe('a bulk session from a hostile peer', () => {
  async function adaAndEve() {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const eveNode = await filesNode(network, 'eve');
    await befriend(eveNode, ada);
    const identity = eveNode.store.identity.get().keyPair;
    await eveNode.shutdown();
    const main = await HostilePeer.dial(network, ada.onion, identity);
    await main.greetAsFriend('eve');
    const bulkSession = await upgradeOutbound(await network.transport().dial(ada.onion), {
      identity,
      remote: ada.onion,
      purpose: 'bulk',
    });
    return { network, ada, main, bulk: HostilePeer.on(bulkSession, identity) };
  }

  it('takes file messages, and closes on anything else while the main session stays', async () => {
    const { ada, main, bulk } = await adaAndEve();
    // A file message on the bulk session is handled: Ada answers a hash request for a file she does not hold (on the main session).
    await bulk.sendService('file', { kind: 'hash-request', fileId: new Uint8Array(32).fill(9), piece: 0 });
    await until(() => main.messages('file').some((m) => m.kind === 'have'), 'ada answers the file message');
    expect(bulk.isOpen).toBe(true);

    await captureLogs(async (lines) => {
      await bulk.send({ kind: 'chat-message', id: envelopeId(), createdAt: 1, text: 'sneaked in' });
      const reason = await bulk.closed;
      expect(reason?.name).toBe('PeerClosedError');
      await until(() => lines.some((line) => line.includes('BulkSessionViolationError')), 'the typed error is logged');
    });
    expect(ada.eventsOf('message')).toEqual([]);
    expect(main.isOpen).toBe(true);
    await main.send({ kind: 'chat-message', id: envelopeId(), createdAt: 1, text: 'on the main session' });
    await until(() => ada.eventsOf('message').length === 1, 'the main session still carries chat');
  });

  it('is refused from anyone who is not a friend', async () => {
    const network = new MemoryNetwork();
    const ada = await filesNode(network, 'ada');
    const identity = generateIdentity();
    const connection = await network.transport().dial(ada.onion);
    const session = await upgradeOutbound(connection, { identity, remote: ada.onion, purpose: 'bulk' });
    const stranger = HostilePeer.on(session, identity);
    const reason = await stranger.closed;
    expect(reason?.name).toBe('PeerClosedError');
  });
});
