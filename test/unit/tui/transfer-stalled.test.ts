/** `/files` marks a stalled download and its stalled sources (src/tui/transfers/transfer-lines.ts). */
import { describe, expect, it } from 'vitest';
import { transferLines } from '../../../src/tui/transfers/transfer-lines.js';
import { onion, transfer } from '../../shared/fake-node/index.js';

const text = (lines: ReturnType<typeof transferLines>): string[] =>
  lines.map((line) => line.segments.map((segment) => segment.text).join(''));

describe('the transfers view of a stalled download', () => {
  it('says stalled and names the stalled source', () => {
    const names = new Map([
      [onion(1), 'alice'],
      [onion(2), 'bob'],
    ]);
    const nameOf = (address: string): string => names.get(address) ?? '?';
    const stalled = transfer({
      state: 'downloading',
      bytesDone: 1_000,
      size: 10_000,
      rate: 0,
      stalled: true,
      sources: [{ onion: onion(1), bytes: 1_000, stalled: true }],
    });
    const [, detail] = text(transferLines([stalled], 120, 0, nameOf));
    expect(detail).toContain('stalled');
    expect(detail).toContain('from alice (stalled)');

    const half = transfer({
      state: 'downloading',
      bytesDone: 1_000,
      size: 10_000,
      rate: 500,
      stalled: false,
      sources: [
        { onion: onion(1), bytes: 1_000, stalled: true },
        { onion: onion(2), bytes: 0, stalled: false },
      ],
    });
    const [, detailHalf] = text(transferLines([half], 120, 0, nameOf));
    expect(detailHalf).toContain('from alice (stalled), bob');
    expect(detailHalf).not.toMatch(/ {2}stalled {2}/);
  });
});
