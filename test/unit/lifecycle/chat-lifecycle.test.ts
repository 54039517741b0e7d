/**
 * Taking 1:1 messages back between two nodes (docs/PROTOCOL.md "Message lifecycle"): edits,
 * deletes, replies, reactions and timers as the user meets them through the node API, and what
 * a hostile friend's node cannot do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { parseMessageId } from '../../../src/protocol/chat/message-id.js';
import type { MessageView } from '../../../src/chat/feature/api.js';
import { befriend } from '../../shared/befriend.js';
import { envelopeId, HostilePeer } from '../../shared/hostile-peer.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';

afterEach(tearDownNodes);

async function friends(clock?: () => number): Promise<{ ada: TestNode; bob: TestNode }> {
  const network = new MemoryNetwork();
  const options = clock === undefined ? {} : { clock };
  const ada = await TestNode.create(network, 'ada', options);
  const bob = await TestNode.create(network, 'bob', options);
  await befriend(ada, bob);
  return { ada, bob };
}

async function seen(node: TestNode, peer: string, id: string): Promise<MessageView | undefined> {
  return (await node.node.history(peer, { limit: 500 })).find((message) => message.id === id);
}

async function delivered(node: TestNode, id: string): Promise<void> {
  await until(() => node.eventsOf('message-state').some((e) => e.id === id && e.state === 'delivered'), 'delivered');
}

describe('edit and delete for everyone', () => {
  it('shows the new text marked edited on both sides, then a tombstone on both sides', async () => {
    const { ada, bob } = await friends();
    const sent = await ada.node.sendMessage(bob.onion, 'see you at 5');
    await delivered(ada, sent.id);

    const edited = await ada.node.lifecycle.edit(bob.onion, sent.id, 'see you at 6');
    expect(edited).toMatchObject({ id: sent.id, text: 'see you at 6', edited: true });
    await until(async () => (await seen(bob, ada.onion, sent.id))?.text === 'see you at 6', 'bob sees the edit');
    expect(await seen(bob, ada.onion, sent.id)).toMatchObject({ edited: true, deleted: false });
    expect(bob.eventsOf('message-updated').some((e) => e.message.text === 'see you at 6')).toBe(true);

    await ada.node.lifecycle.delete(bob.onion, sent.id, { forEveryone: true });
    expect(await seen(ada, bob.onion, sent.id)).toMatchObject({ text: '', deleted: true });
    await until(async () => (await seen(bob, ada.onion, sent.id))?.deleted === true, 'bob sees the tombstone');
    expect(await seen(bob, ada.onion, sent.id)).toMatchObject({ text: '', edited: false });
    // The actions themselves are not lines of history.
    expect((await bob.node.history(ada.onion)).map((m) => m.id)).toEqual([sent.id]);
  });

  it('refuses edits and deletes for everyone of the friend’s messages, unknown ids and huge texts', async () => {
    const { ada, bob } = await friends();
    const theirs = await bob.node.sendMessage(ada.onion, 'mine, not yours');
    await until(async () => (await seen(ada, bob.onion, theirs.id)) !== undefined, 'ada has it');
    const mine = await ada.node.sendMessage(bob.onion, 'hello');

    await expect(ada.node.lifecycle.edit(bob.onion, theirs.id, 'changed')).rejects.toMatchObject({
      name: 'NotYourMessageError',
    });
    await expect(ada.node.lifecycle.delete(bob.onion, theirs.id, { forEveryone: true })).rejects.toMatchObject({
      name: 'NotYourMessageError',
    });
    await expect(ada.node.lifecycle.edit(bob.onion, 'f'.repeat(32), 'x')).rejects.toMatchObject({
      name: 'UnknownMessageError',
    });
    await expect(ada.node.lifecycle.edit(bob.onion, 'not-an-id', 'x')).rejects.toMatchObject({
      name: 'UnknownMessageError',
    });
    await expect(ada.node.lifecycle.edit(bob.onion, mine.id, 'x'.repeat(20_000))).rejects.toMatchObject({
      name: 'MessageTooLongError',
    });
    await expect(ada.node.lifecycle.edit(bob.onion, mine.id, '')).rejects.toMatchObject({ name: 'EmptyMessageError' });
    // Deleting the friend's message for me only is fine: it leaves my history.
    await ada.node.lifecycle.delete(bob.onion, theirs.id);
    expect(await seen(ada, bob.onion, theirs.id)).toBeUndefined();
    await expect(ada.node.lifecycle.edit(bob.onion, mine.id, 'x')).resolves.toMatchObject({ text: 'x' });
    await ada.node.lifecycle.delete(bob.onion, mine.id, { forEveryone: true });
    await expect(ada.node.lifecycle.edit(bob.onion, mine.id, 'again')).rejects.toMatchObject({
      name: 'MessageDeletedError',
    });
  });

  it('delivers an edit and a delete made while the friend was offline once they are back', async () => {
    const { ada, bob } = await friends();
    const first = await ada.node.sendMessage(bob.onion, 'first draft');
    const second = await ada.node.sendMessage(bob.onion, 'regret this');
    await delivered(ada, second.id);
    await bob.shutdown();
    await ada.node.lifecycle.edit(bob.onion, first.id, 'final draft');
    await ada.node.lifecycle.delete(bob.onion, second.id, { forEveryone: true });
    await bob.restart();
    await until(async () => (await seen(bob, ada.onion, first.id))?.text === 'final draft', 'the edit arrives');
    await until(async () => (await seen(bob, ada.onion, second.id))?.deleted === true, 'the delete arrives');
  });
});

describe('replies and reactions', () => {
  it('carries the quoted id and one reaction per person, changeable and removable', async () => {
    const { ada, bob } = await friends();
    const question = await ada.node.sendMessage(bob.onion, 'pizza?');
    await until(async () => (await seen(bob, ada.onion, question.id)) !== undefined, 'bob has it');
    const answer = await bob.node.sendMessage(ada.onion, 'yes!', { replyTo: question.id });
    expect(answer.replyTo).toBe(question.id);
    await until(async () => (await seen(ada, bob.onion, answer.id))?.replyTo === question.id, 'ada sees the reply');

    await bob.node.lifecycle.react(ada.onion, question.id, '👍');
    await ada.node.lifecycle.react(bob.onion, question.id, '👍');
    await until(
      async () => (await seen(ada, bob.onion, question.id))?.reactions?.[0]?.count === 2,
      'ada counts two thumbs',
    );
    expect((await seen(ada, bob.onion, question.id))?.reactions).toEqual([{ emoji: '👍', count: 2, mine: true }]);
    await bob.node.lifecycle.react(ada.onion, question.id, '🎉');
    await until(async () => (await seen(ada, bob.onion, question.id))?.reactions?.length === 2, 'bob changed his');
    await bob.node.lifecycle.react(ada.onion, question.id, undefined);
    await until(async () => (await seen(ada, bob.onion, question.id))?.reactions?.length === 1, 'bob removed his');

    for (const bad of ['ok', '👍👍', '', 'x'.repeat(100)])
      await expect(ada.node.lifecycle.react(bob.onion, question.id, bad)).rejects.toMatchObject({
        name: 'InvalidReactionError',
      });
    await expect(ada.node.sendMessage(bob.onion, 're', { replyTo: 'a'.repeat(32) })).rejects.toMatchObject({
      name: 'UnknownMessageError',
    });
  });
});

describe('disappearing messages', () => {
  it('shows the timer as a system line on both sides and makes messages disappear after it (fake clock)', async () => {
    let now = 1_800_000_000_000;
    const { ada, bob } = await friends(() => now);
    const line = await ada.node.lifecycle.setTimer(bob.onion, 60);
    expect(line).toMatchObject({ timer: 60, text: '' });
    await until(async () => (await bob.node.lifecycle.timer(ada.onion)) === 60, 'bob has the timer');
    expect((await bob.node.history(ada.onion)).some((m) => m.timer === 60)).toBe(true);

    const sent = await ada.node.sendMessage(bob.onion, 'burn after reading');
    expect(sent.expiresAt).toBe(now + 60_000);
    await until(async () => (await seen(bob, ada.onion, sent.id)) !== undefined, 'bob has it');
    expect((await seen(bob, ada.onion, sent.id))?.expiresAt).toBeUndefined(); // not read yet
    await bob.node.markRead(ada.onion);
    expect((await seen(bob, ada.onion, sent.id))?.expiresAt).toBe(now + 60_000);

    now += 59_000;
    await ada.node.sendMessage(bob.onion, 'nudge the sweeper'); // arms it with the new time
    expect(await seen(ada, bob.onion, sent.id)).toBeDefined();
    now += 1_000;
    const nudge = await ada.node.sendMessage(bob.onion, 'nudge again');
    await until(async () => (await seen(bob, ada.onion, nudge.id)) !== undefined, 'bob has the nudge');
    await bob.node.markRead(ada.onion); // arms bob's sweeper with the new time
    await until(async () => (await seen(ada, bob.onion, sent.id)) === undefined, 'gone on ada’s side');
    await until(async () => (await seen(bob, ada.onion, sent.id)) === undefined, 'gone on bob’s side');
    expect(ada.eventsOf('message-removed').some((e) => e.id === sent.id)).toBe(true);

    await expect(ada.node.lifecycle.setTimer(bob.onion, 3)).rejects.toMatchObject({ name: 'InvalidTimerError' });
    await expect(ada.node.lifecycle.setTimer(bob.onion, 1e12)).rejects.toMatchObject({ name: 'InvalidTimerError' });
  });
});

describe('a hostile friend', () => {
  async function bobAndEve(): Promise<{ bob: TestNode; eve: HostilePeer; eveOnion: string }> {
    const network = new MemoryNetwork();
    const bob = await TestNode.create(network, 'bob');
    const eveNode = await TestNode.create(network, 'eve');
    await befriend(eveNode, bob);
    const identity = eveNode.store.identity.get().keyPair;
    await eveNode.shutdown();
    const eve = await HostilePeer.dial(network, bob.onion, identity);
    await eve.greetAsFriend('eve');
    return { bob, eve, eveOnion: eveNode.onion };
  }

  it('cannot edit or delete what it did not write', async () => {
    const { bob, eve, eveOnion } = await bobAndEve();
    const bobs = await bob.node.sendMessage(eveOnion, 'bob wrote this');
    const target = parseMessageId(bobs.id)!;
    await eve.send({
      kind: 'chat-message',
      id: envelopeId(),
      createdAt: 1,
      text: 'eve wrote this',
      action: { kind: 'edit', target },
    });
    await eve.send({
      kind: 'chat-message',
      id: envelopeId(),
      createdAt: 2,
      text: '',
      action: { kind: 'delete', target },
    });
    const probe = envelopeId();
    await eve.send({ kind: 'chat-message', id: probe, createdAt: 3, text: 'probe' });
    await until(async () => (await bob.node.history(eveOnion)).some((m) => m.text === 'probe'), 'bob read it all');
    expect(await seen(bob, eveOnion, bobs.id)).toMatchObject({ text: 'bob wrote this', edited: false, deleted: false });
  });

  it('has an edit or delete that arrives before its message applied when the message arrives, once', async () => {
    const { bob, eve, eveOnion } = await bobAndEve();
    const early = envelopeId();
    const late = envelopeId();
    await eve.send({
      kind: 'chat-message',
      id: envelopeId(),
      createdAt: 5,
      text: 'edited early',
      action: { kind: 'edit', target: early },
    });
    const del = envelopeId();
    await eve.send({ kind: 'chat-message', id: del, createdAt: 6, text: '', action: { kind: 'delete', target: late } });
    await eve.replay(); // the delete again: a duplicate
    await eve.send({ kind: 'chat-message', id: early, createdAt: 4, text: 'original' });
    await eve.send({ kind: 'chat-message', id: late, createdAt: 4, text: 'doomed' });
    const hex = (id: Uint8Array): string => Buffer.from(id).toString('hex');
    await until(async () => (await seen(bob, eveOnion, hex(late))) !== undefined, 'both arrived');
    expect(await seen(bob, eveOnion, hex(early))).toMatchObject({ text: 'edited early', edited: true });
    expect(await seen(bob, eveOnion, hex(late))).toMatchObject({ text: '', deleted: true });
    // A late edit does not resurrect a deleted message.
    await eve.send({
      kind: 'chat-message',
      id: envelopeId(),
      createdAt: 9,
      text: 'back!',
      action: { kind: 'edit', target: late },
    });
    const probe = envelopeId();
    await eve.send({ kind: 'chat-message', id: probe, createdAt: 10, text: 'probe' });
    await until(async () => (await seen(bob, eveOnion, hex(probe))) !== undefined, 'probe');
    expect(await seen(bob, eveOnion, hex(late))).toMatchObject({ text: '', deleted: true });
  });

  it('cannot react with text or make its messages carry their own shorter timer', async () => {
    const { bob, eve, eveOnion } = await bobAndEve();
    const bobs = await bob.node.sendMessage(eveOnion, 'react to me');
    const target = parseMessageId(bobs.id)!;
    await eve.send({
      kind: 'chat-message',
      id: envelopeId(),
      createdAt: 1,
      text: 'lol',
      action: { kind: 'react', target },
    });
    const probe = envelopeId();
    await eve.send({ kind: 'chat-message', id: probe, createdAt: 2, text: 'probe' });
    await until(async () => (await bob.node.history(eveOnion)).some((m) => m.text === 'probe'), 'probe');
    expect((await seen(bob, eveOnion, bobs.id))?.reactions).toEqual([]);
    // Messages have no timer field: the only way is the conversation timer, which Bob sees as a line.
    expect((await bob.node.history(eveOnion)).find((m) => m.text === 'probe')?.expiresAt).toBeUndefined();
  });
});
