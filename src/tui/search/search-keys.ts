/**
 * The keys of the search results view, pure: ↑/↓ (and k/j) choose a match, Enter opens its
 * conversation at the match, Esc or q closes the view.
 */
import type { KeyAction } from '../input/key-bindings.js';

/** What a key does in the search results view. */
export type SearchKeyAction = 'up' | 'down' | 'open' | 'close';

/** The keys, as the help screen lists them. */
export const SEARCH_KEYS: readonly { readonly left: string; readonly right: string }[] = [
  { left: '↑ ↓', right: 'choose a match' },
  { left: 'Enter', right: 'open its conversation at the match' },
  { left: 'Esc, q', right: 'close the results' },
];

/** What the main screen's key action means in the results view, if anything. */
export function searchKeyAction(action: KeyAction): SearchKeyAction | undefined {
  switch (action.type) {
    case 'up':
    case 'down':
      return action.type;
    case 'send':
      return 'open';
    case 'escape':
    case 'search':
      return 'close';
    case 'insert':
      return { q: 'close', k: 'up', j: 'down' }[action.text] as SearchKeyAction | undefined;
    default:
      return undefined;
  }
}
