/**
 * The Burrow node over real Tor: two nodes, each behind its own client tor on the suite's
 * private Tor network, go through the main path: add → accept → chat both ways → a message
 * sent while the friend is down arrives when they come back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../src/crypto/identity.js';
import type { OnionAddress } from '../../src/crypto/onion-address.js';
import { encodeMessage } from '../../src/protocol/envelope/index.js';
import { upgradeOutbound } from '../../src/session/upgrade.js';
import { TorPeer, untilTor } from '../shared/tor-peer.js';
import { launchTestTor } from './helpers/launch-test-tor.js';

let workDir: string;
let ada: TorPeer | undefined;
let bob: TorPeer | undefined;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'burrow-node-tor-'));
  const [adaTor, bobTor] = await Promise.all([launchTestTor(), launchTestTor()]);
  [ada, bob] = await Promise.all([
    TorPeer.create({ name: 'ada', dir: join(workDir, 'ada'), tor: adaTor }),
    TorPeer.create({ name: 'bob', dir: join(workDir, 'bob'), tor: bobTor }),
  ]);
});

afterAll(async () => {
  for (const peer of [ada, bob]) {
    if (peer === undefined) continue;
    await peer.stop().catch(() => undefined);
    await peer.tor.stop();
  }
  await rm(workDir, { recursive: true, force: true });
});

describe('BurrowNode over the private Tor network', () => {
  it('adds, accepts, chats both ways, and delivers what was sent while the friend was down', async () => {
    const a = ada!;
    const b = bob!;
    const adaOnion = (await a.node.status()).onion;
    const bobOnion = (await b.node.status()).onion;

    await a.node.addContact(bobOnion, 'hello over tor');
    await untilTor(async () => (await b.node.requests()).length === 1, 'bob gets the request');
    expect((await b.node.requests())[0]).toMatchObject({
      onion: adaOnion,
      requestMessage: 'hello over tor',
      displayName: 'ada',
    });
    await b.node.acceptContact(adaOnion);
    await untilTor(async () => (await a.node.contacts())[0]?.state === 'friend', 'ada learns of the accept');
    await untilTor(
      async () => (await a.node.status()).online === 1 && (await b.node.status()).online === 1,
      'both online',
    );

    const hi = await a.node.sendMessage(bobOnion, 'hi bob, over tor');
    await b.node.sendMessage(adaOnion, 'hi ada, over tor');
    await untilTor(
      async () => (await b.node.history(adaOnion)).length === 2 && (await a.node.history(bobOnion)).length === 2,
      'both messages arrive',
    );
    await untilTor(
      async () => (await a.node.history(bobOnion)).find((m) => m.id === hi.id)?.state === 'delivered',
      'ada’s message acked',
    );

    await b.stop();
    await untilTor(async () => (await a.node.status()).online === 0, 'ada sees bob go');
    const late = await a.node.sendMessage(bobOnion, 'sent while you were away');
    expect(late.state).toBe('sending');
    await b.start();
    await untilTor(
      async () => (await b.node.history(adaOnion)).some((m) => m.id === late.id),
      'the late message arrives',
      110_000,
    );
    const texts = (await b.node.history(adaOnion)).map((m) => m.text);
    expect(texts.slice(0, 2).sort()).toEqual(['hi ada, over tor', 'hi bob, over tor']);
    expect(texts[2]).toBe('sent while you were away');
    await untilTor(
      async () => (await a.node.history(bobOnion)).find((m) => m.id === late.id)?.state === 'delivered',
      'the late message acked',
    );
  }, 300_000);

  it("refuses a stranger's chat frame over Tor: the session closes and nothing is stored", async () => {
    const b = bob!;
    const bobOnion = (await b.node.status()).onion;
    const stranger = generateIdentity();
    const connection = await ada!.transport.dial(bobOnion as OnionAddress, {
      timeoutMs: 90_000,
      isolationKey: 'stranger',
    });
    const session = await upgradeOutbound(connection, { identity: stranger, remote: bobOnion as OnionAddress });
    await session.send(
      encodeMessage({
        kind: 'chat-message',
        id: new Uint8Array(randomBytes(16)),
        createdAt: Date.now(),
        text: 'unsolicited words',
      }),
    );
    const reason = await session.closed;
    expect(reason?.name).toBe('PeerClosedError');
    const contacts = await b.node.contacts();
    expect(contacts.map((contact) => contact.onion)).not.toContain(stranger.onionAddress);
    for (const contact of contacts)
      expect((await b.node.history(contact.onion)).map((m) => m.text)).not.toContain('unsolicited words');
  }, 120_000);
});
