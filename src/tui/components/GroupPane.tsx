/**
 * The pane of an open group: a header with its name, member count and your role, then the
 * window of lines the scroll position selects (group-layout.ts lays them out). Also shows the
 * member list view.
 */
import { Box, Text } from 'ink';
import type { DisplayLine, Tone } from '../conversation/conversation-layout.js';
import type { GroupEntry } from '../conversation/group-list.js';
import { displayWidth, padToWidth, truncateEnd } from '../text/text-width.js';

/** Props of GroupPane. */
export interface GroupPaneProps {
  readonly entry: GroupEntry;
  /** Every line, oldest first. */
  readonly lines: readonly DisplayLine[];
  /** Lines scrolled up from the newest. */
  readonly scroll: number;
  readonly width: number;
  /** Rows including the header. */
  readonly height: number;
  /** Shown in the header: loading, older history exists, errors. */
  readonly status: string | undefined;
  /** Lines start at the top (the member list) rather than at the bottom (the history). */
  readonly anchorTop: boolean;
}

// 'mark-read' is the not-a-friend tag and the admin star here.
const TONE_STYLE: Readonly<Record<Tone, { color?: string; dimColor?: boolean; bold?: boolean }>> = {
  time: { dimColor: true },
  mark: { dimColor: true },
  'mark-read': { color: 'yellow' },
  me: { color: 'cyan', bold: true },
  peer: { color: 'magenta', bold: true },
  text: {},
  separator: { dimColor: true },
};

/** The header and the visible lines of the open group. */
export function GroupPane({ entry, lines, scroll, width, height, status, anchorTop }: GroupPaneProps) {
  const body = Math.max(0, height - 1);
  const end = Math.max(0, lines.length - scroll);
  const visible = lines.slice(Math.max(0, end - body), end);
  const below = lines.length - end;
  const group = entry.group;
  const role = !group.isMember ? 'you left' : group.isAdmin ? 'admin' : 'member';
  const about = `  ${group.members.length} member${group.members.length === 1 ? '' : 's'} · ${role}`;
  const right = below > 0 ? `  ${below} more line${below === 1 ? '' : 's'} below (End)` : status === undefined ? '' : `  ${status}`;
  const name = truncateEnd(entry.name, Math.max(1, width - 2 - displayWidth(about) - displayWidth(right)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text wrap="truncate">
        <Text color="cyan"># </Text>
        <Text bold>{name}</Text>
        <Text dimColor>{padToWidth(about, Math.max(0, width - 2 - displayWidth(name) - displayWidth(right)))}</Text>
        <Text color="yellow">{right}</Text>
      </Text>
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
