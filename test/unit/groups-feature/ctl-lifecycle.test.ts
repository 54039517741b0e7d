/**
 * `burrow ctl group edit|delete|react|timer` and `group send --reply-to` against daemons served
 * on the profiles' sockets (two nodes on the in-memory transport), human and `--json` output,
 * and the refusals a script meets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupEntryView, GroupMessageView } from '../../../src/groups/feature/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { closeDaemons, ctl, ctlJson, serveDaemon } from '../../shared/ctl-in-process.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph, groupAlong } from './helpers.js';

afterEach(async () => {
  await closeDaemons();
  await tearDownNodes();
});

describe('burrow ctl group lifecycle', () => {
  it('edits, replies, reacts, sets the timer and moderates; refuses what a member may not do', async () => {
    const [ada, bob] = await graph(new MemoryNetwork(), ['ada', 'bob'], [[0, 1]]);
    for (const node of [ada!, bob!]) await serveDaemon(node);
    const groupId = await groupAlong([ada!, bob!]);
    const group = groupId.slice(0, 8);

    const sent = await ctlJson<GroupMessageView>(bob!, 'group', 'send', group, 'helo');
    const edited = await ctlJson<GroupMessageView>(bob!, 'group', 'edit', group, sent.id.slice(0, 10), 'hello', 'all');
    expect(edited).toMatchObject({ id: sent.id, text: 'hello all', edited: true });
    await until(
      async () => (await ada!.node.groups.history(groupId)).some((entry) => 'edited' in entry && entry.edited === true),
      'ada sees the edit',
    );
    expect((await ctl(ada!, 'group', 'react', group, sent.id, '👍')).out).toMatch(/hello all \(edited\) {2}\[👍 1\]$/);
    const reply = await ctlJson<GroupMessageView>(ada!, 'group', 'send', group, 'hi', '--reply-to', sent.id);
    expect(reply.replyTo).toBe(sent.id);
    expect((await ctl(ada!, 'group', 'timer', group, '1h')).out).toMatch(
      /\* me set messages to disappear after 1 hour$/,
    );
    await until(async () => (await bob!.node.groups.lifecycle.timer(groupId)) === 3600, 'bob gets the timer');
    expect((await ctl(bob!, 'group', 'timer', group)).out).toBe('messages disappear: after 1 hour');

    await expect(ctl(bob!, 'group', 'timer', group, '5m')).rejects.toMatchObject({ remoteName: 'NotGroupAdminError' });
    await expect(ctl(bob!, 'group', 'edit', group, reply.id, 'mine now')).rejects.toMatchObject({
      remoteName: 'NotYourMessageError',
    });
    await expect(ctl(bob!, 'group', 'delete', group, reply.id, '--for-everyone')).rejects.toMatchObject({
      remoteName: 'NotYourMessageError',
    });
    await expect(ctl(bob!, 'group', 'react', group, reply.id, 'ok')).rejects.toMatchObject({
      remoteName: 'InvalidReactionError',
    });
    await expect(ctl(bob!, 'group', 'react', group, reply.id)).rejects.toMatchObject({ name: 'UsageError' });
    await expect(ctl(ada!, 'group', 'timer', group, 'forever')).rejects.toMatchObject({
      remoteName: 'InvalidTimerError',
    });
    await expect(ctl(ada!, 'group', 'send', group, 'x', '--for-everyone')).rejects.toMatchObject({
      name: 'UsageError',
    });

    // Moderation: the admin deletes the member's message for everyone.
    expect((await ctl(ada!, 'group', 'delete', group, sent.id, '--for-everyone')).out).toBe('deleted for everyone');
    await until(
      async () => (await bob!.node.groups.history(groupId)).some((entry) => 'deleted' in entry && entry.deleted),
      'bob sees the tombstone',
    );
    const history = await ctlJson<GroupEntryView[]>(bob!, 'group', 'history', group);
    expect(history.find((entry) => entry.id === sent.id)).toMatchObject({ deleted: true, text: '' });
    expect((await ctl(bob!, 'group', 'history', group)).out).toContain('(message deleted)');
    expect((await ctl(bob!, 'group', 'delete', group, reply.id)).out).toBe('deleted here');
    expect((await bob!.node.groups.history(groupId)).some((entry) => entry.id === reply.id)).toBe(false);
  });
});
