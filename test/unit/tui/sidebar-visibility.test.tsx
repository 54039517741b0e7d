import { describe, expect, it } from 'vitest';
import { visibilityMark } from '../../../src/tui/components/SidebarColumn.js';
import { contact, FakeNode } from '../../shared/fake-node/index.js';
import { KEYS, startMain, waitForFrame } from './harness.js';

/** At 100 columns the sidebar is this wide; the separator follows. */
const SIDEBAR_COLUMNS = 25;

/** The sidebar's last line (the text left of the separator). */
function visibilityLine(frame: string): string {
  const rows = frame.split('\n').filter((line) => [...line][SIDEBAR_COLUMNS] === '│');
  return rows.at(-1)?.split('│')[0]?.trimEnd() ?? '';
}

describe('the sidebar shows whether the address is open', () => {
  it('shows open, then closed after /visibility closed, then the time a window ends', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice', online: true })]);
    const ui = await startMain(node, { columns: 100, rows: 24 });
    let frame = await waitForFrame(ui, (text) => visibilityLine(text) === 'address open');
    expect(frame).toContain('alice');

    await ui.type('/visibility closed', KEYS.enter);
    frame = await waitForFrame(ui, (text) => visibilityLine(text) === 'address closed');
    expect(node.visibilityNow).toEqual({ state: 'closed' });

    await ui.type('/visibility open 10m', KEYS.enter);
    const openUntil = new Date(node.visibilityNow.openUntil!);
    const clock = `${String(openUntil.getHours()).padStart(2, '0')}:${String(openUntil.getMinutes()).padStart(2, '0')}`;
    frame = await waitForFrame(ui, (text) => visibilityLine(text) === `address open until ${clock}`);
    // The contact list keeps its place above it.
    expect(frame).toContain('1 ● alice');
    ui.unmount();
  });

  it('drops the word "address" when the sidebar is too narrow for it', () => {
    const at = new Date(2026, 0, 2, 9, 5).getTime();
    expect(visibilityMark({ state: 'open', openUntil: at }, 28)).toBe('address open until 09:05');
    expect(visibilityMark({ state: 'open', openUntil: at }, 18)).toBe('open until 09:05');
    expect(visibilityMark({ state: 'closed' }, 18)).toBe('address closed');
    expect(visibilityMark({ state: 'open' }, 10)).toBe('open');
  });
});
