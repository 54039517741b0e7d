import { describe, expect, it } from 'vitest';
import type { NodeEvent } from '../../../src/node/api.js';
import { describeError, safeEvent, safeNodeApi } from '../../../src/tui/safe-node.js';
import { contact, FakeNode, message, onion } from '../../shared/fake-node/index.js';

const BAD = '\u001b]0;t\u0007\u009b2J\u001b[31m';
/** Any C0 control but newline, DEL, or C1 control in `text`. */
function hasControl(text: string): boolean {
  return [...text].some((character) => {
    const code = character.codePointAt(0) ?? 0;
    return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
  });
}

describe('safeNodeApi', () => {
  it('cleans every string the node returns', async () => {
    const alice = onion(1);
    const node = new FakeNode(
      [
        contact(1, { nickname: `a${BAD}b`, requestMessage: `x${BAD}\ny` }),
        contact(2, { state: 'incoming-request', requestMessage: BAD, displayName: `g${BAD}h` }),
      ],
      [message(alice, { text: `hi${BAD}\nthere` })],
    );
    node.displayName = `me${BAD}`;
    node.tor = { bootstrap: 5, summary: `s${BAD}`, ready: false };
    const api = safeNodeApi(node);
    expect((await api.contacts())[0]?.nickname).toBe('ab');
    expect((await api.requests())[0]?.displayName).toBe('gh');
    const results = [
      await api.status(),
      await api.contacts(),
      await api.requests(),
      await api.history(alice),
      await api.setNickname(alice, 'n'),
      await api.sendMessage(alice, 'x'),
    ];
    expect(hasControl(JSON.stringify(results))).toBe(false);
    expect(JSON.stringify(results)).not.toMatch(/\\u001b|\\u009b|\\u0007/);
    expect((await api.history(alice))[0]?.text).toBe('hi\nthere');
  });

  it('cleans every kind of event', () => {
    const events: NodeEvent[] = [
      { type: 'contact', contact: contact(1, { nickname: BAD, displayName: BAD }) },
      { type: 'contact-removed', onion: BAD },
      { type: 'message', message: message(onion(1), { text: BAD }) },
      { type: 'message-state', id: BAD, conversation: BAD, state: 'read' },
      { type: 'presence', onion: BAD, online: true },
      { type: 'tor', tor: { bootstrap: 1, summary: BAD, ready: false } },
    ];
    for (const event of events) expect(JSON.stringify(safeEvent(event))).not.toMatch(/\\u001b|\\u009b|\\u0007/);
    const node = new FakeNode();
    const seen: NodeEvent[] = [];
    safeNodeApi(node).subscribe((event) => seen.push(event));
    node.emit({ type: 'tor', tor: { bootstrap: 1, summary: `ok${BAD}`, ready: false } });
    expect(seen).toEqual([{ type: 'tor', tor: { bootstrap: 1, summary: 'ok', ready: false } }]);
  });

  it('passes commands through unchanged', async () => {
    const node = new FakeNode([contact(1)]);
    await safeNodeApi(node).markRead(onion(1));
    await safeNodeApi(node).removeContact(onion(1));
    expect(node.calls.map((call) => call.method)).toEqual(['markRead', 'removeContact']);
  });

  it('describes errors in one clean line', () => {
    expect(describeError(new Error(`bad\n${BAD}thing`))).toBe('bad thing');
    expect(describeError('text')).toBe('text');
    expect(describeError(42)).toBe('unexpected error');
  });
});
