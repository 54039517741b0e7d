/**
 * `/visibility` in the terminal UI and the status line's open/closed mark, against the fake
 * node: what the user types, what they see, what the node is asked.
 */
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../src/tui/commands/registry.js';
import { visibilityLabel } from '../../../src/tui/components/StatusBar.js';
import { contact, FakeNode } from '../../shared/fake-node/index.js';
import { KEYS, startMain, waitForFrame } from '../tui/harness.js';

describe('/visibility', () => {
  it('parses a state and a window, and refuses anything else with the usage', () => {
    expect(parseLine('/visibility')).toEqual({ kind: 'command', command: { name: 'visibility' } });
    expect(parseLine('/visibility closed')).toEqual({
      kind: 'command',
      command: { name: 'visibility', state: 'closed' },
    });
    expect(parseLine('/visibility open 10m')).toEqual({
      kind: 'command',
      command: { name: 'visibility', state: 'open', forSeconds: 600 },
    });
    for (const line of ['/visibility ajar', '/visibility open soon', '/visibility open 2s', '/visibility closed 5m']) {
      const parsed = parseLine(line);
      expect(parsed.kind, line).toBe('invalid');
      expect(parsed.kind === 'invalid' && parsed.message, line).toContain('Usage: /visibility');
    }
  });

  it('closes and opens the address, says what that means, and the status line follows', async () => {
    const node = new FakeNode([contact(1)]);
    const ui = await startMain(node, { columns: 140 });
    await waitForFrame(ui, (frame) => frame.includes('0/1 online │ open'));
    await ui.type('/visibility closed', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Your address is closed') && frame.includes('online │ closed'));
    expect(node.callsOf('setVisibility')).toEqual([{ method: 'setVisibility', args: ['closed', undefined] }]);
    await ui.type('/visibility open 10m', KEYS.enter);
    await waitForFrame(ui, (frame) => /online │ open (9|10)m/.test(frame) && frame.includes('then closed'));
    expect(node.callsOf('setVisibility').at(-1)?.args).toEqual(['open', 600]);
    // The node closes it at the window's end: the line follows the event.
    node.visibilityNow = { state: 'closed' };
    node.emit({ type: 'visibility', visibility: node.visibilityNow });
    await waitForFrame(ui, (frame) => frame.includes('online │ closed'));
  });

  it('labels a window by the minutes left, rounded up', () => {
    expect(visibilityLabel({ state: 'closed' })).toBe('closed');
    expect(visibilityLabel({ state: 'open' })).toBe('open');
    expect(visibilityLabel({ state: 'open', openUntil: 1_000_000 + 61_000 }, 1_000_000)).toBe('open 2m');
  });
});
