/**
 * Taking group messages back, as members meet it through the node API over the memory network:
 * edits, deletes for everyone (the author's, an admin's moderation), reactions, replies and the
 * admin-only timer reach every member; the text that went is gone from each member's store
 * (a replica rebuilt from the store cannot read it); and what members may not do is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupMessageView } from '../../../src/groups/feature/api.js';
import { fromHexId, GroupEngine } from '../../../src/groups/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { converged, graph, groupAlong, groupOf, historyOf } from './helpers.js';

afterEach(tearDownNodes);

/** Ada (admin) – Bob (admin) – Cyd (member). */
async function trio(): Promise<{ a: TestNode; b: TestNode; c: TestNode; groupId: string }> {
  const [a, b, c] = await graph(
    new MemoryNetwork(),
    ['ada', 'bob', 'cyd'],
    [
      [0, 1],
      [1, 2],
    ],
  );
  return { a: a!, b: b!, c: c!, groupId: await groupAlong([a!, b!, c!]) };
}

async function lineOf(node: TestNode, groupId: string, id: string): Promise<GroupMessageView | undefined> {
  const entry = (await historyOf(node, groupId)).find((item) => item.id === id);
  return entry?.type === 'message' ? entry : undefined;
}

async function everyone(
  nodes: readonly TestNode[],
  groupId: string,
  id: string,
  check: (line?: GroupMessageView) => boolean,
  what: string,
) {
  for (const node of nodes) await until(async () => check(await lineOf(node, groupId, id)), `${node.name}: ${what}`);
}

/** Every text a replica rebuilt from `node`'s store can read of the group. */
function storedTexts(node: TestNode, groupId: string): string[] {
  const engine = new GroupEngine({
    identity: node.store.identity.get().keyPair,
    isFriend: () => true,
    now: Date.now(),
  });
  const id = fromHexId(groupId);
  engine.restoreGroup(groupId, node.store.groups.ops(id), node.store.groups.messages(id));
  return engine
    .replica(groupId)!
    .messages.timeline()
    .map((message) => message.content.text);
}

describe('group message lifecycle', () => {
  it('edits and deletes reach every member, and the old text is gone from every store', async () => {
    const { a, b, c, groupId } = await trio();
    const all = [a, b, c];
    const sent = await c.node.groups.send(groupId, 'helo wrold');
    await converged(all, groupId, 1);

    const edited = await c.node.groups.lifecycle.edit(groupId, sent.id, 'hello world');
    expect(edited).toMatchObject({ text: 'hello world', edited: true });
    await everyone(
      all,
      groupId,
      sent.id,
      (line) => line?.text === 'hello world' && line.edited === true,
      'sees the edit',
    );
    expect(await converged(all, groupId, 1)).toEqual(['hello world']);
    for (const node of all) {
      expect(storedTexts(node, groupId)).not.toContain('helo wrold');
      expect(node.eventsOf('group-entry-updated').some((event) => event.entry.id === sent.id)).toBe(true);
    }

    await c.node.groups.lifecycle.delete(groupId, sent.id, { forEveryone: true });
    await everyone(all, groupId, sent.id, (line) => line?.deleted === true && line.text === '', 'sees the tombstone');
    for (const node of all) expect(storedTexts(node, groupId)).not.toContain('hello world');
    await expect(c.node.groups.lifecycle.edit(groupId, sent.id, 'again')).rejects.toMatchObject({
      name: 'MessageDeletedError',
    });

    // The history survives a restart: the tombstone stays, the text does not come back.
    await b.restart();
    expect(await lineOf(b, groupId, sent.id)).toMatchObject({ deleted: true, text: '' });
  });

  it('lets an admin delete anyone’s message, and refuses members acting on others’ messages', async () => {
    const { a, b, c, groupId } = await trio();
    const all = [a, b, c];
    const fromA = await a.node.groups.send(groupId, 'from ada');
    const fromC = await c.node.groups.send(groupId, 'spam from cyd');
    await converged(all, groupId, 2);

    await expect(c.node.groups.lifecycle.edit(groupId, fromA.id, 'rewritten')).rejects.toMatchObject({
      name: 'NotYourMessageError',
    });
    await expect(c.node.groups.lifecycle.delete(groupId, fromA.id, { forEveryone: true })).rejects.toMatchObject({
      name: 'NotYourMessageError',
    });
    await expect(a.node.groups.lifecycle.edit(groupId, fromC.id, 'rewritten')).rejects.toMatchObject({
      name: 'NotYourMessageError',
    });
    await expect(c.node.groups.lifecycle.setTimer(groupId, 3600)).rejects.toMatchObject({ name: 'NotGroupAdminError' });
    await expect(c.node.groups.lifecycle.edit(groupId, 'ff'.repeat(32), 'x')).rejects.toMatchObject({
      name: 'UnknownGroupEntryError',
    });

    await a.node.groups.lifecycle.delete(groupId, fromC.id, { forEveryone: true });
    await everyone(all, groupId, fromC.id, (line) => line?.deleted === true, 'sees the moderation');
    expect(await lineOf(c, groupId, fromA.id)).toMatchObject({ text: 'from ada' });
    for (const node of all) expect(storedTexts(node, groupId)).not.toContain('spam from cyd');
  });

  it('counts reactions per member, carries replies, and shows an admin’s timer as a line', async () => {
    const { a, b, c, groupId } = await trio();
    const all = [a, b, c];
    const question = await a.node.groups.send(groupId, 'lunch?');
    await converged(all, groupId, 1);

    await b.node.groups.lifecycle.react(groupId, question.id, '👍');
    await c.node.groups.lifecycle.react(groupId, question.id, '👍');
    await everyone(all, groupId, question.id, (line) => line?.reactions?.[0]?.count === 2, 'counts two 👍');
    await c.node.groups.lifecycle.react(groupId, question.id, '❤️');
    await b.node.groups.lifecycle.react(groupId, question.id, undefined);
    await everyone(
      all,
      groupId,
      question.id,
      (line) => JSON.stringify(line?.reactions?.map((r) => [r.emoji, r.count])) === JSON.stringify([['❤️', 1]]),
      'sees one ❤️',
    );
    expect((await lineOf(c, groupId, question.id))?.reactions?.[0]?.mine).toBe(true);
    expect((await groupOf(a, groupId))?.unread).toBe(0); // reactions are no unread lines
    await expect(b.node.groups.lifecycle.react(groupId, question.id, 'yes')).rejects.toMatchObject({
      name: 'InvalidReactionError',
    });

    const answer = await c.node.groups.send(groupId, 'yes!', { replyTo: question.id.slice(0, 12) });
    expect(answer.replyTo).toBe(question.id);
    await everyone(all, groupId, answer.id, (line) => line?.replyTo === question.id, 'sees the reply');

    const line = await a.node.groups.lifecycle.setTimer(groupId, 3600);
    expect(line).toMatchObject({ timer: 3600, text: '' });
    await everyone(all, groupId, line.id, (entry) => entry?.timer === 3600, 'sees the timer line');
    for (const node of all) expect(await node.node.groups.lifecycle.timer(groupId)).toBe(3600);
    await expect(a.node.groups.lifecycle.setTimer(groupId, 3)).rejects.toMatchObject({ name: 'InvalidTimerError' });
    // Reactions and edits are no lines of history.
    expect(await converged(all, groupId, 3)).toEqual(['lunch?', 'yes!', '']);
  });

  it('makes messages under an admin’s timer leave history and store that long after each member read them (fake clock)', async () => {
    let now = 1_800_000_000_000;
    const network = new MemoryNetwork();
    const [a, b] = [
      await TestNode.create(network, 'ada', { clock: () => now }),
      await TestNode.create(network, 'bob', { clock: () => now }),
    ];
    await befriend(a, b);
    const groupId = await groupAlong([a, b]);
    const before = await b.node.groups.send(groupId, 'said before the timer');
    await converged([a, b], groupId, 1); // the timer applies to what follows it in display order
    await a.node.groups.lifecycle.setTimer(groupId, 60);
    await until(async () => (await b.node.groups.lifecycle.timer(groupId)) === 60, 'bob has the timer');
    const secret = await b.node.groups.send(groupId, 'burn after reading');
    expect(secret.expiresAt).toBe(now + 60_000); // Bob's own copy: from when he wrote it
    await converged([a, b], groupId, 3);
    // Ada has not read it: her copy's timer has not started.
    expect(await lineOf(a, groupId, secret.id)).not.toHaveProperty('expiresAt');
    expect(await lineOf(a, groupId, before.id)).not.toHaveProperty('expiresAt');

    now += 60_000;
    const nudge = await a.node.groups.send(groupId, 'nudge'); // arms the sweepers with the new time
    await until(async () => (await lineOf(b, groupId, nudge.id)) !== undefined, 'bob has the nudge');
    await until(async () => (await lineOf(b, groupId, secret.id)) === undefined, 'gone for bob, its author');
    expect(storedTexts(b, groupId)).not.toContain('burn after reading');
    expect(await lineOf(a, groupId, secret.id)).toMatchObject({ text: 'burn after reading' }); // still unread

    now += 3_600_000; // an hour later Ada reads the group: her copy has a minute from now
    await a.node.groups.markRead(groupId);
    expect((await lineOf(a, groupId, secret.id))?.expiresAt).toBe(now + 60_000);
    now += 59_000;
    await a.node.groups.markRead(groupId); // nothing new: the clock does not start again
    expect((await lineOf(a, groupId, secret.id))?.expiresAt).toBe(now + 1_000);
    now += 1_000;
    await a.node.groups.send(groupId, 'nudge again');
    await until(async () => (await lineOf(a, groupId, secret.id)) === undefined, 'gone for ada after her read');
    expect(storedTexts(a, groupId)).not.toContain('burn after reading');
    for (const node of [a, b]) {
      expect(await lineOf(node, groupId, before.id)).toMatchObject({ text: 'said before the timer' });
      expect(node.eventsOf('group-retracted').some((event) => event.ids.includes(secret.id))).toBe(true);
    }
    await expect(b.node.groups.lifecycle.react(groupId, secret.id, '👍')).rejects.toMatchObject({
      name: 'UnknownGroupEntryError',
    });
  });
});
