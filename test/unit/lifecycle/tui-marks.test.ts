/** How the TUI shows edited, deleted, replying, reacted-to messages and timer lines. */
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../src/node/api.js';
import { describeItem } from '../../../src/tui/conversation/history-item.js';

const base: MessageView = {
  id: 'a'.repeat(32),
  conversation: 'x',
  direction: 'in',
  text: 'hello',
  createdAt: 0,
  state: 'received',
};
const names = { me: 'me', peer: 'bob' };
const textOf = (message: MessageView, quoted: MessageView[] = []): string => {
  const view = describeItem(message, names, (id) => quoted.find((m) => m.id === id));
  return view.kind === 'message' ? view.text : view.segments.map((s) => s.text).join('');
};

describe('lifecycle marks in the TUI', () => {
  it('shows the edited mark, tombstones, reaction counts and quotes above replies', () => {
    expect(textOf({ ...base, edited: true })).toBe('hello (edited)');
    expect(textOf({ ...base, text: '', deleted: true })).toBe('(message deleted)');
    expect(textOf({ ...base, reactions: [{ emoji: '👍', count: 2, mine: true }] })).toBe('hello  👍 2');
    const question = { ...base, id: 'b'.repeat(32), text: 'pizza tonight?' };
    expect(textOf({ ...base, replyTo: question.id, text: 'yes' }, [question])).toBe('> pizza tonight?\nyes');
    expect(textOf({ ...base, replyTo: question.id, text: 'yes' })).toBe('> (a message that is gone)\nyes');
  });

  it('shows a timer change as a system line', () => {
    expect(textOf({ ...base, text: '', timer: 3600 })).toBe('* bob set messages to disappear after 1 hour');
    expect(textOf({ ...base, direction: 'out', text: '', timer: 0 })).toBe('* me turned disappearing messages off');
  });
});
