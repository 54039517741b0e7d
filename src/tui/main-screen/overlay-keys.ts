/**
 * What the keys do while an overlay has them (the help screen, the address card, the member
 * list), pure. The transfers view has its own table (transfers/transfer-keys.ts). Esc and q
 * close every overlay; so does Enter, and the key that opened it.
 */
import type { KeyAction } from '../input/key-bindings.js';
import type { UiState } from './ui-state.js';

const closes = (action: KeyAction, input: string): boolean =>
  action.type === 'escape' || action.type === 'send' || (action.type === 'insert' && input === 'q');

/** The help screen: ↑/↓ and the page keys scroll it (up to `limit`, `page` rows at a time). */
export function helpKey(
  action: KeyAction,
  input: string,
  helpScroll: number,
  limit: number,
  page: number,
): Partial<UiState> | undefined {
  if (action.type === 'up') return { helpScroll: Math.max(0, helpScroll - 1) };
  if (action.type === 'down') return { helpScroll: Math.min(limit, helpScroll + 1) };
  if (action.type === 'scroll') {
    const next = { 'page-up': helpScroll - page, 'page-down': helpScroll + page, top: 0, bottom: limit }[action.to];
    return { helpScroll: Math.max(0, Math.min(limit, next)) };
  }
  return closes(action, input) || action.type === 'help' ? { overlay: undefined } : undefined;
}

/** The address card: c (or Alt+C) copies the address. */
export function addressKey(action: KeyAction, input: string): 'copy' | 'close' | undefined {
  if (action.type === 'copy' || (action.type === 'insert' && input === 'c')) return 'copy';
  return closes(action, input) || action.type === 'address' ? 'close' : undefined;
}

/** The member list: only closing. */
export function membersKey(action: KeyAction, input: string): Partial<UiState> | undefined {
  return closes(action, input) ? { overlay: undefined } : undefined;
}
