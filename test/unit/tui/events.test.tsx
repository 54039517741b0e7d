/**
 * The main screen follows the node's events without asking the node again for what an event
 * carries (a received message, a contact, a group), and asks again only when an event arrived
 * while an answer was on its way (that answer may be older than the event).
 */
import { describe, expect, it, vi } from 'vitest';
import { contact, FakeNode, group, groupMessage, onion, person } from '../../shared/fake-node/index.js';
import { settle, startMain, waitForFrame } from './harness.js';

/** The sidebar part (left of the separator) of the row containing `text`. */
function sidebarRow(frame: string, text: string): string {
  return (
    frame
      .split('\n')
      .find((line) => line.split('│')[0]?.includes(text))
      ?.split('│')[0] ?? ''
  );
}

describe('events', () => {
  it('counts a received message unread from the event alone, and marks the open one read', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' }), contact(2, { nickname: 'bob' })]);
    const ui = await startMain(node);
    await settle();
    const asked = [vi.spyOn(node, 'status'), vi.spyOn(node, 'contacts'), vi.spyOn(node, 'requests')];
    node.receive(onion(2), 'psst');
    await waitForFrame(ui, (frame) => /^\s*\d ○ bob +1 *$/.test(sidebarRow(frame, 'bob')));
    node.receive(onion(1), 'hello');
    await waitForFrame(ui, (frame) => frame.includes('hello') && node.callsOf('markRead').length === 1);
    await waitForFrame(ui, (frame) => /^\s*\d ○ alice +$/.test(sidebarRow(frame, 'alice')));
    for (const spy of asked) expect(spy).not.toHaveBeenCalled();
  });

  it('follows group messages and changes without reading the group list again', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const climbing = group(7, { name: 'climbers' });
    node.groups.groupList = [climbing];
    const ui = await startMain(node, { columns: 90, rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('climbers'));
    await settle();
    const asked = [vi.spyOn(node.groups, 'list'), vi.spyOn(node.groups, 'invitations'), vi.spyOn(node, 'contacts')];
    node.groups.arrive(groupMessage(climbing.id, person(onion(1), { nickname: 'alice' }), 'on my way'));
    await waitForFrame(ui, (frame) => /# climbers +1 *$/.test(sidebarRow(frame, 'climbers')));
    for (const spy of asked) expect(spy).not.toHaveBeenCalled();
  });

  it('asks again when an event arrives while the contact list is on its way', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const answer = node.contacts.bind(node);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const contacts = vi.spyOn(node, 'contacts').mockImplementationOnce(async () => {
      const list = await answer();
      await held;
      return list;
    });
    const ui = await startMain(node);
    await vi.waitFor(() => expect(contacts).toHaveBeenCalled());
    // The first answer read alice offline; she came online before it arrived.
    node.setPresence(onion(1), true);
    release();
    await waitForFrame(ui, (frame) => sidebarRow(frame, 'alice').includes('●') && frame.includes('1/1 online'));
    expect(contacts).toHaveBeenCalledTimes(2);
  });

  it('shows a notice when a friend is throttled, named as the sidebar names them', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const ui = await startMain(node, { columns: 120, rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('alice'));
    node.emit({ type: 'peer-throttled', onion: onion(1), traffic: 'file-offers', reason: 'pending-offers' });
    await waitForFrame(ui, (frame) => frame.includes('alice sends more file offers than Burrow takes at once'));
  });
});
