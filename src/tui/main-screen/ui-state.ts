/**
 * What the main screen itself holds (the node holds everything else): the input line, the
 * open conversation's selection and scroll position, the notice, and which overlay is up.
 */
import type { Notice } from '../commands/command.js';
import type { Completions } from '../input/completions.js';
import { EMPTY_HISTORY, type InputHistory } from '../input/input-history.js';
import { EMPTY_EDITOR, type EditorState } from '../input/line-editor.js';
import type { SearchResults } from '../search/search-results.js';

/** A Tab completion under way: Tab again cycles through its matches. */
export interface CompletionSession {
  /** The input before the first Tab. */
  readonly base: EditorState;
  readonly found: Completions;
  readonly index: number;
  /** The input as the last Tab left it: typing anything else ends the session. */
  readonly applied: EditorState;
}

/** What covers the pane (or, for the address card, the whole screen) and takes the keys. */
export type Overlay = 'help' | 'address' | 'members' | 'transfers' | 'search';

/** The main screen's own state. */
export interface UiState {
  /** The selection key of the open conversation. */
  readonly selected: string | undefined;
  readonly editor: EditorState;
  readonly history: InputHistory;
  readonly completion: CompletionSession | undefined;
  readonly notice: Notice | undefined;
  readonly overlay: Overlay | undefined;
  /** The transfer selected in the transfers view. */
  readonly transferIndex: number;
  readonly helpScroll: number;
  readonly addressNotice: string | undefined;
  /** Lines scrolled up from the newest. */
  readonly scroll: number;
  /** What the last /search found (the search overlay shows it), and the row chosen. */
  readonly search: SearchResults | undefined;
  readonly searchIndex: number;
  /** A message to bring into view once its conversation's history holds it (a search result). */
  readonly jump: { readonly key: string; readonly id: string } | undefined;
}

export const INITIAL_UI: UiState = {
  selected: undefined,
  editor: EMPTY_EDITOR,
  history: EMPTY_HISTORY,
  completion: undefined,
  notice: undefined,
  overlay: undefined,
  helpScroll: 0,
  transferIndex: 0,
  addressNotice: undefined,
  scroll: 0,
  search: undefined,
  searchIndex: 0,
  jump: undefined,
};

/** An error notice. */
export const error = (text: string): Notice => ({ text, tone: 'error' });

/** An info notice. */
export const info = (text: string): Notice => ({ text, tone: 'info' });
