/**
 * The sidebar: every conversation the user can open, contacts by section then groups, each
 * with its number (Alt+number opens it), a mark (presence, or '#' for a group), its name and
 * unread count (conversation/sidebar-rows.ts). Each panel scrolls to keep the open one visible.
 */
import { Box, Text } from 'ink';
import type { ContactEntry } from '../conversation/contact-list.js';
import type { GroupEntry } from '../conversation/group-list.js';
import {
  contactPanel,
  groupPanel,
  groupPanelRows,
  scrollStart,
  type SidebarPanel,
  type SidebarRow,
} from '../conversation/sidebar-rows.js';
import { colored } from '../text/text-style.js';
import { displayWidth, padToWidth } from '../text/text-width.js';

/** Props of Sidebar. */
export interface SidebarProps {
  readonly contacts: readonly ContactEntry[];
  /** Whether the node has answered yet (before that, an empty list means nothing). */
  readonly loaded: boolean;
  readonly groups: readonly GroupEntry[];
  /** Invitations waiting for an answer. */
  readonly invites: number;
  /** The open conversation's selection key. */
  readonly selected: string | undefined;
  /** Columns for the list (the separator is not included). */
  readonly width: number;
  readonly height: number;
}

/** The contacts, then the groups. */
export function Sidebar({ contacts, loaded, groups, invites, selected, width, height }: SidebarProps) {
  const groupRows = groupPanelRows(groups.length, invites, height);
  // Numbers line up across both panels.
  const numberWidth = String(contacts.length + groups.length).length;
  return (
    <>
      {contacts.length > 0 ? (
        <Panel
          panel={contactPanel(contacts)}
          selected={selected}
          width={width}
          height={height - groupRows}
          numberWidth={String(contacts.length).length}
        />
      ) : (
        <NoContacts loaded={loaded} width={width} height={height - groupRows} />
      )}
      {groupRows > 0 ? (
        <Panel
          panel={groupPanel(groups, invites)}
          selected={selected}
          width={width}
          height={groupRows}
          numberWidth={numberWidth}
        />
      ) : null}
    </>
  );
}

function NoContacts({
  loaded,
  width,
  height,
}: {
  readonly loaded: boolean;
  readonly width: number;
  readonly height: number;
}) {
  if (!loaded) return <Box width={width} height={height} />;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text dimColor wrap="truncate">
        No contacts yet.
      </Text>
      <Text dimColor wrap="wrap">
        /add &lt;onion&gt; &lt;message&gt;
      </Text>
    </Box>
  );
}

interface PanelProps {
  readonly panel: SidebarPanel;
  readonly selected: string | undefined;
  readonly width: number;
  readonly height: number;
  readonly numberWidth: number;
}

function Panel({ panel, selected, width, height, numberWidth }: PanelProps) {
  const rows = Math.max(0, height - panel.top.length - panel.bottom.length);
  const first = scrollStart(
    panel.list.findIndex((row) => row.kind === 'entry' && row.key === selected),
    panel.list.length,
    rows,
  );
  const shown = [...panel.top, ...panel.list.slice(first, first + rows), ...panel.bottom];
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {shown.map((row) => (
        <Row key={row.key} row={row} selected={row.key === selected} width={width} numberWidth={numberWidth} />
      ))}
    </Box>
  );
}

interface RowProps {
  readonly row: SidebarRow;
  readonly selected: boolean;
  readonly width: number;
  readonly numberWidth: number;
}

function Row({ row, selected, width, numberWidth }: RowProps) {
  if (row.kind !== 'entry') {
    return (
      <Text
        bold={row.kind === 'heading'}
        dimColor={row.kind === 'heading' && row.dim}
        {...colored(row.color)}
        wrap="truncate"
      >
        {padToWidth(row.text, width)}
      </Text>
    );
  }
  const unread = row.unread > 0 ? ` ${row.unread > 99 ? '99+' : row.unread}` : '';
  const number = String(row.number).padStart(numberWidth);
  const nameWidth = Math.max(0, width - displayWidth(number) - 3 - displayWidth(unread));
  return (
    <Text inverse={selected} bold={row.unread > 0} dimColor={row.faint && !selected} wrap="truncate">
      <Text dimColor={!selected}>{number}</Text> <Text {...colored(row.markColor)}>{row.mark}</Text>{' '}
      {padToWidth(row.name, nameWidth)}
      <Text color="cyan">{unread}</Text>
    </Text>
  );
}
