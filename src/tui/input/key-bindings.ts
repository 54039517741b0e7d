/**
 * Every key the main screen understands, in one table: {@link keyAction} maps a key press to
 * an action with it, and the help screen lists it, so the two cannot drift apart. The keys
 * follow irssi/weechat habits (Alt+number and Alt+arrows switch conversations, Ctrl+P/N
 * too) plus emacs-style line editing.
 *
 * Ink quirks accounted for: most terminals send DEL for Backspace and Ink reports that as
 * `delete`, so both erase backwards (Ctrl+D deletes forwards); function keys are not reported
 * at all, so help is Alt+H rather than F1; Shift+Enter is indistinguishable from Enter, so a
 * newline is Alt+Enter or Ctrl+J.
 */
import type { Key } from 'ink';

export type EditOperation =
  | 'left'
  | 'right'
  | 'line-start'
  | 'line-end'
  | 'word-left'
  | 'word-right'
  | 'backspace'
  | 'delete-forward'
  | 'delete-word'
  | 'kill-to-start'
  | 'kill-to-end';

export type ScrollTarget = 'page-up' | 'page-down' | 'top' | 'bottom';

export type KeyAction =
  | { readonly type: 'quit' | 'help' | 'address' | 'copy' | 'send' | 'newline' | 'escape' }
  | { readonly type: 'next-active' | 'search' | 'redraw' | 'suspend' }
  | { readonly type: 'complete'; readonly step: 1 | -1 }
  | { readonly type: 'up' | 'down' }
  | { readonly type: 'conversation'; readonly step: 1 | -1 }
  | { readonly type: 'conversation-number'; readonly number: number }
  | { readonly type: 'scroll'; readonly to: ScrollTarget }
  | { readonly type: 'edit'; readonly operation: EditOperation }
  | { readonly type: 'insert'; readonly text: string };

/** What a key means can depend on this. */
export interface KeyContext {
  /** Home/End move in the input line when it has text, else they scroll the conversation. */
  readonly inputEmpty: boolean;
}

/** One entry of the key table. */
export interface KeyBinding {
  /** How the help screen names the keys. */
  readonly keys: string;
  /** What they do, for the help screen. */
  readonly does: string;
  readonly match: (input: string, key: Key, context: KeyContext) => KeyAction | undefined;
}

const plain = (key: Key): boolean => !key.ctrl && !key.meta;

/** The key table, in the order the help screen shows it (first match wins). */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  {
    keys: 'Enter',
    does: 'send the message or run the /command',
    match: (_i, key) => (key.return && !key.meta ? { type: 'send' } : undefined),
  },
  {
    keys: 'Alt+Enter, Ctrl+J',
    does: 'new line in the message',
    match: (input, key) => ((key.return && key.meta) || input === '\n' ? { type: 'newline' } : undefined),
  },
  {
    keys: 'Ctrl+C',
    does: 'quit (stops tor and saves)',
    match: (input, key) => (key.ctrl && input === 'c' ? { type: 'quit' } : undefined),
  },
  {
    keys: 'Tab, Shift+Tab',
    does: 'complete a /command or a friend’s name (again: next / previous match)',
    match: (_i, key) => (key.tab ? { type: 'complete', step: key.shift ? -1 : 1 } : undefined),
  },
  {
    keys: 'Alt+1 … Alt+9, Alt+0',
    does: 'open conversation 1 … 9, 10 (numbers as in the sidebar)',
    match: (input, key) =>
      key.meta && /^[0-9]$/.test(input)
        ? { type: 'conversation-number', number: input === '0' ? 10 : Number(input) }
        : undefined,
  },
  {
    keys: 'Alt+↑/↓/←/→, Ctrl+↑/↓, Ctrl+P/N',
    does: 'previous / next conversation',
    match: (input, key) => {
      const previous =
        ((key.meta || key.ctrl) && key.upArrow) || (key.meta && key.leftArrow) || (key.ctrl && input === 'p');
      const next =
        ((key.meta || key.ctrl) && key.downArrow) || (key.meta && key.rightArrow) || (key.ctrl && input === 'n');
      if (previous) return { type: 'conversation', step: -1 };
      if (next) return { type: 'conversation', step: 1 };
      return undefined;
    },
  },
  {
    keys: 'PageUp, PageDown',
    does: 'scroll the conversation up / down a page',
    match: (_i, key) =>
      key.pageUp ? { type: 'scroll', to: 'page-up' } : key.pageDown ? { type: 'scroll', to: 'page-down' } : undefined,
  },
  {
    keys: 'Ctrl+Home, Ctrl+End',
    does: 'scroll to the oldest message / back to the newest',
    match: (_i, key) =>
      key.ctrl && key.home
        ? { type: 'scroll', to: 'top' }
        : key.ctrl && key.end
          ? { type: 'scroll', to: 'bottom' }
          : undefined,
  },
  {
    keys: 'Home, End',
    does: 'start / end of the input line; with an empty input line, oldest / newest message',
    match: (_i, key, context) => {
      if (key.home)
        return context.inputEmpty ? { type: 'scroll', to: 'top' } : { type: 'edit', operation: 'line-start' };
      if (key.end)
        return context.inputEmpty ? { type: 'scroll', to: 'bottom' } : { type: 'edit', operation: 'line-end' };
      return undefined;
    },
  },
  {
    keys: '↑, ↓',
    does: 'line above / below in a long message, else earlier / later input (history)',
    match: (_i, key) =>
      plain(key) && key.upArrow ? { type: 'up' } : plain(key) && key.downArrow ? { type: 'down' } : undefined,
  },
  {
    keys: '←, →, Ctrl+←/→',
    does: 'move the cursor a character / a word',
    match: (_i, key) => {
      if (key.leftArrow && !key.meta) return { type: 'edit', operation: key.ctrl ? 'word-left' : 'left' };
      if (key.rightArrow && !key.meta) return { type: 'edit', operation: key.ctrl ? 'word-right' : 'right' };
      return undefined;
    },
  },
  {
    keys: 'Ctrl+A, Ctrl+E',
    does: 'start / end of the input line',
    match: (input, key) =>
      key.ctrl && input === 'a' ? edit('line-start') : key.ctrl && input === 'e' ? edit('line-end') : undefined,
  },
  {
    keys: 'Backspace',
    does: 'delete the character before the cursor',
    match: (_i, key) => (isBackspace(key) ? edit('backspace') : undefined),
  },
  {
    keys: 'Ctrl+D',
    does: 'delete the character under the cursor',
    match: (input, key) => (key.ctrl && input === 'd' ? edit('delete-forward') : undefined),
  },
  {
    keys: 'Ctrl+W',
    does: 'delete the word before the cursor',
    match: (input, key) => (key.ctrl && input === 'w' ? edit('delete-word') : undefined),
  },
  {
    keys: 'Ctrl+U, Ctrl+K',
    does: 'delete to the start / to the end of the line',
    match: (input, key) =>
      key.ctrl && input === 'u' ? edit('kill-to-start') : key.ctrl && input === 'k' ? edit('kill-to-end') : undefined,
  },
  {
    keys: 'Alt+A, Alt+U',
    does: 'next conversation with unread messages (as in irssi and weechat)',
    match: (input, key) => (key.meta && (input === 'a' || input === 'u') ? { type: 'next-active' } : undefined),
  },
  {
    keys: 'Ctrl+F, Alt+S',
    does: 'search: starts a /search in the input line',
    match: (input, key) =>
      (key.ctrl && input === 'f') || (key.meta && input === 's') ? { type: 'search' } : undefined,
  },
  {
    keys: 'Ctrl+L',
    does: 'redraw the screen',
    match: (input, key) => (key.ctrl && input === 'l' ? { type: 'redraw' } : undefined),
  },
  {
    keys: 'Ctrl+Z',
    does: 'suspend to the shell (fg comes back)',
    match: (input, key) => (key.ctrl && input === 'z' ? { type: 'suspend' } : undefined),
  },
  {
    keys: 'Mouse wheel',
    does: 'scroll the conversation (Shift+drag selects text while the mouse is on)',
    match: () => undefined,
  },
  {
    keys: 'Alt+O',
    does: 'show your own onion address and its QR code (also /address)',
    match: (input, key) => (key.meta && input === 'o' ? { type: 'address' } : undefined),
  },
  {
    keys: 'Alt+C',
    does: 'copy your onion address to the clipboard (OSC 52)',
    match: (input, key) => (key.meta && input === 'c' ? { type: 'copy' } : undefined),
  },
  {
    keys: 'Alt+H',
    does: 'this help',
    match: (input, key) => (key.meta && input === 'h' ? { type: 'help' } : undefined),
  },
  {
    keys: 'Esc',
    does: 'close help or the address card, clear the notice line',
    match: (_i, key) => (key.escape ? { type: 'escape' } : undefined),
  },
];

/** Whether the key erases backwards: Backspace, or DEL, which Ink calls `delete`. */
export function isBackspace(key: Key): boolean {
  return key.backspace || key.delete;
}

function edit(operation: EditOperation): KeyAction {
  return { type: 'edit', operation };
}

/**
 * The action for one key press (or one pasted chunk), or undefined for keys that mean
 * nothing here. Text that is not a key combination is inserted.
 */
export function keyAction(input: string, key: Key, context: KeyContext): KeyAction | undefined {
  for (const binding of KEY_BINDINGS) {
    const action = binding.match(input, key, context);
    if (action !== undefined) return action;
  }
  if (input !== '' && plain(key)) return { type: 'insert', text: input };
  return undefined;
}
