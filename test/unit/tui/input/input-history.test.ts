import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, newer, older, remember } from '../../../../src/tui/input/input-history.js';
import { INPUT_HISTORY_LIMIT } from '../../../../src/tui/limits.js';

describe('input history', () => {
  it('walks back and forward, and returns the draft at the end', () => {
    const history = remember(remember(EMPTY_HISTORY, 'first'), 'second');
    const back1 = older(history, 'draft');
    expect(back1?.text).toBe('second');
    const back2 = back1 === undefined ? undefined : older(back1.history, 'second');
    expect(back2?.text).toBe('first');
    expect(back2 === undefined ? 'x' : older(back2.history, 'first')).toBeUndefined();
    const forward = back2 === undefined ? undefined : newer(back2.history);
    expect(forward?.text).toBe('second');
    const draft = forward === undefined ? undefined : newer(forward.history);
    expect(draft?.text).toBe('draft');
    expect(draft === undefined ? 'x' : newer(draft.history)).toBeUndefined();
  });

  it('skips a repeat of the newest line and keeps a bounded number', () => {
    let history = remember(remember(EMPTY_HISTORY, 'same'), 'same');
    expect(history.entries).toEqual(['same']);
    for (let index = 0; index < INPUT_HISTORY_LIMIT + 10; index++) history = remember(history, `line ${index}`);
    expect(history.entries).toHaveLength(INPUT_HISTORY_LIMIT);
    expect(history.entries.at(-1)).toBe(`line ${INPUT_HISTORY_LIMIT + 9}`);
  });
});
