import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { BurrowNode } from '../../shared/burrow-node.js';
import { tearDownNodes, TestNode, texts } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

describe('add → accept → chat', () => {
  it('delivers a contact request, accepts it, and chats both ways', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');

    const outgoing = await ada.node.addContact(bob.onion, 'hello from the climbing club');
    expect(outgoing).toMatchObject({
      onion: bob.onion,
      state: 'outgoing-request',
      requestMessage: 'hello from the climbing club',
    });

    await until(async () => (await bob.node.requests()).length === 1, 'bob sees the request');
    const [request] = await bob.node.requests();
    expect(request).toMatchObject({
      onion: ada.onion,
      state: 'incoming-request',
      requestMessage: 'hello from the climbing club',
      displayName: 'ada',
    });
    expect(request).not.toHaveProperty('nickname');
    expect(
      bob.eventsOf('contact').some((e) => e.contact.onion === ada.onion && e.contact.state === 'incoming-request'),
    ).toBe(true);

    const accepted = await bob.node.acceptContact(ada.onion);
    expect(accepted.state).toBe('friend');
    await until(async () => (await ada.node.contacts())[0]?.state === 'friend', 'ada learns of the accept');
    await until(
      async () => (await ada.node.status()).online === 1 && (await bob.node.status()).online === 1,
      'both online',
    );
    expect(ada.eventsOf('presence').at(-1)).toEqual({ type: 'presence', onion: bob.onion, online: true });

    const sent = await ada.node.sendMessage(bob.onion, 'hi bob');
    expect(sent).toMatchObject({ conversation: bob.onion, direction: 'out', text: 'hi bob', state: 'sending' });
    expect(sent.id).toMatch(/^[0-9a-f]{32}$/);
    await until(() => bob.eventsOf('message').some((e) => e.message.text === 'hi bob'), 'bob receives');
    await until(
      () => ada.eventsOf('message-state').some((e) => e.id === sent.id && e.state === 'delivered'),
      'ada gets the ack',
    );
    expect(
      ada
        .eventsOf('message-state')
        .filter((e) => e.id === sent.id)
        .map((e) => e.state),
    ).toEqual(['sent', 'delivered']);

    await bob.node.sendMessage(ada.onion, 'hi ada');
    await until(async () => (await texts(ada, bob.onion)).length === 2, 'ada receives');
    expect(await texts(ada, bob.onion)).toEqual(['hi bob', 'hi ada']);
    expect(await texts(bob, ada.onion)).toEqual(['hi bob', 'hi ada']);
    const [received] = await bob.node.history(ada.onion, {
      limit: 1,
      before: (await bob.node.history(ada.onion))[1]!.id,
    });
    expect(received).toMatchObject({ id: sent.id, direction: 'in', state: 'received' });
    expect((await bob.node.status()).friends).toBe(1);
  });

  it('both adding each other at once makes both friends', async () => {
    const network = new MemoryNetwork({ dialDelayMs: 2 });
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await Promise.all([ada.node.addContact(bob.onion, 'hi bob'), bob.node.addContact(ada.onion, 'hi ada')]);
    await until(
      async () =>
        (await ada.node.contacts())[0]?.state === 'friend' && (await bob.node.contacts())[0]?.state === 'friend',
      'both friends',
    );
    await until(
      async () => (await ada.node.contacts())[0]?.online === true && (await bob.node.contacts())[0]?.online === true,
      'both online',
    );
  });

  it('adding someone who already asked us accepts their request', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await ada.node.addContact(bob.onion, 'hi');
    await until(async () => (await bob.node.requests()).length === 1, 'request arrives');
    const view = await bob.node.addContact(ada.onion, 'sure');
    expect(view.state).toBe('friend');
    await until(async () => (await ada.node.contacts())[0]?.state === 'friend', 'ada becomes a friend');
  });

  it('read receipts move the sender’s message to read', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    const first = await ada.node.sendMessage(bob.onion, 'one');
    const second = await ada.node.sendMessage(bob.onion, 'two');
    await until(async () => (await bob.node.contacts())[0]?.unread === 2, 'bob has two unread');
    await bob.node.markRead(ada.onion);
    expect((await bob.node.contacts())[0]?.unread).toBe(0);
    expect((await bob.node.history(ada.onion)).map((m) => m.state)).toEqual(['read', 'read']);
    await until(async () => (await ada.node.history(bob.onion)).every((m) => m.state === 'read'), 'ada sees read');
    const readEvents = ada
      .eventsOf('message-state')
      .filter((e) => e.state === 'read')
      .map((e) => e.id);
    expect(readEvents.sort()).toEqual([first.id, second.id].sort());
  });

  it('refuses typed errors for bad commands', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await expect(ada.node.sendMessage(bob.onion, 'hi')).rejects.toMatchObject({ name: 'UnknownContactError' });
    await expect(ada.node.addContact('not-an-onion', 'hi')).rejects.toMatchObject({ name: 'InvalidOnionAddressError' });
    await expect(ada.node.addContact(ada.onion, 'hi')).rejects.toMatchObject({ name: 'CannotAddSelfError' });
    await expect(ada.node.addContact(bob.onion, 'x'.repeat(1025))).rejects.toMatchObject({
      name: 'RequestMessageTooLongError',
    });
    await ada.node.addContact(bob.onion, 'hi');
    await expect(ada.node.sendMessage(bob.onion, 'hi')).rejects.toMatchObject({ name: 'NotAFriendError' });
    await expect(ada.node.acceptContact(bob.onion)).rejects.toMatchObject({ name: 'NoPendingRequestError' });
    await befriendAfterRequest(ada, bob);
    await expect(ada.node.sendMessage(bob.onion, 'x'.repeat(16 * 1024 + 1))).rejects.toMatchObject({
      name: 'MessageTooLongError',
    });
    await expect(ada.node.sendMessage(bob.onion, '')).rejects.toMatchObject({ name: 'EmptyMessageError' });
    await expect(ada.node.history(bob.onion, { limit: 501 })).rejects.toMatchObject({
      name: 'InvalidHistoryLimitError',
    });
    await expect(ada.node.history(bob.onion, { before: 'ff'.repeat(16) })).rejects.toMatchObject({
      name: 'UnknownMessageError',
    });
    await expect(ada.node.setNickname(bob.onion, 'a\u001bb')).rejects.toMatchObject({ name: 'InvalidNicknameError' });
    expect(await ada.node.setNickname(bob.onion, '  Bobby ')).toMatchObject({ nickname: 'Bobby' });
    expect(await ada.node.setNickname(bob.onion, '')).not.toHaveProperty('nickname');
    expect((await ada.node.contacts())[0]).toMatchObject({ state: 'friend', online: true });
    await ada.node.sendMessage(bob.onion, 'soon forgotten');
    await ada.node.removeContact(bob.onion);
    expect(await ada.node.contacts()).toEqual([]);
    await expect(ada.node.history(bob.onion)).rejects.toMatchObject({ name: 'UnknownContactError' });
    await expect(ada.node.removeContact(bob.onion)).rejects.toMatchObject({ name: 'UnknownContactError' });
    await ada.node.stop();
    await expect(ada.node.status()).rejects.toMatchObject({ name: 'NodeStoppedError' });
  });
});

async function befriendAfterRequest(ada: TestNode, bob: TestNode): Promise<void> {
  await until(async () => (await bob.node.requests()).length === 1, 'request arrives');
  await bob.node.acceptContact(ada.onion);
  await until(async () => (await ada.node.contacts())[0]?.online === true, 'ada sees bob online');
}

describe('start and stop', () => {
  it('fails to start with a typed error when the address is already online, leaving nothing behind', async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const twin = network.transport();
    await expect(BurrowNode.start({ store: ada.store, transport: twin })).rejects.toMatchObject({
      name: 'ListenError',
      reason: 'in-use',
    });
    // The first node is unaffected.
    expect((await ada.node.status()).onion).toBe(ada.onion);
  });
});
