/**
 * The input line: a prompt, the text being typed (several rows when it is long or has
 * newlines, scrolling past {@link MAX_INPUT_ROWS}) and the cursor drawn as an inverse cell,
 * with the terminal's own cursor put there too (Ink's useCursor).
 */
import { Box, Text, useCursor } from 'ink';
import { MAX_INPUT_ROWS } from '../limits.js';
import type { EditorState } from '../input/line-editor.js';
import {
  INPUT_CONTINUATION,
  INPUT_PROMPT,
  layoutInput,
  visibleInputRows,
  type InputRow,
} from '../input/input-layout.js';
import { displayWidth, graphemes } from '../text/text-width.js';

/** Props of InputLine. */
export interface InputLineProps {
  readonly editor: EditorState;
  readonly width: number;
  /** Rows to use at most (default {@link MAX_INPUT_ROWS}). */
  readonly maxRows?: number;
  /** Greyed out (help or the address card has the keys). */
  readonly inactive: boolean;
  /** The screen row the input line starts at: the terminal's cursor is put at the caret there. */
  readonly top?: number;
}

/** The prompt and the text being typed, with its cursor. */
export function InputLine({ editor, width, maxRows = MAX_INPUT_ROWS, inactive, top }: InputLineProps) {
  const rows = visibleInputRows(
    layoutInput(editor.text, editor.cursor, width - INPUT_PROMPT.length),
    Math.max(1, maxRows),
  );
  // A real terminal cursor at the caret, so that IME composition and screen readers follow it.
  const { setCursorPosition } = useCursor();
  const caretRow = rows.findIndex((row) => row.cursorAt !== undefined);
  const caret = rows[caretRow];
  setCursorPosition(
    inactive || top === undefined || caret?.cursorAt === undefined
      ? undefined
      : { x: INPUT_PROMPT.length + displayWidth(caret.text.slice(0, caret.cursorAt)), y: top + caretRow },
  );
  return (
    <Box flexDirection="column" width={width} height={rows.length} overflow="hidden">
      {rows.map((row, index) => (
        <Text key={index} wrap="truncate" dimColor={inactive}>
          <Text color="cyan">{index === 0 ? INPUT_PROMPT : INPUT_CONTINUATION}</Text>
          <RowText row={row} showCursor={!inactive} />
        </Text>
      ))}
    </Box>
  );
}

function RowText({ row, showCursor }: { readonly row: InputRow; readonly showCursor: boolean }) {
  if (row.cursorAt === undefined || !showCursor) return <>{row.text}</>;
  const before = row.text.slice(0, row.cursorAt);
  const rest = row.text.slice(row.cursorAt);
  // The cell under the cursor is the grapheme there, or a space at the end of the row.
  const under = rest === '' ? ' ' : (graphemes(rest.slice(0, 16))[0] ?? ' ');
  return (
    <>
      {before}
      <Text inverse>{under}</Text>
      {rest === '' ? '' : rest.slice(under.length)}
    </>
  );
}
