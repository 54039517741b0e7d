import { describe, expect, it } from 'vitest';
import { DELIVERY_MARKS } from '../../../../src/tui/conversation/history-item.js';
import { layoutConversation, type LayoutCache } from '../../../../src/tui/conversation/history-layout.js';
import type { DisplayLine } from '../../../../src/tui/text/display-line.js';
import { displayWidth } from '../../../../src/tui/text/text-width.js';
import { message, onion } from '../../../shared/fake-node/index.js';

const peer = onion(1);
const text = (line: DisplayLine): string => line.segments.map((segment) => segment.text).join('');
const options = { width: 40, myName: 'me', peerName: 'alice' };

describe('layoutConversation', () => {
  it('puts a day separator before the first message and wherever the local date changes', () => {
    const lines = layoutConversation(
      [
        message(peer, { createdAt: new Date(2025, 5, 3, 23, 50).getTime(), text: 'late' }),
        message(peer, { createdAt: new Date(2025, 5, 3, 23, 55).getTime(), text: 'later' }),
        message(peer, { createdAt: new Date(2025, 5, 4, 0, 5).getTime(), text: 'next day' }),
      ],
      options,
    ).map(text);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^─+ Tue 3 Jun 2025 ─+$/);
    expect(lines[3]).toMatch(/^─+ Wed 4 Jun 2025 ─+$/);
    expect(displayWidth(lines[0] ?? '')).toBe(40);
    expect(lines[1]).toBe('23:50    alice late');
    expect(lines[4]).toBe('00:05    alice next day');
  });

  it('shows the delivery state of our messages in a fixed column', () => {
    const states = ['sending', 'sent', 'delivered', 'read'] as const;
    const lines = layoutConversation(
      states.map((state) =>
        message(peer, { direction: 'out', state, text: state, createdAt: new Date(2025, 5, 3, 9, 0).getTime() }),
      ),
      options,
    ).slice(1);
    expect(lines.map(text)).toEqual([
      '09:00  · me    sending',
      '09:00  ✓ me    sent',
      '09:00 ✓✓ me    delivered',
      '09:00 ✓✓ me    read',
    ]);
    expect(lines[3]?.segments[1]).toEqual({ text: DELIVERY_MARKS.read, tone: 'mark-read' });
    expect(lines[2]?.segments[1]).toEqual({ text: DELIVERY_MARKS.delivered, tone: 'mark' });
  });

  it('wraps long text by display width under its own column', () => {
    const lines = layoutConversation(
      [message(peer, { text: '你好 '.repeat(12).trim(), createdAt: new Date(2025, 0, 1, 8, 0).getTime() })],
      {
        ...options,
        width: 30,
      },
    )
      .slice(1)
      .map(text);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(30);
    for (const line of lines.slice(1)) expect(line.startsWith(' '.repeat(15))).toBe(true);
  });

  it('drops the name column before the text gets too narrow, and survives absurd widths', () => {
    expect(
      text(
        layoutConversation([message(peer, { text: 'x' })], { ...options, width: 20 })[1] ?? { key: '', segments: [] },
      ),
    ).toBe('10:30    x');
    expect(() =>
      layoutConversation([message(peer, { text: 'some text here' })], { ...options, width: 1 }),
    ).not.toThrow();
  });

  it('re-wraps only messages that changed when given a cache', () => {
    const cache: LayoutCache = new WeakMap();
    const first = message(peer, { text: 'one' });
    const before = layoutConversation([first], { ...options, cache });
    const after = layoutConversation([first, message(peer, { text: 'two' })], { ...options, cache });
    expect(after[1]).toBe(before[1]);
  });
});
