/**
 * Lays out a group's history and member list as terminal lines, pure, in the conversation
 * pane's line format (conversation-layout.ts) so the same scrolling applies:
 *
 *     10:32 ada       hello there, this wraps under
 *                     its own text
 *     10:33 me        hi
 *     10:34 * bob·pg6m joined, added by ada
 *
 * A sender who is not our friend carries '·' and the start of their address after the name
 * they announced (clearly marked as not a friend, with a short fingerprint).
 */
import type { GroupEntryView, GroupPersonView, GroupSystemView, GroupView } from '../../groups/feature/api.js';
import type { DisplayLine, Segment, Tone } from './conversation-layout.js';
import { personName, personTag } from './group-list.js';
import { displayWidth, padToWidth, truncateEnd, wrapText } from '../text/text-width.js';
import { dayKey, formatDay, formatTime } from '../text/time-format.js';

const TIME_COLUMNS = 5;
const MAX_NAME_COLUMNS = 16;
const MIN_TEXT_COLUMNS = 12;

/** Reused between calls, keyed by the entry object (as in conversation-layout.ts). */
export type GroupLayoutCache = WeakMap<GroupEntryView, { readonly signature: string; readonly lines: readonly DisplayLine[] }>;

function tone(person: GroupPersonView): Tone {
  return person.isSelf ? 'me' : 'peer';
}

/** A person's label: name, then the not-a-friend tag. */
function label(person: GroupPersonView): Segment[] {
  if (person.isSelf) return [{ text: 'me', tone: 'me' }];
  const tag = personTag(person);
  return [{ text: personName(person), tone: tone(person) }, ...(tag === '' ? [] : [{ text: tag, tone: 'mark-read' as const }])];
}

const width = (segments: readonly Segment[]): number => segments.reduce((sum, segment) => sum + displayWidth(segment.text), 0);

/** Cuts (or pads) a label to exactly `columns`, keeping its tag when it can. */
function fitLabel(segments: readonly Segment[], columns: number): Segment[] {
  const [name, tag] = segments;
  if (name === undefined) return [{ text: ' '.repeat(columns), tone: 'text' }];
  const tagWidth = tag === undefined ? 0 : displayWidth(tag.text);
  if (tag !== undefined && tagWidth < columns) {
    const nameText = truncateEnd(name.text, columns - tagWidth);
    return [{ ...name, text: nameText }, { ...tag, text: padToWidth(tag.text, columns - displayWidth(nameText)) }];
  }
  return [{ ...name, text: padToWidth(truncateEnd(name.text, columns), columns) }];
}

function systemText(entry: GroupSystemView): Segment[] {
  const target = entry.target === undefined ? [] : label(entry.target);
  const actor = label(entry.actor);
  const quoted = (name: string | undefined): Segment => ({ text: `"${name ?? ''}"`, tone: 'text' });
  const says = (text: string): Segment => ({ text, tone: 'time' });
  switch (entry.event) {
    case 'created':
      return [...actor, says(' created the group '), quoted(entry.name)];
    case 'added':
      return [...target, says(' joined, added by '), ...actor];
    case 'removed':
      return [...target, says(' was removed by '), ...actor];
    case 'left':
      return [...actor, says(' left the group')];
    case 'admin':
      return [...target, says(' was made an admin by '), ...actor];
    case 'renamed':
      return [...actor, says(' renamed the group to '), quoted(entry.name)];
  }
}

/** Wraps a run of segments to `columns`, word by word within each segment. */
function wrapSegments(segments: readonly Segment[], columns: number): Segment[][] {
  const rows: Segment[][] = [[]];
  let used = 0;
  for (const segment of segments) {
    for (const piece of segment.text.split(/(?<=\n)|(?= )/)) {
      const text = piece.replace(/\n$/, '');
      for (const chunk of displayWidth(text) > columns ? wrapText(text, columns) : [text]) {
        if (used > 0 && used + displayWidth(chunk) > columns) {
          rows.push([]);
          used = 0;
        }
        const shown = used === 0 ? chunk.replace(/^ /, '') : chunk;
        rows.at(-1)!.push({ text: shown, tone: segment.tone });
        used += displayWidth(shown);
      }
      if (piece.endsWith('\n')) {
        rows.push([]);
        used = 0;
      }
    }
  }
  return rows;
}

function layoutEntry(entry: GroupEntryView, columns: number, nameWidth: number): DisplayLine[] {
  const time: Segment = { text: formatTime(entry.createdAt) + ' ', tone: 'time' };
  if (entry.type === 'system') {
    const indent = TIME_COLUMNS + 1;
    const rows = wrapSegments([{ text: '* ', tone: 'time' }, ...systemText(entry)], Math.max(1, columns - indent));
    return rows.map((segments, index) => ({ key: `${entry.id}-${index}`, segments: index === 0 ? [time, ...segments] : [{ text: ' '.repeat(indent), tone: 'text' }, ...segments] }));
  }
  const head: Segment[] = [time, ...(nameWidth > 0 ? [...fitLabel(label(entry.sender), nameWidth), { text: ' ', tone: 'text' as const }] : [])];
  const indent = width(head);
  const wrapped = wrapText(entry.text, Math.max(1, columns - indent));
  return wrapped.map((text, index) => ({
    key: `${entry.id}-${index}`,
    segments: index === 0 ? [...head, { text, tone: 'text' }] : [{ text: ' '.repeat(indent) + text, tone: 'text' }],
  }));
}

function daySeparator(unixMs: number, columns: number, key: string): DisplayLine {
  const text = ` ${formatDay(unixMs)} `;
  const side = Math.max(0, Math.floor((columns - displayWidth(text)) / 2));
  return { key, segments: [{ text: padToWidth('─'.repeat(side) + text + '─'.repeat(Math.max(0, columns - side - displayWidth(text))), Math.max(0, columns)), tone: 'separator' }] };
}

/** Every line of a group's history, oldest first. */
export function layoutGroupHistory(entries: readonly GroupEntryView[], options: { readonly width: number; readonly cache?: GroupLayoutCache }): DisplayLine[] {
  const labels = entries.flatMap((entry) => (entry.type === 'message' ? [width(label(entry.sender))] : []));
  const available = options.width - (TIME_COLUMNS + 1) - 1 - MIN_TEXT_COLUMNS;
  const nameWidth = Math.max(0, Math.min(MAX_NAME_COLUMNS, Math.max(2, ...labels), available));
  const signature = `${options.width}\u0000${nameWidth}`;
  const lines: DisplayLine[] = [];
  let previousDay: string | undefined;
  for (const entry of entries) {
    const day = dayKey(entry.createdAt);
    if (day !== previousDay) {
      lines.push(daySeparator(entry.createdAt, options.width, `day-${day}-${entry.id}`));
      previousDay = day;
    }
    const cached = options.cache?.get(entry);
    if (cached?.signature === signature) {
      lines.push(...cached.lines);
      continue;
    }
    const laid = layoutEntry(entry, options.width, nameWidth);
    options.cache?.set(entry, { signature, lines: laid });
    lines.push(...laid);
  }
  return lines;
}

/** The member list view: admins first (★), each with their fingerprint, friends and non-friends told apart. */
export function groupMemberLines(group: GroupView, columns: number): DisplayLine[] {
  const lines: DisplayLine[] = [{ key: 'members-title', segments: [{ text: truncateEnd(`${group.members.length} member${group.members.length === 1 ? '' : 's'} of ${group.name}`, columns), tone: 'me' }] }];
  for (const member of group.members) {
    const status = member.isSelf ? 'you' : member.isFriend ? 'friend' : 'not a friend: the name is theirs to choose';
    const segments: Segment[] = [
      { text: member.isAdmin ? '★ ' : '  ', tone: 'mark-read' },
      ...label(member),
      { text: `  ${member.fingerprint}  `, tone: 'time' },
      { text: status, tone: member.isFriend || member.isSelf ? 'time' : 'mark-read' },
    ];
    wrapSegments(segments, Math.max(1, columns - 4)).forEach((row, index) => lines.push({ key: `member-${member.onion}-${index}`, segments: index === 0 ? row : [{ text: '    ', tone: 'text' }, ...row] }));
  }
  if (group.invited.length > 0) lines.push({ key: 'invited', segments: [{ text: truncateEnd(`Invited, no answer yet: ${group.invited.length}`, columns), tone: 'time' }] });
  if (!group.isMember) lines.push({ key: 'left', segments: [{ text: 'You are no longer a member: the history stays, nothing new arrives.', tone: 'time' }] });
  wrapText('Esc closes · ★ admin · ·abcd: not your friend, start of their address', Math.max(1, columns)).forEach((text, index) => lines.push({ key: `members-keys-${index}`, segments: [{ text, tone: 'time' }] }));
  return lines;
}
