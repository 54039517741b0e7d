/**
 * The conversation pane, for a contact or a group alike: a header (conversation/conversation.ts
 * says what it holds), then the window of lines that the scroll position selects. The lines
 * are laid out before (conversation/history-layout.ts); the member list view and a contact's
 * details come the same way.
 */
import { Box, Text } from 'ink';
import type { PaneHeader } from '../conversation/conversation.js';
import type { DisplayLine } from '../text/display-line.js';
import { colored } from '../text/text-style.js';
import { displayWidth, padToWidth, truncateEnd, truncateMiddle } from '../text/text-width.js';
import { Lines, type ToneStyles } from './Lines.js';

/** Props of ConversationPane. */
export interface ConversationPaneProps {
  readonly header: PaneHeader;
  /** Every line, oldest first. */
  readonly lines: readonly DisplayLine[];
  /** Lines scrolled up from the newest (0: the newest line is at the bottom). */
  readonly scroll: number;
  readonly width: number;
  /** Rows including the header. */
  readonly height: number;
  /** Shown in the header: loading, older history exists, errors. */
  readonly status: string | undefined;
  /** Lines start at the top (information, the member list) rather than at the bottom (a conversation). */
  readonly anchorTop: boolean;
}

/** How the conversation's tones are drawn (the feed draws its posts the same way). */
export const STYLES: ToneStyles = {
  time: { dimColor: true },
  mark: { dimColor: true },
  'mark-read': { color: 'blue', bold: true },
  flag: { color: 'yellow' },
  me: { color: 'cyan', bold: true },
  peer: { color: 'magenta', bold: true },
  text: {},
  separator: { dimColor: true },
};

/** The header and the visible lines of the open conversation. */
export function ConversationPane({ header, lines, scroll, width, height, status, anchorTop }: ConversationPaneProps) {
  const body = Math.max(0, height - 1);
  const end = Math.max(0, lines.length - scroll);
  const below = lines.length - end;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Header
        header={header}
        width={width}
        status={below > 0 ? `${below} more line${below === 1 ? '' : 's'} below (End)` : status}
      />
      <Box
        flexDirection="column"
        height={body}
        justifyContent={anchorTop ? 'flex-start' : 'flex-end'}
        overflow="hidden"
      >
        <Lines lines={lines.slice(Math.max(0, end - body), end)} styles={STYLES} />
      </Box>
    </Box>
  );
}

interface HeaderProps {
  readonly header: PaneHeader;
  readonly width: number;
  readonly status: string | undefined;
}

/** Mark, name, detail, status: the detail (an address) is cut in the middle, or the name (a group's) at its end. */
function Header({ header, width, status }: HeaderProps) {
  if (header.kind === 'title') {
    return (
      <Text bold wrap="truncate">
        {padToWidth(header.title, width)}
      </Text>
    );
  }
  const right = status === undefined ? '' : `  ${status}`;
  const name =
    header.shortened === 'name'
      ? truncateEnd(header.name, Math.max(1, width - 2 - displayWidth(header.detail) - displayWidth(right)))
      : header.name;
  const room = Math.max(0, width - 2 - displayWidth(name) - displayWidth(right));
  const detail = header.shortened === 'detail' ? truncateMiddle(header.detail, room) : header.detail;
  return (
    <Text wrap="truncate">
      <Text {...colored(header.markColor)}>{header.mark}</Text> <Text bold>{name}</Text>
      <Text dimColor>{padToWidth(detail, room)}</Text>
      <Text color="yellow">{right}</Text>
    </Text>
  );
}
