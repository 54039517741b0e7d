// The TUI's relay marks: a message sealed for an offline friend shows where its sealed copy
// stands (»0, »2, »!) in the mark column, follows 'message-relay' events, and falls back to the
// usual ✓✓ once delivered.
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/node/api.js';
import { layoutConversation } from '../../../src/tui/conversation/history-layout.js';
import { helpLines } from '../../../src/tui/help-lines.js';
import { relayMark, withRelay } from '../../../src/tui/conversation/relay-marks.js';
import { contact, FakeNode, message, onion } from '../../shared/fake-node/index.js';
import { startMain, waitForFrame } from '../tui/harness.js';

const out = (fields: Partial<MessageView>): MessageView =>
  message(onion(1), { direction: 'out', state: 'sent', text: 'see you', ...fields });

describe('relay marks', () => {
  it('shows waiting, held by n, and dropped; the usual marks otherwise', () => {
    expect(relayMark(out({ relay: { state: 'waiting', holders: 0 } }))).toBe('»0');
    expect(relayMark(out({ relay: { state: 'held', holders: 3 } }))).toBe('»3');
    expect(relayMark(out({ relay: { state: 'held', holders: 12 } }))).toBe('»+');
    expect(relayMark(out({ relay: { state: 'dropped', holders: 0, reason: 'evicted' } }))).toBe('»!');
    expect(relayMark(out({ state: 'delivered', relay: { state: 'held', holders: 2 } }))).toBeUndefined();
    expect(relayMark(out({ relay: { state: 'delivered', holders: 0 } }))).toBeUndefined();
    expect(relayMark(out({}))).toBeUndefined();
  });

  it('puts the mark in the mark column, two columns wide like the others', () => {
    const [line] = layoutConversation([out({ relay: { state: 'held', holders: 2 } })], {
      width: 40,
      myName: 'me',
      peerName: 'bob',
    }).slice(1);
    expect(line!.segments.map((segment) => segment.text).join('')).toMatch(/^\d\d:\d\d »2 me {2}see you$/);
  });

  it('drops the relay field when the node says the sealed copy is gone', () => {
    const held = out({ relay: { state: 'held', holders: 1 } });
    expect(withRelay(held, { state: 'delivered', holders: 0 }).relay).toEqual({ state: 'delivered', holders: 0 });
    expect(withRelay(held, undefined)).not.toHaveProperty('relay');
  });

  it('explains the marks on the help screen', () => {
    expect(
      helpLines(100).some((line) =>
        line.segments.some((segment) => segment.text.includes('sealed for an offline friend')),
      ),
    ).toBe(true);
  });

  it('follows message-relay events in the open conversation', async () => {
    const sent = out({ text: 'meet at the lake' });
    const node = new FakeNode([contact(1, { nickname: 'bob' })], [sent]);
    const ui = await startMain(node, { columns: 80, rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('meet at the lake') && frame.includes(' ✓ Me'));
    node.emit({ type: 'message-relay', id: sent.id, conversation: onion(1), relay: { state: 'waiting', holders: 0 } });
    await waitForFrame(ui, (frame) => frame.includes('»0 Me'));
    node.emit({ type: 'message-relay', id: sent.id, conversation: onion(1), relay: { state: 'held', holders: 2 } });
    await waitForFrame(ui, (frame) => frame.includes('»2 Me'));
    node.emit({ type: 'message-state', id: sent.id, conversation: onion(1), state: 'delivered' });
    await waitForFrame(ui, (frame) => frame.includes('✓✓ Me'));
  });
});
