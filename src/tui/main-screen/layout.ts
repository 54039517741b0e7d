/**
 * How the main screen's rows and columns are shared out, pure: the sidebar (hidden on narrow
 * terminals), the pane, the notice rows, the input line (growing with its text) and the status
 * bar.
 */
import type { Notice } from '../commands/command.js';
import { inputRowCount } from '../input/input-layout.js';
import type { EditorState } from '../input/line-editor.js';
import { MAX_INPUT_ROWS, SIDEBAR_MIN_TOTAL_COLUMNS } from '../limits.js';
import { tooLongReason, utf8Length } from '../text/message-size.js';
import { wrapText } from '../text/text-width.js';
import { error } from './ui-state.js';

/** The notice row holds at most this many rows. */
const MAX_NOTICE_ROWS = 2;

/** Where everything goes. */
export interface ScreenLayout {
  /** 0 when the sidebar is hidden. */
  readonly sidebarWidth: number;
  readonly paneWidth: number;
  /** The notice shown: the last one, or why the text typed is too long to send. */
  readonly notice: Notice | undefined;
  readonly noticeLines: readonly string[];
  /** Rows of the sidebar and the pane. */
  readonly bodyRows: number;
  /** Rows of the pane below its header. */
  readonly messageRows: number;
}

/** The layout of a `width`×`height` screen with this input and notice. */
export function screenLayout(
  width: number,
  height: number,
  editor: EditorState,
  notice: Notice | undefined,
): ScreenLayout {
  const sidebarWidth = width >= SIDEBAR_MIN_TOTAL_COLUMNS ? Math.min(28, Math.max(18, Math.floor(width / 4))) : 0;
  const paneWidth = Math.max(1, width - (sidebarWidth > 0 ? sidebarWidth + 1 : 0));
  const inputRows = inputRowCount(editor.text, editor.cursor, width, MAX_INPUT_ROWS);
  const tooLong = tooLongReason(utf8Length(editor.text));
  const shown = notice ?? (tooLong === undefined ? undefined : error(tooLong));
  const noticeLines = shown === undefined ? [] : wrapText(shown.text, width).slice(0, MAX_NOTICE_ROWS);
  const bodyRows = Math.max(1, height - 1 - inputRows - noticeLines.length);
  return { sidebarWidth, paneWidth, notice: shown, noticeLines, bodyRows, messageRows: Math.max(1, bodyRows - 1) };
}
