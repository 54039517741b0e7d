/**
 * Removal rotates the key: the remaining members get a new epoch key sealed to
 * each of them, and the removed member cannot read anything sent after the removal — not even
 * when handed the message bytes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GroupEngine, fromHexId, openEpochKey } from '../../../src/groups/index.js';
import { decodeGroupMessage, type GroupWireMessage } from '../../../src/protocol/groups/index.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { converged, graph, groupAlong, groupOf, textsOf } from './helpers.js';

afterEach(tearDownNodes);

describe('removing a member', () => {
  it('rotates the key so the removed member cannot decrypt what follows', async () => {
    const [a, b, c, d] = await graph(
      new MemoryNetwork(),
      ['ada', 'bob', 'cyd', 'dee'],
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    );
    const groupId = await groupAlong([a!, b!, c!, d!]);
    await a!.node.groups.send(groupId, 'before the removal');
    await converged([a!, b!, c!, d!], groupId, 1);

    await a!.node.groups.remove(groupId, d!.onion);
    await until(async () => (await groupOf(d!, groupId))?.isMember === false, 'D learns of the removal');
    for (const node of [a!, b!, c!])
      await until(async () => (await groupOf(node, groupId))?.members.length === 3, 'the others see three members');
    expect(d!.eventsOf('group').at(-1)?.group).toMatchObject({ isMember: false, isAdmin: false });

    await a!.node.groups.send(groupId, 'after the removal');
    await until(async () => (await textsOf(c!, groupId)).length === 2, 'C reads it');
    await c!.node.groups.send(groupId, 'cyd after the removal');
    expect(await converged([a!, b!, c!], groupId, 3)).toEqual([
      'before the removal',
      'after the removal',
      'cyd after the removal',
    ]);
    expect(await textsOf(d!, groupId)).toEqual(['before the removal']);
    await expect(d!.node.groups.send(groupId, 'let me back')).rejects.toMatchObject({ name: 'NotGroupMemberError' });
    const removal = (await d!.node.groups.history(groupId)).at(-1);
    expect(removal).toMatchObject({
      type: 'system',
      event: 'removed',
      actor: { onion: a!.onion },
      target: { onion: d!.onion, isSelf: true },
    });

    // Hand D the bytes of what C holds: D's own engine, rebuilt from D's store, cannot open them.
    const dIdentity = d!.store.identity.get().keyPair;
    const engine = new GroupEngine({ identity: dIdentity, isFriend: () => true, now: Date.now() });
    engine.restoreGroup(groupId, d!.store.groups.ops(fromHexId(groupId)), d!.store.groups.messages(fromHexId(groupId)));
    const replica = engine.replica(groupId)!;
    const newEpoch = replica.log.get(replica.state.epoch.id)!;
    expect(newEpoch.kind).toBe('remove');
    expect('grant' in newEpoch.payload && openEpochKey(newEpoch.payload.grant, dIdentity)).toBe(undefined);
    const held = c!.store.groups.messages(fromHexId(groupId)).map(decodeGroupMessage);
    const items: GroupWireMessage = {
      kind: 'group-items',
      groupId: fromHexId(groupId),
      more: false,
      items: held.map((message) => ({ type: 'message', message })),
    };
    const effects = engine.receive(c!.onion, items, Date.now());
    expect(effects.changes).toEqual([]);
    expect(effects.events.map((event) => (event.type === 'refused' ? event.error.name : event.type))).toContain(
      'GroupMessageUnreadableError',
    );
    expect(engine.timeline(groupId).map((entry) => entry.text)).toEqual(['before the removal']);
  });

  it('rotates after a leave before the next message', async () => {
    const [a, b, c] = await graph(
      new MemoryNetwork(),
      ['ada', 'bob', 'cyd'],
      [
        [0, 1],
        [1, 2],
      ],
    );
    const groupId = await groupAlong([a!, b!, c!]);
    await c!.node.groups.leave(groupId);
    await until(async () => (await groupOf(a!, groupId))?.members.length === 2, 'A sees C leave');
    await a!.node.groups.send(groupId, 'just us now');
    await until(async () => (await textsOf(b!, groupId)).length === 1, 'B reads it');
    // C's engine, given the whole log and the message, has no key for its epoch.
    const cIdentity = c!.store.identity.get().keyPair;
    const engine = new GroupEngine({ identity: cIdentity, isFriend: () => true, now: Date.now() });
    engine.restoreGroup(groupId, b!.store.groups.ops(fromHexId(groupId)), []);
    const epoch = engine.replica(groupId)!.log.get(engine.replica(groupId)!.state.epoch.id)!;
    expect(epoch.kind).toBe('rotate');
    const held = b!.store.groups.messages(fromHexId(groupId)).map(decodeGroupMessage);
    const effects = engine.receive(
      b!.onion,
      {
        kind: 'group-items',
        groupId: fromHexId(groupId),
        more: false,
        items: held.map((message) => ({ type: 'message', message })),
      },
      Date.now(),
    );
    expect(effects.changes).toEqual([]);
    expect(effects.events.map((event) => (event.type === 'refused' ? event.error.name : event.type))).toContain(
      'GroupMessageUnreadableError',
    );
    expect(await textsOf(c!, groupId)).toEqual([]);
  });
});
