/**
 * The main screen's terminal-chat habits, kept out of MainScreen.tsx: Alt+A/Alt+U to the next
 * conversation with unread messages (main-screen/next-active.ts), Ctrl+F/Alt+S to start a
 * search and the search results view (search/), bringing a chosen match into view, the mouse
 * wheel (input/mouse-sequences.ts), Ctrl+L to redraw, and Ctrl+Z to suspend (and the redraw
 * when the shell's `fg` brings the UI back).
 */
import { useStdout } from 'ink';
import { useEffect, type RefObject } from 'react';
import type { ContactEntry } from '../conversation/contact-list.js';
import type { GroupEntry } from '../conversation/group-list.js';
import type { KeyAction } from '../input/key-bindings.js';
import { insert, EMPTY_EDITOR } from '../input/line-editor.js';
import { nextActiveKey, type ActivityEntry } from '../main-screen/next-active.js';
import { info, type UiState } from '../main-screen/ui-state.js';
import { searchKeyAction } from '../search/search-keys.js';
import type { SearchResults } from '../search/search-results.js';
import type { TerminalEffects } from '../terminal-sequences.js';
import { CLEAR_SCREEN } from '../terminal-sequences.js';
import type { DisplayLine } from '../text/display-line.js';
import { useWheelHandler } from './use-key-handler.js';

/** Lines one wheel notch scrolls. */
export const WHEEL_LINES = 3;

/** What the habits need of the main screen. */
export interface ChatHabitsOptions {
  readonly uiRef: RefObject<UiState>;
  readonly patch: (change: Partial<UiState>) => void;
  /** Every conversation, in sidebar order. */
  readonly contacts: readonly ContactEntry[];
  readonly groups: readonly GroupEntry[];
  readonly openKey: string | undefined;
  /** The open conversation's lines, and how many the pane shows. */
  readonly lines: readonly DisplayLine[];
  readonly messageRows: number;
  readonly history: { readonly loading: boolean; readonly hasOlder: boolean; readonly loadOlder: () => void };
  readonly effects: TerminalEffects;
}

/** What the main screen calls. */
export interface ChatHabits {
  /** Handles the habit keys; false for any other key. */
  readonly onKey: (action: KeyAction) => boolean;
  /** A key while the search results are up. */
  readonly onSearchKey: (action: KeyAction) => void;
  /** Shows search results. */
  readonly showResults: (results: SearchResults) => void;
}

/** The scroll offset that shows line `index` near the top of a pane of `rows`. */
export function scrollToLine(index: number, total: number, rows: number): number {
  return Math.max(0, Math.min(total - rows, total - index - rows));
}

/** The habits (see the file comment). */
export function useChatHabits(options: ChatHabitsOptions): ChatHabits {
  const { uiRef, patch, lines, messageRows, history, effects, openKey } = options;
  const { write } = useStdout();
  const maxScroll = Math.max(0, lines.length - messageRows);

  // Ink rewrites its whole frame after anything written through it: clearing first redraws all.
  const redraw = (): void => write(CLEAR_SCREEN);
  useEffect(() => effects.onResume(() => write(CLEAR_SCREEN)), [effects, write]);

  useWheelHandler((direction) => {
    const state = uiRef.current;
    if (state.overlay !== undefined) return;
    const current = Math.min(state.scroll, maxScroll);
    const next = direction === 'up' ? Math.min(maxScroll, current + WHEEL_LINES) : Math.max(0, current - WHEEL_LINES);
    if (direction === 'up' && next >= maxScroll) history.loadOlder();
    if (next !== state.scroll) patch({ scroll: next });
  });

  // A chosen search match: once its conversation is open, page back until its lines are there.
  const jump = uiRef.current.jump;
  useEffect(() => {
    if (jump === undefined || jump.key !== openKey) return;
    const index = lines.findIndex((line) => line.key === `${jump.id}-0`);
    if (index >= 0) patch({ jump: undefined, scroll: scrollToLine(index, lines.length, messageRows) });
    else if (history.loading) return;
    else if (history.hasOlder) history.loadOlder();
    else patch({ jump: undefined, notice: info('That message is no longer in the history.') });
  }, [jump, openKey, lines, messageRows, history, patch]);

  const onKey = (action: KeyAction): boolean => {
    switch (action.type) {
      case 'next-active': {
        const activity: ActivityEntry[] = [
          ...options.contacts.map((entry) => ({ key: entry.contact.onion, unread: entry.contact.unread })),
          ...options.groups.map((entry) => ({ key: entry.key, unread: entry.group.unread })),
        ];
        const key = nextActiveKey(activity, openKey);
        patch(
          key === undefined
            ? { notice: info('No other conversation has unread messages.') }
            : { selected: key, scroll: 0 },
        );
        return true;
      }
      case 'search': {
        // Words typed before the key become the search text.
        const typed = uiRef.current.editor.text;
        patch({ editor: insert(EMPTY_EDITOR, `/search ${typed.startsWith('/') ? '' : typed}`), completion: undefined });
        return true;
      }
      case 'redraw':
        redraw();
        return true;
      case 'suspend':
        effects.suspend();
        return true;
      default:
        return false;
    }
  };

  const onSearchKey = (action: KeyAction): void => {
    const state = uiRef.current;
    const hits = state.search?.hits ?? [];
    const what = searchKeyAction(action);
    if (what === 'close') patch({ overlay: undefined });
    else if (what === 'up') patch({ searchIndex: Math.max(0, state.searchIndex - 1) });
    else if (what === 'down') patch({ searchIndex: Math.min(Math.max(0, hits.length - 1), state.searchIndex + 1) });
    else if (what === 'open') {
      const hit = hits[state.searchIndex];
      if (hit === undefined) patch({ overlay: undefined });
      else patch({ overlay: undefined, selected: hit.key, scroll: 0, jump: { key: hit.key, id: hit.id } });
    }
  };

  const showResults = (results: SearchResults): void => patch({ overlay: 'search', search: results, searchIndex: 0 });

  return { onKey, onSearchKey, showResults };
}
