/**
 * Lays the input line's text out in rows of a given width, and finds the cursor's row: text
 * breaks at the edge (not at spaces, so that the cursor moves predictably) and at newlines.
 * Pure; InputLine.tsx draws the result.
 */
import { displayWidth, graphemes } from '../text/text-width.js';

/** One row of the input line as drawn. */
export interface InputRow {
  readonly text: string;
  /** UTF-16 index in `text` where the cursor is drawn, when it is on this row. */
  readonly cursorAt?: number;
}

/** Rows of `text` at most `width` columns wide, with the cursor's position marked. */
export function layoutInput(text: string, cursor: number, width: number): InputRow[] {
  const columns = Math.max(1, Math.floor(width));
  const rows: InputRow[] = [];
  let row = '';
  let rowWidth = 0;
  let cursorAt: number | undefined;
  let index = 0;
  const endRow = (): void => {
    rows.push(cursorAt === undefined ? { text: row } : { text: row, cursorAt });
    row = '';
    rowWidth = 0;
    cursorAt = undefined;
  };
  for (const grapheme of graphemes(text)) {
    if (grapheme === '\n') {
      if (index === cursor) cursorAt = row.length;
      endRow();
      index += grapheme.length;
      continue;
    }
    // ASCII is one column: skip the width lookup for the common case (32 KiB pastes).
    const graphemeWidth = grapheme.length === 1 && grapheme < '\u007f' ? 1 : displayWidth(grapheme);
    if (rowWidth + graphemeWidth > columns && rowWidth > 0) endRow();
    if (index === cursor) cursorAt = row.length;
    row += grapheme;
    rowWidth += graphemeWidth;
    index += grapheme.length;
  }
  if (cursor >= text.length) {
    // The cursor after the last character needs a free column; a full row pushes it down.
    if (rowWidth >= columns) endRow();
    cursorAt = row.length;
  }
  endRow();
  return rows;
}

/** Which `count` consecutive rows to show so that the cursor's row is among them (the last rows by default). */
export function visibleInputRows(rows: readonly InputRow[], count: number): InputRow[] {
  const cursorRow = rows.findIndex((row) => row.cursorAt !== undefined);
  const end = Math.max(Math.min(rows.length, Math.max(count, cursorRow + 1)), 0);
  return rows.slice(Math.max(0, end - count), end);
}

/** What starts the input line's first row, and the rows after it. */
export const INPUT_PROMPT = '> ';
export const INPUT_CONTINUATION = '  ';

/** How many rows the input needs at `width` columns (prompt included), at most `maxRows`. */
export function inputRowCount(text: string, cursor: number, width: number, maxRows: number): number {
  return Math.max(1, Math.min(maxRows, layoutInput(text, cursor, width - INPUT_PROMPT.length).length));
}
