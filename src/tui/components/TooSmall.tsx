/**
 * Shown instead of the layout when the terminal is smaller than the UI can use; everything
 * comes back as it was once it is resized (Ctrl+C still quits).
 */
import { Text } from 'ink';
import { MIN_COLUMNS, MIN_ROWS } from '../limits.js';

/** Props of TooSmall. */
export interface TooSmallProps {
  readonly columns: number;
  readonly rows: number;
}

/** The "terminal too small" notice. */
export function TooSmall({ columns, rows }: TooSmallProps) {
  return (
    <Text wrap="wrap">
      Terminal too small ({columns}×{rows}); Burrow needs {MIN_COLUMNS}×{MIN_ROWS}. Ctrl+C quits.
    </Text>
  );
}
