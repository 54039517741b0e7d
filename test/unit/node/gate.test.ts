import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { generateIdentity } from '../../../src/crypto/identity.js';
import { decodeMessage, encodeMessage } from '../../../src/protocol/envelope/index.js';
import { MAX_NON_FRIEND_SESSIONS } from '../../../src/node/node-timing.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { captureLogs, FAST_TIMING, rawSession, tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import type { SecureSession } from '../../../src/session/secure-session.js';

afterEach(tearDownNodes);

const node = (
  network: MemoryNetwork,
  name: string,
  options: Parameters<typeof TestNode.create>[2] = {},
): Promise<TestNode> => TestNode.create(network, name, options);

const id = (): Uint8Array => new Uint8Array(randomBytes(16));

describe('the gate and strangers', () => {
  it("refuses a stranger's chat message: the session is closed with a typed error, nothing stored", async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    await captureLogs(async (lines) => {
      const stranger = await rawSession(network, ada.onion);
      expect(stranger.isOpen).toBe(true);
      await stranger.send(encodeMessage({ kind: 'chat-message', id: id(), createdAt: 1, text: 'buy my stuff' }));
      const reason = await stranger.closed;
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
    const stranger = await rawSession(network, ada.onion, strangerIdentity);
    const requestId = id();
    await stranger.send(
      encodeMessage({ kind: 'contact-request', id: requestId, displayName: 'eve', text: 'let me in' }),
    );
    const reader = stranger[Symbol.asyncIterator]();
    const ack = await reader.next();
    expect(ack.done).toBe(false);
    await until(async () => (await ada.node.requests()).length === 1, 'the request is listed');
    expect((await ada.node.requests())[0]).toMatchObject({
      onion: strangerIdentity.onionAddress,
      requestMessage: 'let me in',
      displayName: 'eve',
    });
    // A second, different kind from the same stranger closes the session.
    await captureLogs(async (lines) => {
      await stranger.send(encodeMessage({ kind: 'read-receipt', id: id(), ids: [requestId] }));
      await stranger.closed;
      await until(() => lines.some((line) => line.includes('UnexpectedMessageError')), 'the typed error is logged');
    });
    expect(stranger.isOpen).toBe(false);
  });

  it('gives a blocked identity exactly what a stranger gets: its request is acknowledged and dropped', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const mallory = generateIdentity();
    await ada.node.blockContact(mallory.onionAddress);
    // The same exchange for the blocked identity and for an unknown one: a session, an ack.
    for (const identity of [mallory, generateIdentity()]) {
      const session = await rawSession(network, ada.onion, identity);
      const requestId = id();
      await session.send(
        encodeMessage({ kind: 'contact-request', id: requestId, displayName: 'm', text: 'let me in' }),
      );
      const ack = await session[Symbol.asyncIterator]().next();
      expect(ack.done).toBe(false);
      expect(decodeMessage(ack.value as Uint8Array)).toMatchObject({ kind: 'ack', ids: [requestId] });
      await session.close();
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
        const session = await rawSession(network, ada.onion, broken);
        await session.send(garbage);
        await session.closed;
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
    const pest = await rawSession(network, ada.onion);
    for (let i = 0; i < 3; i++)
      await pest.send(encodeMessage({ kind: 'contact-request', id: id(), displayName: 'pest', text: `again ${i}` }));
    await pest.closed;

    // Many strangers at once, while bob and ada chat.
    const chatting = (async () => {
      for (let i = 0; i < 10; i++) await bob.node.sendMessage(ada.onion, `msg ${i}`);
    })();
    const flood = await Promise.allSettled(
      Array.from({ length: 12 }, async (_, i) => {
        const session = await rawSession(network, ada.onion);
        await session.send(encodeMessage({ kind: 'contact-request', id: id(), displayName: `bot${i}`, text: 'spam' }));
        // An ack (stored) or the end of the session (refused), then leave.
        await session[Symbol.asyncIterator]()
          .next()
          .catch(() => undefined);
        await session.close();
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
    const late = await rawSession(network, ada.onion);
    await late.send(encodeMessage({ kind: 'contact-request', id: id(), displayName: 'late', text: 'hello' }));
    await until(async () => (await ada.node.requests()).length === 5, 'the late request is stored');
    await late.close();
  });

  it('bounds the sessions silent strangers can hold open, without refusing friends', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    await bob.shutdown();
    const silent = [];
    for (let i = 0; i < MAX_NON_FRIEND_SESSIONS; i++) silent.push(await rawSession(network, ada.onion));
    expect(silent.every((session) => session.isOpen)).toBe(true);
    // A friend still gets in.
    await bob.restart();
    await until(async () => (await ada.node.status()).online === 1, 'bob reconnects');
    await Promise.all(silent.map((session) => session.close()));
  });

  it('a genuine request still gets in when silent strangers fill every place: the oldest silent one makes room', async () => {
    const network = new MemoryNetwork();
    const ada = await node(network, 'ada');
    // 32 throwaway identities (they cost nothing) open sessions and say nothing.
    const silent: SecureSession[] = [];
    for (let i = 0; i < MAX_NON_FRIEND_SESSIONS; i++) silent.push(await rawSession(network, ada.onion));
    const carol = generateIdentity();
    const session = await rawSession(network, ada.onion, carol);
    await session.send(
      encodeMessage({ kind: 'contact-request', id: id(), displayName: 'carol', text: 'hi Ada, Carol from the club' }),
    );
    await until(
      async () => (await ada.node.requests()).some((request) => request.onion === carol.onionAddress),
      "carol's request is listed",
    );
    await until(() => !silent[0]!.isOpen, 'the oldest silent stranger was closed');
    expect(silent.slice(1).every((stranger) => stranger.isOpen)).toBe(true);
    await Promise.all([...silent, session].map((stranger) => stranger.close()));
  });

  it('one stranger gets at most two sessions at once', async () => {
    const network = new MemoryNetwork();
    const ada = await node(network, 'ada');
    const mallory = generateIdentity();
    const first = await rawSession(network, ada.onion, mallory);
    const second = await rawSession(network, ada.onion, mallory);
    const third = await rawSession(network, ada.onion, mallory).catch(() => undefined);
    if (third !== undefined) await third.closed;
    expect(third?.isOpen ?? false).toBe(false);
    expect(first.isOpen && second.isOpen).toBe(true);
    await Promise.all([first.close(), second.close()]);
  });

  it('a stranger who says nothing is closed after the silence limit', async () => {
    const network = new MemoryNetwork();
    const ada = await node(network, 'ada', { timing: { ...FAST_TIMING, strangerSilenceMs: 200 } });
    const quiet = await rawSession(network, ada.onion);
    await quiet.closed;
    expect(quiet.isOpen).toBe(false);
  });

  it('the accept of a request we sent never competes with strangers for a place', async () => {
    const network = new MemoryNetwork();
    // Rate limits wide open, so that only the places at the gate stand between strangers and Ada.
    const ada = await node(network, 'ada', {
      contactRequestLimits: { overall: { capacity: 1000, refillIntervalMs: 1 } },
    });
    const bob = await node(network, 'bob');
    // Ada asks Bob; Bob is slow to answer and meanwhile strangers fill Ada's places, each mid-request.
    await ada.node.addContact(bob.onion, 'hi Bob, it is Ada');
    await until(async () => (await bob.node.requests()).length === 1, "ada's request reaches bob");
    const busy: SecureSession[] = [];
    for (let i = 0; i < MAX_NON_FRIEND_SESSIONS; i++) {
      const stranger = await rawSession(network, ada.onion);
      await stranger.send(
        encodeMessage({ kind: 'contact-request', id: id(), displayName: `s${i}`, text: 'let me in' }),
      );
      busy.push(stranger);
    }
    await bob.node.acceptContact(ada.onion);
    await until(
      async () =>
        (await ada.node.contacts()).some((contact) => contact.onion === bob.onion && contact.state === 'friend'),
      "bob is ada's friend",
    );
    await Promise.all(busy.map((stranger) => stranger.close()));
  });
});
