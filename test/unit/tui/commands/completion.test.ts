import { describe, expect, it } from 'vitest';
import { findCompletions } from '../../../../src/tui/commands/completion.js';
import { applyCompletion } from '../../../../src/tui/input/completions.js';

const names = ['alice', 'Alicia Keys', 'bob'];

describe('findCompletions', () => {
  it('completes command names at the start of a / line', () => {
    expect(findCompletions('/ac', 3, names)).toEqual({ start: 0, end: 3, matches: ['/accept '] });
    expect(findCompletions('/a', 2, names)?.matches).toEqual(['/add ', '/accept ', '/address ']);
    expect(findCompletions('/zz', 3, names)).toBeUndefined();
  });

  it('completes a contact argument, spaces and case included', () => {
    expect(findCompletions('/block ali', 10, names)).toEqual({ start: 7, end: 10, matches: ['alice', 'Alicia Keys'] });
    expect(findCompletions('/remove Alicia K', 16, names)?.matches).toEqual(['Alicia Keys']);
  });

  it('completes names inside a message, with ": " at the start of a line', () => {
    expect(findCompletions('bo', 2, names)?.matches).toEqual(['bob: ']);
    expect(findCompletions('hi bo', 5, names)).toEqual({ start: 3, end: 5, matches: ['bob '] });
    expect(findCompletions('hi ', 3, names)).toBeUndefined();
  });

  it('only looks at the text before the cursor', () => {
    expect(findCompletions('bo and more', 2, names)).toEqual({ start: 0, end: 2, matches: ['bob: '] });
  });
});

describe('applyCompletion', () => {
  it('replaces the completed word and puts the cursor after it; the index wraps around', () => {
    const found = findCompletions('/block ali!', 10, names);
    expect(found).toBeDefined();
    if (found === undefined) return;
    expect(applyCompletion('/block ali!', found, 0)).toEqual({ text: '/block alice!', cursor: 12 });
    expect(applyCompletion('/block ali!', found, 1).text).toBe('/block Alicia Keys!');
    expect(applyCompletion('/block ali!', found, 2).text).toBe('/block alice!');
    expect(applyCompletion('/block ali!', found, -1).text).toBe('/block Alicia Keys!');
  });
});
