/**
 * Taking messages back in a group over the private Tor network, through `burrow ctl` only: Ada,
 * Bob and Cy in a group Ada administers. An edit, a reaction and a reply reach Bob after he was
 * offline (group catch-up), Ada as admin deletes Cy's message for everyone, and Cy may neither
 * moderate nor set the timer; under Ada's timer a message lasts that long after Bob read it,
 * and a file Cy offers is listed expired on Bob's side, then deleted from his disk. (1:1:
 * lifecycle.test.ts; the two files run side by side.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TransferView } from '../../src/files/feature/api.js';
import type { GroupEntryView, GroupInviteView, GroupMessageView, GroupView } from '../../src/groups/feature/api.js';
import { runBurrow } from '../shared/burrow-cli.js';
import { daemonTrio, wait, type Who } from './helpers/daemon-trio.js';

describe('taking group messages back over Tor, through burrow ctl', () => {
  const trio = daemonTrio('group-lifecycle', inject('testnetDir'));
  const { people, ctl, start, stop } = trio;
  const [ada, bob, cy] = people;

  beforeAll(() => trio.setUp(), 900_000);
  afterAll(() => trio.tearDown());

  it('in a group: edits, reactions and replies catch up, an admin deletes a member’s message, members may not moderate, timers count from the read', async () => {
    const group = (await ctl(ada, 'group', 'create', 'lake')) as GroupView;
    for (const who of [bob, cy]) {
      await ctl(ada, 'group', 'invite', group.id, who.onion);
      await wait(
        async () => ((await ctl(who, 'group', 'invitations')) as GroupInviteView[]).some((i) => i.groupId === group.id),
        `${who.name} is invited`,
      );
      const invite = ((await ctl(who, 'group', 'invitations')) as GroupInviteView[]).find(
        (i) => i.groupId === group.id,
      )!;
      await ctl(who, 'group', 'accept', invite.id);
    }
    for (const who of people)
      await wait(
        async () => ((await ctl(who, 'group', 'members', group.id)) as GroupView).members.length === 3,
        `${who.name} sees three members`,
      );
    const line = async (who: Who, id: string): Promise<GroupMessageView | undefined> =>
      ((await ctl(who, 'group', 'history', group.id)) as GroupEntryView[]).find(
        (entry): entry is GroupMessageView => entry.type === 'message' && entry.id === id,
      );

    const posted = (await ctl(cy, 'group', 'send', group.id, 'meet at teh dock')) as GroupMessageView;
    await wait(async () => (await line(bob, posted.id)) !== undefined, 'Bob has it');
    await stop(bob);
    await ctl(cy, 'group', 'edit', group.id, posted.id, 'meet at the dock');
    await ctl(ada, 'group', 'react', group.id, posted.id, '👍');
    const reply = (await ctl(ada, 'group', 'send', group.id, 'on my way', '--reply-to', posted.id)) as GroupMessageView;
    await start(bob);
    await wait(async () => (await line(bob, posted.id))?.text === 'meet at the dock', 'the edit catches up');
    await wait(async () => (await line(bob, posted.id))?.reactions?.[0]?.emoji === '👍', 'the reaction catches up');
    await wait(async () => (await line(bob, reply.id))?.replyTo === posted.id, 'the reply catches up');

    await ctl(ada, 'group', 'delete', group.id, posted.id, '--for-everyone');
    for (const who of [bob, cy])
      await wait(async () => (await line(who, posted.id))?.deleted === true, `${who.name} sees the moderation`);
    const refused = async (args: string[], error: string): Promise<void> => {
      const result = await runBurrow(['ctl', 'group', ...args, '--profile', cy.profile]);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(new RegExp(error, 'i'));
    };
    await refused(['delete', group.id, reply.id, '--for-everyone'], 'only the author of a message or a group admin');
    await refused(['edit', group.id, reply.id, 'mine now'], 'only the author');
    await refused(['timer', group.id, '1h'], 'only an admin');
    expect((await line(bob, reply.id))?.text).toBe('on my way');

    // Under a 20-second timer a message lasts 20 s after each member read it (its author's copy:
    // after writing), and a file offered in the group is listed expired 20 s after it was
    // accepted, then deleted from disk in one step.
    await ctl(ada, 'group', 'timer', group.id, '20s');
    for (const who of [bob, cy])
      await wait(
        async () => ((await ctl(who, 'group', 'timer', group.id)) as { seconds: number }).seconds === 20,
        `${who.name} has the timer`,
      );
    const fileName = `dock-map-${process.pid}.txt`;
    const source = join(mkdtempSync(join(tmpdir(), 'burrow-group-file-')), fileName);
    writeFileSync(source, 'the dock is past the boathouse\n'.repeat(20));
    const offered = (await ctl(cy, 'send-file', group.id, source)) as TransferView;
    const secret = (await ctl(cy, 'group', 'send', group.id, 'the boat key is under the mat')) as GroupMessageView;
    const bobsFile = async (): Promise<TransferView | undefined> =>
      ((await ctl(bob, 'files')) as TransferView[]).find((view) => view.id === offered.id);
    await wait(async () => (await bobsFile())?.state === 'offered', 'Bob is offered the file');
    const dest = mkdtempSync(join(tmpdir(), 'burrow-group-dest-'));
    await ctl(bob, 'accept-file', offered.id, dest);
    await wait(async () => (await line(bob, secret.id)) !== undefined, 'Bob has the message');
    await wait(async () => (await line(cy, secret.id)) === undefined, 'gone from Cy’s history 20 s after she wrote it');
    const unread = await line(bob, secret.id); // Bob has not read the group: his copy waits
    expect(unread?.text).toBe('the boat key is under the mat');
    expect(unread?.expiresAt).toBeUndefined();
    await ctl(bob, 'group', 'read', group.id);
    expect((await line(bob, secret.id))?.expiresAt).toBeGreaterThan(Date.now());
    await wait(async () => (await line(bob, secret.id)) === undefined, 'gone from Bob’s history 20 s after he read it');

    await wait(async () => (await bobsFile())?.expired === true, 'Bob’s file is listed expired');
    expect((await bobsFile())?.state).toBe('complete');
    expect(existsSync(join(dest, fileName))).toBe(true); // offered for deletion, not deleted
    expect(await ctl(bob, 'files', 'delete', offered.id)).toMatchObject({ file: 'removed' });
    expect(existsSync(join(dest, fileName))).toBe(false);
    expect(await bobsFile()).toBeUndefined();
    for (const dir of [dirname(source), dest]) rmSync(dir, { recursive: true, force: true });
  }, 900_000);
});
