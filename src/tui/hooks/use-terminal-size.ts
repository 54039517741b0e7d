/**
 * The terminal's size, updated on resize. Falls back to 80×24 when the output is not a
 * terminal (Ink does the same for the width).
 */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Columns and rows of the terminal, and the rows the UI uses. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
  /**
   * Rows the UI draws: one less than the terminal has. Ink redraws a frame as tall as the
   * terminal by clearing the whole screen every time; one row less lets it update in place.
   */
  readonly height: number;
}

const FALLBACK_COLUMNS = 80;
const FALLBACK_ROWS = 24;

/** The terminal size, re-read on every resize. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => readSize(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(readSize(stdout));
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function readSize(stdout: NodeJS.WriteStream): TerminalSize {
  const rows = stdout.rows > 0 ? stdout.rows : FALLBACK_ROWS;
  return { columns: stdout.columns > 0 ? stdout.columns : FALLBACK_COLUMNS, rows, height: Math.max(1, rows - 1) };
}
