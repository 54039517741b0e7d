import { describe, expect, it } from 'vitest';
import { layoutInput, visibleInputRows } from '../../../../src/tui/input/input-layout.js';

describe('layoutInput', () => {
  it('breaks at the edge and at newlines, and marks the cursor', () => {
    expect(layoutInput('abcdef', 2, 4)).toEqual([{ text: 'abcd', cursorAt: 2 }, { text: 'ef' }]);
    expect(layoutInput('ab\ncd', 5, 10)).toEqual([{ text: 'ab' }, { text: 'cd', cursorAt: 2 }]);
    expect(layoutInput('ab\ncd', 2, 10)).toEqual([{ text: 'ab', cursorAt: 2 }, { text: 'cd' }]);
  });

  it('moves the cursor to a new row when the last row is full', () => {
    expect(layoutInput('abcd', 4, 4)).toEqual([{ text: 'abcd' }, { text: '', cursorAt: 0 }]);
  });

  it('keeps wide characters whole', () => {
    expect(layoutInput('a你好', 2, 4)).toEqual([{ text: 'a你' }, { text: '好', cursorAt: 0 }]);
    expect(layoutInput('a你好', 3, 4)).toEqual([{ text: 'a你' }, { text: '好', cursorAt: 1 }]);
  });

  it('shows the rows around the cursor', () => {
    const rows = layoutInput('aaaa\nbbbb\ncccc\ndddd', 2, 10);
    expect(visibleInputRows(rows, 2).map((row) => row.text)).toEqual(['aaaa', 'bbbb']);
    expect(visibleInputRows(layoutInput('aaaa\nbbbb\ncccc\ndddd', 19, 10), 2).map((row) => row.text)).toEqual([
      'cccc',
      'dddd',
    ]);
  });
});
