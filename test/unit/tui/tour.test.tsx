/**
 * The guided tour (/tour): steps are checked off from the node's events, whether or not the
 * tour runs; while it runs each check-off is a notice; it can be skipped and stopped; its hint
 * shows on the first screen only when asked for (the demo asks).
 */
import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/node/api.js';
import { INITIAL_TOUR, nextStep, TOUR_HINT, tourStep, tourText } from '../../../src/tui/tour/tour-steps.js';
import { TOUR_HINT_PENDING } from '../../../src/tui/tour/use-tour.js';
import { contact, FakeNode, group, groupMessage, message, onion, person } from '../../shared/fake-node/index.js';
import { KEYS, memoryPreferences, startMain, waitForFrame } from './harness.js';

const steps = (events: NodeEvent[]) => events.reduce(tourStep, INITIAL_TOUR);
const me = person(onion(200), { isSelf: true });

describe('tour steps', () => {
  it('checks off each step from the event that shows it done', () => {
    const state = steps([
      { type: 'message', message: message(onion(1), { direction: 'out', state: 'sending' }) },
      { type: 'contact', contact: contact(2, { state: 'incoming-request' }) },
      { type: 'contact', contact: contact(2, { state: 'friend' }) },
      { type: 'group-entry', entry: groupMessage('ab'.repeat(32), me, 'hello group') },
      {
        type: 'transfer',
        transfer: {
          id: 'cd'.repeat(32),
          direction: 'in',
          name: 'tips.txt',
          size: 10,
          state: 'complete',
          bytesDone: 10,
          rate: 0,
          createdAt: 0,
          updatedAt: 0,
        },
      },
      { type: 'message-relay', id: 'ef'.repeat(16), conversation: onion(3), relay: { state: 'held', holders: 1 } },
      { type: 'message-state', id: 'ef'.repeat(16), conversation: onion(3), state: 'delivered' },
    ]);
    expect([...state.done]).toEqual(['chat', 'request', 'group', 'file', 'offline']);
    expect(nextStep(state)).toBeUndefined();
    expect(tourText(state)).toContain('Tour 5/5');
  });

  it('does not count what the user did not do: a message received, a friend never asking, others’ group lines', () => {
    const state = steps([
      { type: 'message', message: message(onion(1)) },
      { type: 'contact', contact: contact(2, { state: 'friend' }) },
      { type: 'group-entry', entry: groupMessage('ab'.repeat(32), person(onion(1)), 'hi') },
      { type: 'message-state', id: 'ef'.repeat(16), conversation: onion(3), state: 'delivered' },
    ]);
    expect(state.done.size).toBe(0);
    expect(nextStep(state)?.id).toBe('chat');
  });
});

describe('/tour', () => {
  it('shows the next step, checks steps off as they happen, skips, and stops', async () => {
    const node = new FakeNode([contact(1, { nickname: 'ada', online: true })]);
    node.groups.groupList = [group(7, { name: 'climbers' })];
    const ui = await startMain(node, { columns: 120 });
    await ui.type('/tour', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Tour 0/5') && frame.includes('Next: open a friend'));
    await ui.type('hello ada', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Tour: ✓ chat') && frame.includes('Next: accept a contact'));
    await ui.type('/tour skip', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Tour 1/5 ✓chat –request ·group'));
    await ui.type('/tour off', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Tour off.'));
    node.emit({ type: 'group-entry', entry: groupMessage(group(7).id, me, 'hi all') });
    await ui.type('/tour', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Tour 2/5 ✓chat –request ✓group'));
  });

  it('hints at the tour on the first screen only when asked to', async () => {
    const asked = memoryPreferences({ [TOUR_HINT_PENDING]: true });
    const ui = await startMain(new FakeNode([contact(1)]), { columns: 120, preferences: asked });
    await waitForFrame(ui, (frame) => frame.includes(TOUR_HINT));
    expect(asked.values[TOUR_HINT_PENDING]).toBe(false);
    const plain = await startMain(new FakeNode([contact(1)]), { columns: 120 });
    expect(plain.frame()).not.toContain('/tour');
  });
});
