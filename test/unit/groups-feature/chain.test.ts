/**
 * Groups over real nodes on the in-memory transport, with friendships forming a chain
 * A–B–C–D: A and D are not friends and never connect, so everything between them is
 * forwarded by B and C over their friend sessions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupSystemView } from '../../../src/groups/feature/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { tearDownNodes, type TestNode } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { converged, graph, groupAlong, groupOf, historyOf, join, textsOf } from './helpers.js';

afterEach(tearDownNodes);

async function chain(): Promise<TestNode[]> {
  return graph(
    new MemoryNetwork(),
    ['ada', 'bob', 'cyd', 'dee'],
    [
      [0, 1],
      [1, 2],
      [2, 3],
    ],
  );
}

describe('a group along a chain of friends', () => {
  it("carries A's message to D and D's reply to A, with the same history everywhere", async () => {
    const [a, b, c, d] = await chain();
    const groupId = await groupAlong([a!, b!, c!, d!]);

    await a!.node.groups.send(groupId, 'hello from ada');
    await until(async () => (await textsOf(d!, groupId)).includes('hello from ada'), 'D gets A’s message');
    await d!.node.groups.send(groupId, 'hi ada, dee here');
    await until(async () => (await textsOf(a!, groupId)).includes('hi ada, dee here'), 'A gets D’s reply');
    expect(await converged([a!, b!, c!, d!], groupId, 2)).toEqual(['hello from ada', 'hi ada, dee here']);

    // The whole history, system lines included, is the same line for line on every member.
    const histories = await Promise.all([a!, b!, c!, d!].map((node) => historyOf(node, groupId)));
    for (const history of histories)
      expect(history.map((entry) => entry.id)).toEqual(histories[0]!.map((entry) => entry.id));
    const system = histories[0]!.filter((entry): entry is GroupSystemView => entry.type === 'system');
    expect(system.map((entry) => entry.event)).toEqual(['created', 'added', 'admin', 'added', 'admin', 'added']);
    expect(system[0]).toMatchObject({ name: 'climbers', actor: { onion: a!.onion, name: 'ada' } });

    // D sees A, who is not D's friend, under A's announced name and fingerprint, marked as not a friend.
    const seenByD = (await groupOf(d!, groupId))!.members;
    expect(seenByD.find((member) => member.onion === a!.onion)).toMatchObject({
      name: 'ada',
      isFriend: false,
      isAdmin: true,
      fingerprint: `${a!.onion.slice(0, 4)} ${a!.onion.slice(4, 8)}`,
    });
    expect(seenByD.find((member) => member.onion === c!.onion)).toMatchObject({ isFriend: true });
    expect(seenByD.find((member) => member.onion === d!.onion)).toMatchObject({ isSelf: true, isFriend: false });
    const fromA = (await historyOf(d!, groupId)).find(
      (entry) => entry.type === 'message' && entry.text === 'hello from ada',
    );
    expect(fromA).toMatchObject({ sender: { onion: a!.onion, isFriend: false } });
  });

  it('counts unread messages of others and clears them on read', async () => {
    const [a, b] = await chain();
    const groupId = await groupAlong([a!, b!]);
    await a!.node.groups.send(groupId, 'one');
    await a!.node.groups.send(groupId, 'two');
    await until(async () => (await groupOf(b!, groupId))?.unread === 2, 'two unread');
    expect((await groupOf(a!, groupId))?.unread).toBe(0);
    await b!.node.groups.markRead(groupId);
    expect((await groupOf(b!, groupId))?.unread).toBe(0);
    expect(b!.eventsOf('group').at(-1)?.group.unread).toBe(0);
  });

  it('lets a member who was offline catch up on return, in order', async () => {
    const [a, b, c, d] = await chain();
    const groupId = await groupAlong([a!, b!, c!, d!]);
    await a!.node.groups.send(groupId, 'before');
    await converged([a!, b!, c!, d!], groupId, 1);

    await d!.shutdown();
    await a!.node.groups.send(groupId, 'while dee was away 1');
    await until(async () => (await textsOf(c!, groupId)).length === 2, 'C gets it');
    await c!.node.groups.send(groupId, 'while dee was away 2');
    // B answers what it has seen: its Lamport clock puts the answer after it on every member.
    await until(async () => (await textsOf(b!, groupId)).length === 3, 'B gets C’s message');
    await b!.node.groups.send(groupId, 'while dee was away 3');
    await converged([a!, b!, c!], groupId, 4);

    await d!.restart();
    expect(await converged([a!, b!, c!, d!], groupId, 4)).toEqual([
      'before',
      'while dee was away 1',
      'while dee was away 2',
      'while dee was away 3',
    ]);
  });

  it('fills gaps both ways when two members reconnect', async () => {
    const [a, b] = await chain();
    const groupId = await groupAlong([a!, b!]);
    await b!.shutdown();
    await a!.node.groups.send(groupId, 'from ada while apart');
    await b!.restart();
    await until(async () => (await textsOf(b!, groupId)).length === 1, 'B catches up');
    await a!.goOffline();
    await b!.node.groups.send(groupId, 'from bob while apart');
    await a!.restart();
    expect(await converged([a!, b!], groupId, 2)).toEqual(['from ada while apart', 'from bob while apart']);
  });

  it('keeps groups, history and a pending invitation across restarts', async () => {
    const [a, b, c] = await chain();
    const groupId = await groupAlong([a!, b!]);
    await a!.node.groups.send(groupId, 'kept');
    await converged([a!, b!], groupId, 1);
    await a!.node.groups.addAdmin(groupId, b!.onion);
    await until(async () => (await groupOf(b!, groupId))?.isAdmin === true, 'B is admin');
    await b!.node.groups.invite(groupId, c!.onion);
    await until(async () => (await c!.node.groups.invitations()).length === 1, 'C gets the invitation');

    await a!.restart();
    await c!.restart();
    await b!.restart();
    expect(await textsOf(a!, groupId)).toEqual(['kept']);
    expect((await groupOf(b!, groupId))?.invited).toEqual([c!.onion]);
    const [invite] = await c!.node.groups.invitations();
    expect(invite).toMatchObject({
      groupId,
      groupName: 'climbers',
      inviter: b!.onion,
      inviterName: 'bob',
      memberCount: 2,
    });
    await c!.node.groups.accept(invite!.id);
    await until(async () => (await groupOf(c!, groupId))?.isMember === true, 'C joins after the restarts');
    // A new member reads what is sent after they joined, not what came before.
    await until(async () => (await groupOf(a!, groupId))?.members.length === 3, 'A learns C joined');
    await a!.node.groups.send(groupId, 'welcome cyd');
    await until(async () => (await textsOf(c!, groupId)).length === 1, 'C reads the welcome');
    expect(await textsOf(c!, groupId)).toEqual(['welcome cyd']);
    expect(await converged([a!, b!], groupId, 2)).toEqual(['kept', 'welcome cyd']);
    expect((await groupOf(b!, groupId))?.invited).toEqual([]);
  });

  it('tells the inviter when an invitation is declined', async () => {
    const [a, b] = await chain();
    const group = await a!.node.groups.create('book club');
    await a!.node.groups.invite(group.id, b!.onion);
    await until(async () => (await b!.node.groups.invitations()).length === 1, 'the invitation arrives');
    const [invite] = await b!.node.groups.invitations();
    await b!.node.groups.decline(invite!.id.slice(0, 6));
    await until(() => a!.eventsOf('group-invite-declined').length === 1, 'A hears of it');
    expect(a!.eventsOf('group-invite-declined')[0]).toEqual({
      type: 'group-invite-declined',
      groupId: group.id,
      onion: b!.onion,
    });
    expect(await b!.node.groups.list()).toEqual([]);
    expect((await groupOf(a!, group.id))?.invited).toEqual([]);
  });

  it('renames, leaves and shows system lines for each', async () => {
    const [a, b, c] = await chain();
    const groupId = await groupAlong([a!, b!, c!]);
    await b!.node.groups.rename(groupId, 'crag crew');
    await until(
      async () =>
        (await groupOf(c!, groupId))?.name === 'crag crew' && (await groupOf(a!, groupId))?.name === 'crag crew',
      'the rename spreads',
    );
    await c!.node.groups.leave(groupId);
    await until(async () => (await groupOf(a!, groupId))?.members.length === 2, 'A sees C leave');
    expect((await groupOf(c!, groupId))?.isMember).toBe(false);
    const lines = (await historyOf(a!, groupId)).filter((entry): entry is GroupSystemView => entry.type === 'system');
    expect(lines.slice(-2).map((line) => [line.event, line.actor.name, line.name])).toEqual([
      ['renamed', 'bob', 'crag crew'],
      ['left', 'cyd', undefined],
    ]);
    await expect(c!.node.groups.send(groupId, 'still here?')).rejects.toMatchObject({ name: 'NotGroupMemberError' });
    // After a leave the next post rotates the key away from C.
    await a!.node.groups.send(groupId, 'after cyd left');
    await until(async () => (await textsOf(b!, groupId)).includes('after cyd left'), 'B reads it');
    expect(await textsOf(c!, groupId)).not.toContain('after cyd left');
  });

  it('refuses what a member may not do, with typed errors', async () => {
    const [a, b, c] = await chain();
    const groupId = await groupAlong([a!, b!]);
    await expect(b!.node.groups.invite(groupId, c!.onion)).rejects.toMatchObject({ name: 'NotGroupAdminError' });
    await expect(b!.node.groups.remove(groupId, a!.onion)).rejects.toMatchObject({ name: 'NotGroupAdminError' });
    await expect(b!.node.groups.rename(groupId, 'mine now')).rejects.toMatchObject({ name: 'NotGroupAdminError' });
    await expect(a!.node.groups.invite(groupId, c!.onion)).rejects.toMatchObject({
      name: 'InvalidGroupCommandError',
      reason: 'not-a-friend',
    });
    await expect(a!.node.groups.invite(groupId, b!.onion)).rejects.toMatchObject({
      name: 'InvalidGroupCommandError',
      reason: 'already-member',
    });
    await expect(a!.node.groups.remove(groupId, c!.onion)).rejects.toMatchObject({ name: 'NoSuchGroupMemberError' });
    await expect(a!.node.groups.send('no such group', 'hi')).rejects.toMatchObject({ name: 'NoSuchGroupError' });
    await expect(a!.node.groups.send(groupId, 'x'.repeat(16 * 1024 + 1))).rejects.toMatchObject({
      name: 'GroupMessageTooLongError',
    });
    await expect(a!.node.groups.send(groupId, '')).rejects.toMatchObject({ name: 'InvalidGroupTextError' });
    await expect(a!.node.groups.history(groupId, { limit: 0 })).rejects.toMatchObject({
      name: 'InvalidHistoryLimitError',
    });
    await expect(a!.node.groups.history(groupId, { before: 'ff'.repeat(32) })).rejects.toMatchObject({
      name: 'UnknownGroupEntryError',
    });
    await expect(a!.node.groups.accept('0000')).rejects.toMatchObject({ name: 'UnknownGroupInviteError' });
    await expect(a!.node.groups.create('  ')).rejects.toMatchObject({
      name: 'InvalidGroupCommandError',
      reason: 'empty-name',
    });
  });

  it('names groups by id prefix or by a unique name, and pages history', async () => {
    const [a, b] = await chain();
    const groupId = await groupAlong([a!, b!]);
    const other = await a!.node.groups.create('Climbers');
    await expect(a!.node.groups.get('climbers')).rejects.toMatchObject({ name: 'AmbiguousGroupReferenceError' });
    expect((await a!.node.groups.get(groupId.slice(0, 8))).id).toBe(groupId);
    await a!.node.groups.rename(other.id.slice(0, 10), 'boulderers');
    expect((await a!.node.groups.get('boulderers')).id).toBe(other.id);
    for (const text of ['1', '2', '3', '4']) await a!.node.groups.send(groupId, text);
    const last = await a!.node.groups.history(groupId, { limit: 2 });
    expect(last.map((entry) => (entry.type === 'message' ? entry.text : entry.event))).toEqual(['3', '4']);
    const before = await a!.node.groups.history(groupId, { limit: 2, before: last[0]!.id });
    expect(before.map((entry) => (entry.type === 'message' ? entry.text : entry.event))).toEqual(['1', '2']);
    // A member named by a fingerprint as shown.
    await join(a!, b!, other.id);
    const fingerprint = (await groupOf(a!, other.id))!.members.find((member) => member.onion === b!.onion)!.fingerprint;
    await a!.node.groups.addAdmin(other.id, fingerprint);
    expect((await groupOf(a!, other.id))!.members.every((member) => member.isAdmin)).toBe(true);
  });
});
