/**
 * The list of contacts on the left: sections (requests, friends, waiting, blocked), each
 * entry with its number (Alt+number opens it), a presence dot, the name and the unread
 * count. Scrolls to keep the open entry visible.
 */
import { Box, Text } from 'ink';
import { SECTIONS, type ContactEntry } from '../conversation/contact-list.js';
import { displayWidth, padToWidth } from '../text/text-width.js';
import { colored } from '../text/text-style.js';

/** Props of Sidebar. */
export interface SidebarProps {
  readonly entries: readonly ContactEntry[];
  /** Whether the node has answered yet (before that, an empty list means nothing). */
  readonly loaded: boolean;
  /** The open conversation's onion address. */
  readonly selected: string | undefined;
  /** Columns for the list (the separator is not included). */
  readonly width: number;
  readonly height: number;
}

type Row = { readonly kind: 'heading'; readonly title: string; readonly count: number } | { readonly kind: 'entry'; readonly entry: ContactEntry };

/** The presence dot: ● online friend, ○ offline, ? request to answer, … waiting for them, ⊘ blocked. */
export function presenceMark(entry: ContactEntry): { readonly mark: string; readonly color: string | undefined } {
  switch (entry.contact.state) {
    case 'incoming-request':
      return { mark: '?', color: 'yellow' };
    case 'outgoing-request':
      return { mark: '…', color: undefined };
    case 'blocked':
      return { mark: '⊘', color: 'red' };
    case 'friend':
      return entry.contact.online ? { mark: '●', color: 'green' } : { mark: '○', color: undefined };
  }
}

/** The contact list, by section, scrolled to the open entry. */
export function Sidebar({ entries, loaded, selected, width, height }: SidebarProps) {
  if (entries.length === 0 && !loaded) return <Box width={width} height={height} />;
  if (entries.length === 0) {
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
  const rows: Row[] = [];
  for (const { section, title } of SECTIONS) {
    const inSection = entries.filter((entry) => entry.section === section);
    if (inSection.length === 0) continue;
    rows.push({ kind: 'heading', title, count: inSection.length });
    for (const entry of inSection) rows.push({ kind: 'entry', entry });
  }
  const selectedRow = rows.findIndex((row) => row.kind === 'entry' && row.entry.contact.onion === selected);
  const first = Math.max(0, Math.min(selectedRow - Math.floor(height / 2), rows.length - height));
  const numberWidth = String(entries.length).length;
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows.slice(first, first + height).map((row) =>
        row.kind === 'heading' ? (
          <Text key={`heading-${row.title}`} bold dimColor={row.title !== 'Requests'} {...colored(row.title === 'Requests' ? 'yellow' : undefined)} wrap="truncate">
            {padToWidth(`${row.title} (${row.count})`, width)}
          </Text>
        ) : (
          <EntryRow key={row.entry.contact.onion} entry={row.entry} selected={row.entry.contact.onion === selected} width={width} numberWidth={numberWidth} />
        ),
      )}
    </Box>
  );
}

interface EntryRowProps {
  readonly entry: ContactEntry;
  readonly selected: boolean;
  readonly width: number;
  readonly numberWidth: number;
}

function EntryRow({ entry, selected, width, numberWidth }: EntryRowProps) {
  const { mark, color } = presenceMark(entry);
  const unread = entry.contact.unread > 0 ? ` ${entry.contact.unread > 99 ? '99+' : entry.contact.unread}` : '';
  const number = String(entry.number).padStart(numberWidth);
  const nameWidth = Math.max(0, width - displayWidth(number) - 3 - displayWidth(unread));
  return (
    <Text inverse={selected} bold={entry.contact.unread > 0} wrap="truncate">
      <Text dimColor={!selected}>{number}</Text> <Text {...colored(color)}>{mark}</Text> {padToWidth(entry.name, nameWidth)}
      <Text color="cyan">{unread}</Text>
    </Text>
  );
}
