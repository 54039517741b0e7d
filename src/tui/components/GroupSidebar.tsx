/**
 * The groups under the contacts in the sidebar: a heading, then each group with its number
 * (Alt+number opens it, after the contacts' numbers), '#', its name and unread count; groups
 * you left are dimmed. Invitations waiting for an answer get a line of their own (/group invites
 * lists them).
 */
import { Box, Text } from 'ink';
import type { GroupEntry } from '../conversation/group-list.js';
import { displayWidth, padToWidth } from '../text/text-width.js';

/** Props of GroupSidebar. */
export interface GroupSidebarProps {
  readonly entries: readonly GroupEntry[];
  /** Invitations waiting for an answer. */
  readonly invites: number;
  /** The main screen's selection key. */
  readonly selected: string | undefined;
  readonly width: number;
  readonly height: number;
  /** Digits of the largest sidebar number (contacts and groups), so numbers line up. */
  readonly numberWidth: number;
}

/** Rows the groups section wants of a sidebar `height` rows tall: none without groups or invitations, at most half. */
export function groupSidebarRows(groups: number, invites: number, height: number): number {
  if (groups === 0 && invites === 0) return 0;
  const wanted = 1 + groups + (invites > 0 ? 1 : 0);
  return Math.min(wanted, Math.max(3, Math.floor(height / 2)), height);
}

/** The groups section, scrolled to the open group. */
export function GroupSidebar({ entries, invites, selected, width, height, numberWidth }: GroupSidebarProps) {
  const inviteRow = invites > 0 ? 1 : 0;
  const rows = Math.max(0, height - 1 - inviteRow);
  const selectedIndex = entries.findIndex((entry) => entry.key === selected);
  const first = Math.max(0, Math.min(selectedIndex - Math.floor(rows / 2), entries.length - rows));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold dimColor wrap="truncate">
        {padToWidth(`Groups (${entries.length})`, width)}
      </Text>
      {entries.slice(first, first + rows).map((entry) => {
        const isSelected = entry.key === selected;
        const unread = entry.group.unread > 0 ? ` ${entry.group.unread > 99 ? '99+' : entry.group.unread}` : '';
        const number = String(entry.number).padStart(numberWidth);
        const nameWidth = Math.max(0, width - displayWidth(number) - 3 - displayWidth(unread));
        return (
          <Text key={entry.key} inverse={isSelected} bold={entry.group.unread > 0} dimColor={!entry.group.isMember && !isSelected} wrap="truncate">
            <Text dimColor={!isSelected}>{number}</Text> <Text color="cyan">#</Text> {padToWidth(entry.name, nameWidth)}
            <Text color="cyan">{unread}</Text>
          </Text>
        );
      })}
      {inviteRow > 0 ? (
        <Text color="yellow" wrap="truncate">
          {padToWidth(`Invitations (${invites})`, width)}
        </Text>
      ) : null}
    </Box>
  );
}
