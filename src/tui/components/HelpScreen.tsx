/**
 * The help screen, in place of the conversation: every key and every command
 * (help-lines.ts), scrolled with ↑/↓/PageUp/PageDown, closed with Esc.
 */
import { Box, Text } from 'ink';
import { helpLines } from '../help-lines.js';
import { padToWidth } from '../text/text-width.js';
import { colored } from '../text/text-style.js';

/** Props of HelpScreen. */
export interface HelpScreenProps {
  /** First line shown. */
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
}

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
        {padToWidth(`Help — Esc closes, ↑/↓ PgUp/PgDn scroll (${first + 1}–${Math.min(lines.length, first + body)} of ${lines.length})`, width)}
      </Text>
      {lines.slice(first, first + body).map((line) => (
        <Text key={line.key} wrap="truncate">
          {line.segments.map((segment, index) => (
            <Text key={index} bold={segment.tone !== 'text'} {...colored(segment.tone === 'me' ? 'cyan' : undefined)}>
              {segment.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
