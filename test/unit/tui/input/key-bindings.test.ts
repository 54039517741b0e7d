import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../../src/tui/commands/registry.js';
import { helpLines } from '../../../../src/tui/help-lines.js';
import { KEY_BINDINGS, keyAction } from '../../../../src/tui/input/key-bindings.js';
import { splitTypedChunk } from '../../../../src/tui/components/KeyRouter.js';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (fields: Partial<Key>): Key => ({ ...NO_KEY, ...fields });
const empty = { inputEmpty: true };
const typing = { inputEmpty: false };

describe('keyAction', () => {
  it.each([
    ['Enter', '', key({ return: true }), { type: 'send' }],
    ['Alt+Enter', '', key({ return: true, meta: true }), { type: 'newline' }],
    ['Ctrl+J', '\n', NO_KEY, { type: 'newline' }],
    ['Ctrl+C', 'c', key({ ctrl: true }), { type: 'quit' }],
    ['Tab', '', key({ tab: true }), { type: 'complete', step: 1 }],
    ['Shift+Tab', '', key({ tab: true, shift: true }), { type: 'complete', step: -1 }],
    ['Alt+3', '3', key({ meta: true }), { type: 'conversation-number', number: 3 }],
    ['Alt+0', '0', key({ meta: true }), { type: 'conversation-number', number: 10 }],
    ['Alt+Up', '', key({ meta: true, upArrow: true }), { type: 'conversation', step: -1 }],
    ['Alt+Right', '', key({ meta: true, rightArrow: true }), { type: 'conversation', step: 1 }],
    ['Ctrl+Down', '', key({ ctrl: true, downArrow: true }), { type: 'conversation', step: 1 }],
    ['Ctrl+P', 'p', key({ ctrl: true }), { type: 'conversation', step: -1 }],
    ['PageUp', '', key({ pageUp: true }), { type: 'scroll', to: 'page-up' }],
    ['Ctrl+End', '', key({ ctrl: true, end: true }), { type: 'scroll', to: 'bottom' }],
    ['Up', '', key({ upArrow: true }), { type: 'up' }],
    ['Ctrl+Left', '', key({ ctrl: true, leftArrow: true }), { type: 'edit', operation: 'word-left' }],
    ['Backspace (DEL)', '', key({ delete: true }), { type: 'edit', operation: 'backspace' }],
    ['Ctrl+W', 'w', key({ ctrl: true }), { type: 'edit', operation: 'delete-word' }],
    ['Alt+H', 'h', key({ meta: true }), { type: 'help' }],
    ['Escape', '', key({ escape: true, meta: true }), { type: 'escape' }],
    ['a letter', 'x', NO_KEY, { type: 'insert', text: 'x' }],
    ['a paste', 'many words\rhere', NO_KEY, { type: 'insert', text: 'many words\rhere' }],
  ] as const)('%s', (_label, input, pressed, action) => {
    expect(keyAction(input, pressed, typing)).toEqual(action);
  });

  it('gives Home/End to the conversation when the input line is empty', () => {
    expect(keyAction('', key({ home: true }), empty)).toEqual({ type: 'scroll', to: 'top' });
    expect(keyAction('', key({ home: true }), typing)).toEqual({ type: 'edit', operation: 'line-start' });
    expect(keyAction('', key({ end: true }), empty)).toEqual({ type: 'scroll', to: 'bottom' });
  });

  it('ignores keys that mean nothing', () => {
    expect(keyAction('g', key({ ctrl: true }), typing)).toBeUndefined();
    expect(keyAction('z', key({ meta: true }), typing)).toBeUndefined();
  });
});

describe('splitTypedChunk', () => {
  it('turns the control characters of a chunk read at once into the keys they stand for', () => {
    expect(splitTypedChunk('hi\r')).toEqual([
      { kind: 'key', input: 'hi', key: NO_KEY },
      { kind: 'key', input: '', key: key({ return: true }) },
    ]);
    expect(splitTypedChunk('/ad\tx\u007f\u0003a\nb')).toEqual([
      { kind: 'key', input: '/ad', key: NO_KEY },
      { kind: 'key', input: '', key: key({ tab: true }) },
      { kind: 'key', input: 'x', key: NO_KEY },
      { kind: 'key', input: '', key: key({ delete: true }) },
      { kind: 'key', input: 'c', key: key({ ctrl: true }) },
      { kind: 'key', input: 'a\nb', key: NO_KEY },
    ]);
  });
});

describe('help', () => {
  it('lists every key binding and every command', () => {
    const text = helpLines(200)
      .map((line) => line.segments.map((segment) => segment.text).join(''))
      .join('\n');
    for (const binding of KEY_BINDINGS) {
      expect(text).toContain(binding.keys);
      expect(text).toContain(binding.does);
    }
    for (const spec of COMMANDS) expect(text).toContain(spec.help.usage);
  });

  it('wraps to narrow widths', () => {
    for (const line of helpLines(30))
      expect(line.segments.map((segment) => segment.text).join('').length).toBeLessThanOrEqual(30);
  });
});
