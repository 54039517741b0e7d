/**
 * The help screen, in place of the conversation: every key and every command
 * (help-lines.ts), scrolled with ↑/↓/PageUp/PageDown, closed with Esc.
 */
import { Box, Text } from 'ink';
import { helpLines } from '../help-lines.js';
import { padToWidth } from '../text/text-width.js';
import { Lines, type ToneStyles } from './Lines.js';

/** Props of HelpScreen. */
export interface HelpScreenProps {
  /** First line shown. */
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
}

// Everything but the explanations stands out; section titles in colour.
const STYLES: ToneStyles = {
  time: { bold: true },
  mark: { bold: true },
  'mark-read': { bold: true },
  flag: { bold: true },
  me: { bold: true, color: 'cyan' },
  peer: { bold: true },
  text: {},
  separator: { bold: true },
};

/** The largest useful scroll position at this size. */
export function maxHelpScroll(width: number, height: number): number {
  return Math.max(0, helpLines(width).length - Math.max(1, height - 1));
}

/** Every key and command, scrollable. */
export function HelpScreen({ scroll, width, height }: HelpScreenProps) {
  const body = Math.max(1, height - 1);
  const lines = helpLines(width);
  const first = Math.max(0, Math.min(scroll, lines.length - body));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold inverse wrap="truncate">
        {padToWidth(
          `Help — Esc closes, ↑/↓ PgUp/PgDn scroll (${first + 1}–${Math.min(lines.length, first + body)} of ${lines.length})`,
          width,
        )}
      </Text>
      <Lines lines={lines.slice(first, first + body)} styles={STYLES} />
    </Box>
  );
}
