/**
 * The conversation pane: a header naming the open contact, then the window of lines that
 * the scroll position selects (MainScreen computes the lines; see conversation-layout.ts).
 */
import { Box, Text } from 'ink';
import type { ContactEntry } from '../conversation/contact-list.js';
import type { DisplayLine, Tone } from '../conversation/conversation-layout.js';
import { presenceMark } from './Sidebar.js';
import { displayWidth, padToWidth, truncateMiddle } from '../text/text-width.js';
import { colored } from '../text/text-style.js';

/** Props of ConversationPane. */
export interface ConversationPaneProps {
  /** The open contact, if any. */
  readonly entry: ContactEntry | undefined;
  /** Every line of the conversation, oldest first. */
  readonly lines: readonly DisplayLine[];
  /** Lines scrolled up from the newest (0: the newest line is at the bottom). */
  readonly scroll: number;
  readonly width: number;
  /** Rows including the header. */
  readonly height: number;
  /** Shown in the header: loading, older history exists, errors. */
  readonly status: string | undefined;
  /** Lines start at the top (information) rather than at the bottom (a conversation). */
  readonly anchorTop: boolean;
}

const TONE_STYLE: Readonly<Record<Tone, { color?: string; dimColor?: boolean; bold?: boolean }>> = {
  time: { dimColor: true },
  mark: { dimColor: true },
  'mark-read': { color: 'blue', bold: true },
  me: { color: 'cyan', bold: true },
  peer: { color: 'magenta', bold: true },
  text: {},
  separator: { dimColor: true },
};

/** The header and the visible lines of the open conversation. */
export function ConversationPane({ entry, lines, scroll, width, height, status, anchorTop }: ConversationPaneProps) {
  const body = Math.max(0, height - 1);
  const end = Math.max(0, lines.length - scroll);
  const visible = lines.slice(Math.max(0, end - body), end);
  const below = lines.length - end;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Header entry={entry} width={width} status={below > 0 ? `${below} more line${below === 1 ? '' : 's'} below (End)` : status} />
      <Box flexDirection="column" height={body} justifyContent={anchorTop ? 'flex-start' : 'flex-end'} overflow="hidden">
        {visible.map((line) => (
          <Text key={line.key} wrap="truncate">
            {line.segments.map((segment, index) => (
              <Text key={index} {...TONE_STYLE[segment.tone]}>
                {segment.text}
              </Text>
            ))}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

interface HeaderProps {
  readonly entry: ContactEntry | undefined;
  readonly width: number;
  readonly status: string | undefined;
}

function Header({ entry, width, status }: HeaderProps) {
  if (entry === undefined) {
    return (
      <Text bold wrap="truncate">
        {padToWidth('Burrow', width)}
      </Text>
    );
  }
  const { mark, color } = presenceMark(entry);
  const name = entry.name === entry.contact.onion ? '' : `${entry.name}  `;
  const right = status === undefined ? '' : `  ${status}`;
  const room = Math.max(0, width - 2 - displayWidth(name) - displayWidth(right));
  const address = truncateMiddle(`${entry.contact.onion}.onion`, room);
  return (
    <Text wrap="truncate">
      <Text {...colored(color)}>{mark}</Text> <Text bold>{name}</Text>
      <Text dimColor>{padToWidth(address, room)}</Text>
      <Text color="yellow">{right}</Text>
    </Text>
  );
}
