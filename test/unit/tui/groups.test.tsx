/**
 * Groups in the terminal UI: the sidebar section with unread counts, the group
 * pane with system lines and non-friends marked, /group commands with Tab completion, the
 * member list view, and sending to the open group.
 */
import { describe, expect, it } from 'vitest';
import { contact, FakeNode, group, groupMessage, member, onion, person } from '../../shared/fake-node/index.js';
import { KEYS, recordingEffects, startMain, waitForFrame } from './harness.js';

const day = (hour: number, minute = 0): number => new Date(2025, 5, 3, hour, minute).getTime();
/** Dave (seed 4) is no friend: his name carries '·' and the start of his address. */
const DAVE = `dave·${onion(4).slice(0, 4)}`;

/** The sidebar part (left of the separator) of the row containing `text`. */
function sidebarRow(frame: string, text: string): string {
  return (
    frame
      .split('\n')
      .find((line) => line.split('│')[0]?.includes(text))
      ?.split('│')[0] ?? ''
  );
}

/** A node with friend alice (1) and a group "climbers" of us, alice and dave (who is not our friend). */
function climbers(): { node: FakeNode; groupId: string } {
  const node = new FakeNode([contact(1, { nickname: 'alice', online: true })]);
  const me = member(node.ownOnion, { name: 'Me', isSelf: true, isFriend: false, isAdmin: true });
  const alice = member(onion(1), { name: 'alice-announced', nickname: 'alice' });
  const dave = member(onion(4), { name: 'dave', isFriend: false });
  const climbing = group(7, { name: 'climbers', members: [me, alice, dave], unread: 2 });
  node.groups.groupList = [climbing];
  node.groups.entries.set(climbing.id, [
    {
      type: 'system',
      id: 'a'.repeat(64),
      groupId: climbing.id,
      event: 'created',
      actor: person(node.ownOnion, { isSelf: true }),
      name: 'climbers',
      createdAt: day(9),
    },
    {
      type: 'system',
      id: 'b'.repeat(64),
      groupId: climbing.id,
      event: 'added',
      actor: person(onion(1), { nickname: 'alice' }),
      target: dave,
      createdAt: day(9, 5),
    },
    groupMessage(climbing.id, alice, 'who is in for saturday?', day(10)),
    groupMessage(climbing.id, dave, 'me!', day(10, 1)),
  ]);
  return { node, groupId: climbing.id };
}

describe('groups in the UI', () => {
  it('lists groups under the contacts with their number and unread count, and opens one', async () => {
    const { node, groupId } = climbers();
    const ui = await startMain(node, { columns: 90, rows: 24 });
    let frame = await waitForFrame(ui, (text) => text.includes('Groups (1)'));
    expect(sidebarRow(frame, 'climbers')).toMatch(/^2 # climbers +2 *$/);

    await ui.type(KEYS.alt('2'));
    frame = await waitForFrame(ui, (text) => text.includes('who is in for saturday?'));
    expect(frame).toContain('# climbers  3 members · admin');
    expect(frame).toMatch(/09:00 \* me created the group "climbers"/);
    expect(frame).toContain(`09:05 * ${DAVE} joined, added by alice`);
    // Friends by their nickname, others by the name they announced and the start of their address.
    expect(frame).toMatch(/10:00 alice +who is in for saturday\?/);
    expect(frame).toMatch(new RegExp(`10:01 ${DAVE} +me!`));
    await waitForFrame(ui, () => node.callsOf('groups.markRead').length === 1);
    expect(node.callsOf('groups.markRead')[0]?.args).toEqual([groupId]);
    await waitForFrame(ui, (text) => /^2 # climbers +$/.test(sidebarRow(text, 'climbers')));

    // Ctrl+P goes back to the contact; Ctrl+N to the group again.
    await ui.type(KEYS.ctrlP);
    await waitForFrame(ui, (text) => !text.includes('who is in for saturday?'));
    await ui.type(KEYS.ctrlN);
    await waitForFrame(ui, (text) => text.includes('who is in for saturday?'));
  });

  it('sends what is typed to the open group, and shows what arrives', async () => {
    const { node, groupId } = climbers();
    const effects = recordingEffects();
    const ui = await startMain(node, { columns: 90, rows: 24, effects });
    await ui.type(KEYS.alt('2'));
    await waitForFrame(ui, (text) => text.includes('# climbers'));
    await ui.type('count me in', KEYS.enter);
    await waitForFrame(ui, (text) => /me +count me in/.test(text));
    expect(node.callsOf('groups.send')[0]?.args).toEqual([groupId, 'count me in']);
    node.groups.arrive(groupMessage(groupId, person(onion(4), { name: 'dave', isFriend: false }), 'great', Date.now()));
    await waitForFrame(ui, (text) => new RegExp(`${DAVE} +great`).test(text));
    expect(effects.bells).toBe(0);
  });

  it('runs /group commands with completion, and shows the member list', async () => {
    const { node, groupId } = climbers();
    const ui = await startMain(node, { columns: 90, rows: 24 });
    await ui.type(KEYS.alt('2'));
    await waitForFrame(ui, (text) => text.includes('# climbers'));

    await ui.type('/gr', KEYS.tab);
    await waitForFrame(ui, (text) => /> \/group\s*$/m.test(text));
    await ui.type('me');
    await waitForFrame(ui, (text) => text.includes('/group me'));
    await ui.type(KEYS.tab);
    await waitForFrame(ui, (text) => text.includes('/group members'));
    await ui.type(KEYS.enter);
    let frame = await waitForFrame(ui, (text) => text.includes('3 members of climbers'));
    expect(frame).toMatch(new RegExp(`★ me +${node.ownOnion.slice(0, 4)} ${node.ownOnion.slice(4, 8)} +you`));
    expect(frame).toMatch(new RegExp(`${DAVE} +${onion(4).slice(0, 4)} ${onion(4).slice(4, 8)} +not a friend`));
    await ui.type(KEYS.escape);
    await waitForFrame(ui, (text) => text.includes('who is in for saturday?'));

    await ui.type('/group admin da', KEYS.tab, KEYS.enter);
    await waitForFrame(ui, () => node.callsOf('groups.addAdmin').length === 1);
    expect(node.callsOf('groups.addAdmin')[0]?.args).toEqual([groupId, onion(4)]);
    await ui.type('/group remove dave', KEYS.enter);
    frame = await waitForFrame(ui, (text) => text.includes('removed: the group key changed'));
    expect(node.callsOf('groups.remove')[0]?.args).toEqual([groupId, onion(4)]);

    await ui.type('/group invite ali', KEYS.tab, KEYS.enter);
    await waitForFrame(ui, () => node.callsOf('groups.invite').length === 1);
    expect(node.callsOf('groups.invite')[0]?.args).toEqual([groupId, onion(1)]);

    await ui.type('/group frob', KEYS.enter);
    await waitForFrame(ui, (text) => text.includes('Unknown group command "frob"'));
    // The text stays for fixing; Ctrl+U clears it.
    await ui.type('\u0015', '/group create', KEYS.enter);
    await waitForFrame(ui, (text) => text.includes('Usage: /group create <name>'));
  });

  it('creates a group and opens it; answers invitations', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice', online: true })]);
    const ui = await startMain(node, { columns: 90, rows: 24 });
    await waitForFrame(ui, (text) => text.includes('alice'));
    await ui.type('/group create book club', KEYS.enter);
    let frame = await waitForFrame(ui, (text) => text.includes('# book club  1 member · admin'));
    expect(frame).toContain('Group "book club" created');
    expect(sidebarRow(frame, 'book club')).toMatch(/^2 # book club/);

    node.groups.invited({
      id: 'c'.repeat(32),
      groupId: 'd'.repeat(64),
      groupName: 'chess',
      memberCount: 4,
      inviter: onion(1),
      inviterName: 'alice',
      receivedAt: Date.now(),
    });
    frame = await waitForFrame(ui, (text) => text.includes('alice invites you to the group "chess"'));
    expect(sidebarRow(frame, 'Invitations')).toMatch(/^Invitations \(1\) *$/);
    await ui.type('/group accept', KEYS.enter);
    await waitForFrame(ui, (text) => text.includes('Accepted: "chess"'));
    expect(node.callsOf('groups.accept')[0]?.args).toEqual(['c'.repeat(32)]);
  });

  it('without a group open, group commands that need one say how to open one', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node, { columns: 90, rows: 24 });
    await ui.type('/group leave', KEYS.enter);
    await waitForFrame(ui, (text) => text.includes('Open a group first'));
    expect(node.callsOf('groups.leave')).toEqual([]);
  });
});
