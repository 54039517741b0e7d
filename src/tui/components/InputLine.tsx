/**
 * The input line: a prompt, the text being typed (several rows when it is long or has
 * newlines, scrolling past {@link MAX_INPUT_ROWS}) and the cursor drawn as an inverse cell.
 */
import { Box, Text } from 'ink';
import type { EditorState } from '../input/line-editor.js';
import {
  INPUT_CONTINUATION,
  INPUT_PROMPT,
  layoutInput,
  visibleInputRows,
  type InputRow,
} from '../input/input-layout.js';
import { graphemes } from '../text/text-width.js';

/** Props of InputLine. */
export interface InputLineProps {
  readonly editor: EditorState;
  readonly width: number;
  /** Rows to use at most. */
  readonly maxRows: number;
  /** Greyed out (help or the address card has the keys). */
  readonly inactive: boolean;
}

/** The prompt and the text being typed, with its cursor. */
export function InputLine({ editor, width, maxRows, inactive }: InputLineProps) {
  const rows = visibleInputRows(
    layoutInput(editor.text, editor.cursor, width - INPUT_PROMPT.length),
    Math.max(1, maxRows),
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
