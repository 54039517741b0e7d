import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { MAX_NON_FRIEND_SESSIONS } from '../../../src/node/node-timing.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId as id, HostilePeer } from '../../shared/hostile-peer.js';
import { captureLogs, FAST_TIMING, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

const node = (
  network: MemoryNetwork,
  name: string,
  options: Parameters<typeof TestNode.create>[2] = {},
): Promise<TestNode> => TestNode.create(network, name, options);

/** A stranger knocking: dials in and, if `text` is given, sends a contact request at once. */
async function stranger(network: MemoryNetwork, target: OnionAddress, text?: string, identity = generateIdentity()) {
  const peer = await HostilePeer.dial(network, target, identity);
  if (text !== undefined) await peer.send({ kind: 'contact-request', id: id(), displayName: 'stranger', text });
  return peer;
}

/** Closes every peer still open. */
const leave = (peers: readonly (HostilePeer | undefined)[]): Promise<unknown> =>
  Promise.allSettled(peers.map((peer) => peer?.close() ?? Promise.resolve()));

describe('the gate and strangers', () => {
  it("refuses a stranger's chat message: the session is closed with a typed error, nothing stored", async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    await captureLogs(async (lines) => {
      const spammer = await HostilePeer.dial(network, ada.onion);
      expect(spammer.isOpen).toBe(true);
      await spammer.send({ kind: 'chat-message', id: id(), createdAt: 1, text: 'buy my stuff' });
      const reason = await spammer.closed;
      expect(reason?.name).toBe('PeerClosedError');
      await until(() => lines.some((line) => line.includes('UnexpectedMessageError')), 'the typed error is logged');
      expect(lines.join('\n')).not.toContain('buy my stuff');
    });
    expect(await ada.node.contacts()).toEqual([]);
    expect(ada.eventsOf('message')).toEqual([]);
  });

  it('accepts a contact request from a stranger, and only that', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const strangerIdentity = generateIdentity();
    const eve = await HostilePeer.dial(network, ada.onion, strangerIdentity);
    const requestId = id();
    await eve.send({ kind: 'contact-request', id: requestId, displayName: 'eve', text: 'let me in' });
    await until(() => eve.core('ack').length === 1, 'the request is acknowledged');
    await until(async () => (await ada.node.requests()).length === 1, 'the request is listed');
    expect((await ada.node.requests())[0]).toMatchObject({
      onion: strangerIdentity.onionAddress,
      requestMessage: 'let me in',
      displayName: 'eve',
    });
    // A second, different kind from the same stranger closes the session.
    await captureLogs(async (lines) => {
      await eve.send({ kind: 'read-receipt', id: id(), ids: [requestId] });
      await eve.closed;
      await until(() => lines.some((line) => line.includes('UnexpectedMessageError')), 'the typed error is logged');
    });
    expect(eve.isOpen).toBe(false);
  });

  it('gives a blocked identity exactly what a stranger gets: its request is acknowledged and dropped', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const mallory = generateIdentity();
    await ada.node.blockContact(mallory.onionAddress);
    // The same exchange for the blocked identity and for an unknown one: a session, an ack.
    for (const identity of [mallory, generateIdentity()]) {
      const peer = await HostilePeer.dial(network, ada.onion, identity);
      const requestId = id();
      await peer.send({ kind: 'contact-request', id: requestId, displayName: 'm', text: 'let me in' });
      await until(() => peer.core('ack').length === 1, 'an ack');
      expect(peer.core('ack')[0]).toMatchObject({ kind: 'ack', ids: [requestId] });
      await peer.close();
    }
    // Nothing of Mallory's is stored or shown.
    expect(
      (await ada.node.contacts())
        .filter((c) => c.onion === mallory.onionAddress)
        .map((c) => [c.state, c.requestMessage]),
    ).toEqual([['blocked', undefined]]);
    expect((await ada.node.requests()).map((r) => r.onion)).not.toContain(mallory.onionAddress);
  });

  it("blocking a friend drops the session; their redials end as a stranger's would", async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await captureLogs(async (lines) => {
      await ada.node.blockContact(bob.onion);
      await until(() => bob.eventsOf('presence').at(-1)?.online === false, 'bob sees ada go offline');
      expect(ada.eventsOf('presence').at(-1)).toEqual({ type: 'presence', onion: bob.onion, online: false });
      await bob.node.sendMessage(ada.onion, 'let me back');
      // bob keeps redialing (ada is his friend); each session ends at his hello, as with someone who removed him.
      await until(
        () => lines.filter((line) => line.includes('UnexpectedMessageError')).length >= 3,
        'three closed redials',
      );
    });
    const [sent] = await bob.node.history(ada.onion);
    expect(sent?.state).toBe('sending');
    expect(bob.eventsOf('presence').filter((e) => e.online)).toHaveLength(1);
    expect(await texts(ada, bob.onion)).toEqual([]);
    await expect(bob.node.status()).resolves.toMatchObject({ online: 0 });
  });

  it('closes only the session of a friend who sends malformed messages; nothing stored is lost', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await bob.node.sendMessage(ada.onion, 'kept');
    await until(async () => (await texts(ada, bob.onion)).length === 1, 'a first message arrives');
    // A second friend whose client is broken (or hostile): ada knows it as a friend.
    const broken = generateIdentity();
    ada.store.contacts.insert({ onion: broken.onionAddress, state: 'friend', createdAt: Date.now() });
    await captureLogs(async (lines) => {
      for (const garbage of [
        Uint8Array.of(9, 0x10),
        Uint8Array.of(1, 0x10, ...new Uint8Array(16), 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff),
        new Uint8Array(0),
      ]) {
        const peer = await HostilePeer.dial(network, ada.onion, broken);
        await peer.sendBytes(garbage);
        await peer.closed;
      }
      await until(
        () =>
          lines.filter((line) => /UnsupportedMessageVersionError|MalformedInputError|IncompleteInputError/.test(line))
            .length === 3,
        'three typed errors logged',
      );
    });
    await bob.node.sendMessage(ada.onion, 'still served');
    await until(async () => (await texts(ada, bob.onion)).length === 2, 'bob is still served');
    expect(await texts(ada, bob.onion)).toEqual(['kept', 'still served']);
    expect((await ada.node.status()).online).toBe(1);
  });

  it('rate-limits a flood of contact requests while friends keep chatting', async () => {
    const network = new MemoryNetwork();
    let now = 1_700_000_000_000;
    const clock = (): number => now;
    const limits = {
      perIdentity: { capacity: 2, refillIntervalMs: 600_000 },
      overall: { capacity: 5, refillIntervalMs: 30_000 },
    };
    const ada = await TestNode.create(network, 'ada', { clock, contactRequestLimits: limits });
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);

    // One stranger repeating itself: the third request in one session closes it.
    const pest = await HostilePeer.dial(network, ada.onion);
    await pest.flood(3, (i) => ({ kind: 'contact-request', id: id(), displayName: 'pest', text: `again ${i}` }));
    await pest.closed;

    // Many strangers at once, while bob and ada chat.
    const chatting = (async () => {
      for (let i = 0; i < 10; i++) await bob.node.sendMessage(ada.onion, `msg ${i}`);
    })();
    const flood = await Promise.allSettled(
      Array.from({ length: 12 }, async (_, i) => {
        const bot = await HostilePeer.dial(network, ada.onion);
        await bot.send({ kind: 'contact-request', id: id(), displayName: `bot${i}`, text: 'spam' });
        // An ack (stored) or the end of the session (refused), then leave.
        await until(() => bot.core('ack').length > 0 || !bot.isOpen, 'an ack or the end');
        await bot.close();
      }),
    );
    await chatting;
    expect(flood.every((result) => result.status === 'fulfilled' || result.reason instanceof Error)).toBe(true);
    await until(async () => (await texts(ada, bob.onion)).length === 10, 'every chat message arrives');
    expect(await texts(ada, bob.onion)).toEqual(Array.from({ length: 10 }, (_, i) => `msg ${i}`));
    // The pest's two requests (the second only refreshed the first) and three bots spend the overall burst of five.
    const requests = await ada.node.requests();
    expect(requests).toHaveLength(4);
    expect(requests.find((r) => r.displayName === 'pest')?.requestMessage).toBe('again 1');
    expect(requests.filter((r) => r.displayName === 'pest')).toHaveLength(1);

    // Time refills the overall bucket: one more stranger gets through.
    now += 30_000;
    const late = await stranger(network, ada.onion, 'hello');
    await until(async () => (await ada.node.requests()).length === 5, 'the late request is stored');
    await late.close();
  });

  it('bounds the sessions silent strangers can hold open, without refusing friends', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await bob.shutdown();
    const silent: HostilePeer[] = [];
    for (let i = 0; i < MAX_NON_FRIEND_SESSIONS; i++) silent.push(await stranger(network, ada.onion));
    expect(silent.every((peer) => peer.isOpen)).toBe(true);
    // A friend still gets in.
    await bob.restart();
    await until(async () => (await ada.node.status()).online === 1, 'bob reconnects');
    await leave(silent);
  });

  it('a genuine request still gets in when silent strangers fill every place: the oldest silent one makes room', async () => {
    const network = new MemoryNetwork();
    const ada = await node(network, 'ada');
    // 32 throwaway identities (they cost nothing) open sessions and say nothing.
    const silent: HostilePeer[] = [];
    for (let i = 0; i < MAX_NON_FRIEND_SESSIONS; i++) silent.push(await stranger(network, ada.onion));
    const carol = generateIdentity();
    const session = await stranger(network, ada.onion, 'hi Ada, Carol from the club', carol);
    await until(
      async () => (await ada.node.requests()).some((request) => request.onion === carol.onionAddress),
      "carol's request is listed",
    );
    await until(() => !silent[0]!.isOpen, 'the oldest silent stranger was closed');
    expect(silent.slice(1).every((peer) => peer.isOpen)).toBe(true);
    await leave([...silent, session]);
  });

  it('one stranger gets at most two sessions at once', async () => {
    const network = new MemoryNetwork();
    const ada = await node(network, 'ada');
    const mallory = generateIdentity();
    const first = await HostilePeer.dial(network, ada.onion, mallory);
    const second = await HostilePeer.dial(network, ada.onion, mallory);
    const third = await HostilePeer.dial(network, ada.onion, mallory).catch(() => undefined);
    if (third !== undefined) await third.closed;
    expect(third?.isOpen ?? false).toBe(false);
    expect(first.isOpen && second.isOpen).toBe(true);
    await leave([first, second]);
  });

  it('a stranger who says nothing is closed after the silence limit', async () => {
    const network = new MemoryNetwork();
    const ada = await node(network, 'ada', { timing: { ...FAST_TIMING, strangerSilenceMs: 200 } });
    const quiet = await stranger(network, ada.onion);
    await quiet.closed;
    expect(quiet.isOpen).toBe(false);
  });

  it('the accept of a request we sent never competes with strangers for a place, even in a flood of 100', async () => {
    const network = new MemoryNetwork();
    // Rate limits wide open, so that only the places at the gate stand between strangers and Ada.
    const ada = await node(network, 'ada', {
      contactRequestLimits: { overall: { capacity: 1000, refillIntervalMs: 1 } },
    });
    const bob = await node(network, 'bob');
    // Ada asks Bob; Bob is slow to answer and meanwhile strangers fill Ada's places, each mid-request…
    await ada.node.addContact(bob.onion, 'hi Bob, it is Ada');
    await until(async () => (await bob.node.requests()).length === 1, "ada's request reaches bob");
    const busy: HostilePeer[] = [];
    for (let i = 0; i < MAX_NON_FRIEND_SESSIONS; i++) busy.push(await stranger(network, ada.onion, 'let me in'));
    await until(async () => (await ada.node.requests()).length === MAX_NON_FRIEND_SESSIONS, 'every place is taken');
    // … and 100 more, silent, knock while Bob answers.
    const knocking = Promise.all(
      Array.from({ length: 100 }, () => stranger(network, ada.onion).catch(() => undefined)),
    );
    await bob.node.acceptContact(ada.onion);
    await until(
      async () =>
        (await ada.node.contacts()).some((contact) => contact.onion === bob.onion && contact.state === 'friend'),
      "bob is ada's friend",
    );
    await leave([...busy, ...(await knocking)]);
  });

  it('one identity pays for every session it opens: reopening silent sessions runs out its tokens', async () => {
    const network = new MemoryNetwork();
    const ada = await node(network, 'ada', { timing: { ...FAST_TIMING, strangerSilenceMs: 100 } });
    const mallory = generateIdentity();
    await captureLogs(async (lines) => {
      // The per-identity burst is 3: three sessions, each left without a word until Ada closes it.
      for (let i = 0; i < 3; i++) await (await stranger(network, ada.onion, undefined, mallory)).closed;
      expect(lines.join('\n')).not.toContain('over the contact request limits');
      // The fourth is refused at the gate: knocking was not free.
      const fourth = await stranger(network, ada.onion, undefined, mallory).catch(() => undefined);
      await fourth?.closed;
      await until(() => lines.some((line) => line.includes('over the contact request limits')), 'refused at the gate');
    });
    // Someone else still gets in and is heard.
    const carol = await stranger(network, ada.onion, 'hi Ada');
    await until(async () => (await ada.node.requests()).length === 1, "carol's request is listed");
    await carol.close();
  });
});
