/**
 * `burrow ctl group …` against real daemons: two nodes on the in-memory transport, each served
 * on its profile's socket as `burrow daemon` serves it, driven through the ctl command table
 * with human and `--json` output.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupEntryView, GroupInviteView, GroupView } from '../../../src/groups/feature/api.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { closeDaemons, ctl, ctlJson, serveDaemon } from '../../shared/ctl-in-process.js';
import { tearDownNodes } from '../../shared/node-harness.js';
import { until } from '../../shared/until.js';
import { graph, groupOf } from './helpers.js';

afterEach(async () => {
  await closeDaemons();
  await tearDownNodes();
});

describe('burrow ctl group', () => {
  it('creates, invites, accepts, sends, shows history and members, removes', async () => {
    const [ada, bob] = await graph(new MemoryNetwork(), ['ada', 'bob'], [[0, 1]]);
    for (const node of [ada!, bob!]) await serveDaemon(node);

    const created = await ctlJson<GroupView>(ada!, 'group', 'create', 'weekend', 'climbers');
    expect(created).toMatchObject({
      name: 'weekend climbers',
      isAdmin: true,
      members: [{ name: 'ada', isSelf: true, isAdmin: true }],
    });
    const prefix = created.id.slice(0, 8);
    expect((await ctl(ada!, 'group', 'invite', prefix, bob!.onion)).out).toContain(`invited ${bob!.onion}`);

    await until(async () => (await bob!.node.groups.invitations()).length === 1, 'the invitation arrives');
    expect((await ctl(bob!, 'group', 'invitations')).out).toContain('"weekend climbers"  1 members, from ada');
    const [invite] = await ctlJson<GroupInviteView[]>(bob!, 'group', 'invitations');
    expect((await ctl(bob!, 'group', 'accept', invite!.id.slice(0, 6))).out).toContain('accepted');
    await until(
      async () =>
        (await groupOf(bob!, created.id))?.isMember === true && (await groupOf(ada!, created.id))?.members.length === 2,
      'bob joins',
    );

    expect((await ctl(bob!, 'group', 'send', 'weekend climbers', 'hello', 'all')).out).toMatch(/<me> hello all$/);
    await until(
      async () => (await ada!.node.groups.history(created.id)).some((entry) => entry.type === 'message'),
      'ada gets it',
    );
    const list = await ctl(ada!, 'group', 'list');
    expect(list.out).toBe(`${created.id.slice(0, 12)}  weekend climbers  2 members, admin  (1 unread)`);
    const history = (await ctl(ada!, 'group', 'history', prefix)).out.split('\n');
    expect(history[0]).toMatch(/\* me created the group "weekend climbers"$/);
    expect(history[1]).toMatch(/\* me added bob \(.{4} .{4}\)$/);
    expect(history[2]).toMatch(/<bob \(.{4} .{4}\)> hello all$/);
    const entries = await ctlJson<GroupEntryView[]>(ada!, 'group', 'history', prefix, '--limit', '1');
    expect(entries).toMatchObject([
      { type: 'message', text: 'hello all', sender: { onion: bob!.onion, isFriend: true } },
    ]);
    expect((await ctl(ada!, 'group', 'read', prefix)).out).toBe('read: done');
    expect((await ctlJson<GroupView[]>(ada!, 'group', 'list'))[0]!.unread).toBe(0);

    const members = (await ctl(ada!, 'group', 'members', prefix)).out;
    expect(members).toContain(`★ me  ${ada!.onion}`);
    expect(members).toContain(`  bob (${bob!.onion.slice(0, 4)} ${bob!.onion.slice(4, 8)})  ${bob!.onion}`);
    await ctl(ada!, 'group', 'remove', prefix, bob!.onion.slice(0, 10));
    await until(async () => (await groupOf(bob!, created.id))?.isMember === false, 'bob learns of the removal');
    expect((await ctl(bob!, 'group', 'list')).out).toContain('1 members, left');
  });

  it('prints usage for bad subcommands, arguments and flags, and typed errors from the node', async () => {
    const [ada] = await graph(new MemoryNetwork(), ['ada'], []);
    await serveDaemon(ada!);
    const unknown = await ctl(ada!, 'group', 'frobnicate').catch((error: unknown) => error);
    expect(unknown).toMatchObject({ name: 'UsageError' });
    expect((unknown as Error).message).toContain('group send <group> <text>');
    await expect(ctl(ada!, 'group', 'leave')).rejects.toMatchObject({ name: 'UsageError' });
    await expect(ctl(ada!, 'group', 'leave', 'a', 'b')).rejects.toMatchObject({ name: 'UsageError' });
    await expect(ctl(ada!, 'group', 'list', '--limit', '3')).rejects.toMatchObject({ name: 'UsageError' });
    await expect(ctl(ada!, 'group', 'history', 'x', '--limit', '0')).rejects.toMatchObject({ name: 'UsageError' });
    await expect(ctl(ada!, 'group', 'send', 'nope', 'hi')).rejects.toMatchObject({ remoteName: 'NoSuchGroupError' });
    expect((await ctl(ada!, 'group')).out).toContain('(no groups yet');
    expect((await ctl(ada!, 'group', 'help')).out).toContain('group invite <group> <onion>');
  });
});
