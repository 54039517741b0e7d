/**
 * Lays a history out as terminal lines, pure, for 1:1 conversations and groups alike: a day
 * separator wherever the local date changes, then each item (history-item.ts says how it is
 * shown) as
 *
 *     10:32    alice  hello there, this is a long line that        (1:1: a mark column)
 *                     wraps under its own text
 *     10:33 ✓✓ me     hi
 *     10:34 dave·pg6m who is in?                                    (a group)
 *     10:35 * bob·pg6m joined, added by ada
 *
 * with the text wrapped by display width under its own column (history-layout.test.ts).
 */
import type { DisplayLine, Segment } from '../text/display-line.js';
import { displayWidth, padToWidth, truncateEnd, wrapText } from '../text/text-width.js';
import { hasLink, linkSegments } from '../text/links.js';
import { dayKey, formatDay, formatTime, timeColumns } from '../text/time-format.js';
import { describeItem, isChatMessage, type ChatNames, type HistoryItem, type ItemView } from './history-item.js';

/** The columns of a kind of conversation. */
export interface HistoryStyle {
  /** Columns of the delivery mark (1:1 messages have one, group messages none). */
  readonly markColumns: number;
  /** The name column is at most this wide… */
  readonly maxNameColumns: number;
  /** …and at least this wide, while there is room. */
  readonly minNameColumns: number;
}

/** 1:1 conversations: a mark column, names up to 12 columns. */
export const CHAT_STYLE: HistoryStyle = { markColumns: 2, maxNameColumns: 12, minNameColumns: 0 };

/** Groups: no mark column, names (with their tag) up to 16 columns. */
export const GROUP_STYLE: HistoryStyle = { markColumns: 0, maxNameColumns: 16, minNameColumns: 2 };

/**
 * Reused between calls so that a new item or a new delivery state re-wraps only that item
 * (16 KiB messages times a few hundred add up). Keyed by the item object, which the history
 * replaces when the item changes.
 */
export type LayoutCache = WeakMap<object, { readonly signature: string; readonly lines: readonly DisplayLine[] }>;

/** What a history is laid out for. */
export interface HistoryLayoutOptions {
  /** Columns available. */
  readonly width: number;
  readonly style: HistoryStyle;
  /**
   * Who is who in a 1:1 conversation; its name column fits both names. Without them (a group),
   * the column fits the authors of the messages.
   */
  readonly names?: ChatNames;
  readonly cache?: LayoutCache;
}

/** Names give way before the text gets narrower than this. */
const MIN_TEXT_COLUMNS = 12;

const widthOf = (segments: readonly Segment[]): number =>
  segments.reduce((sum, segment) => sum + displayWidth(segment.text), 0);
const textOf = (segments: readonly Segment[]): string => segments.map((segment) => segment.text).join('');

function nameColumns(views: readonly ItemView[], options: HistoryLayoutOptions): number {
  const { style, names } = options;
  const wanted =
    names !== undefined
      ? [displayWidth(names.me), displayWidth(names.peer)]
      : views.flatMap((view) => (view.kind === 'message' ? [widthOf(view.author)] : []));
  const markColumns = style.markColumns > 0 ? style.markColumns + 1 : 0;
  const available = options.width - (timeColumns() + 1 + markColumns) - 1 - MIN_TEXT_COLUMNS;
  return Math.max(0, Math.min(style.maxNameColumns, Math.max(style.minNameColumns, ...wanted), available));
}

/** Every line of a history, oldest first. */
export function layoutHistory(items: readonly HistoryItem[], options: HistoryLayoutOptions): DisplayLine[] {
  // Only 1:1 messages are named by side; group items carry their authors.
  const names = options.names ?? { me: 'me', peer: '' };
  const byId = new Map(
    items.flatMap((item) => (isChatMessage(item) || item.type === 'message' ? [[item.id, item]] : [])),
  );
  const views = items.map((item) => describeItem(item, names, (id) => byId.get(id)));
  const nameWidth = nameColumns(views, options);
  const lines: DisplayLine[] = [];
  let previousDay: string | undefined;
  items.forEach((item, index) => {
    const view = views[index]!;
    const day = dayKey(item.createdAt);
    if (day !== previousDay) {
      lines.push(daySeparator(item.createdAt, options.width, `day-${day}-${item.id}`));
      previousDay = day;
    }
    const signature = `${options.width}\u0000${nameWidth}\u0000${timeColumns()}\u0000${view.kind === 'message' ? textOf(view.author) : ''}`;
    const cached = options.cache?.get(item);
    if (cached?.signature === signature) {
      lines.push(...cached.lines);
      return;
    }
    const laid = layoutItem(item, view, options.width, nameWidth);
    options.cache?.set(item, { signature, lines: laid });
    lines.push(...laid);
  });
  return lines;
}

/** A 1:1 conversation's lines (see {@link layoutHistory}). */
export function layoutConversation(
  messages: readonly HistoryItem[],
  options: { readonly width: number; readonly myName: string; readonly peerName: string; readonly cache?: LayoutCache },
): DisplayLine[] {
  const { width, myName, peerName, cache } = options;
  return layoutHistory(messages, {
    width,
    style: CHAT_STYLE,
    names: { me: myName, peer: peerName },
    ...(cache === undefined ? {} : { cache }),
  });
}

/** A group's lines (see {@link layoutHistory}). */
export function layoutGroupHistory(
  entries: readonly HistoryItem[],
  options: { readonly width: number; readonly cache?: LayoutCache },
): DisplayLine[] {
  return layoutHistory(entries, { ...options, style: GROUP_STYLE });
}

function daySeparator(unixMs: number, width: number, key: string): DisplayLine {
  const label = ` ${formatDay(unixMs)} `;
  const side = Math.max(0, Math.floor((width - displayWidth(label)) / 2));
  const text = padToWidth(
    '─'.repeat(side) + label + '─'.repeat(Math.max(0, width - side - displayWidth(label))),
    Math.max(0, width),
  );
  return { key, segments: [{ text, tone: 'separator' }] };
}

/** Cuts (or pads) an author's label to exactly `columns`, keeping its tag when it can. */
function fitLabel(segments: readonly Segment[], columns: number): Segment[] {
  const [name, tag] = segments;
  if (name === undefined) return [{ text: ' '.repeat(columns), tone: 'text' }];
  const tagWidth = tag === undefined ? 0 : displayWidth(tag.text);
  if (tag !== undefined && tagWidth < columns) {
    const nameText = truncateEnd(name.text, columns - tagWidth);
    return [
      { ...name, text: nameText },
      { ...tag, text: padToWidth(tag.text, columns - displayWidth(nameText)) },
    ];
  }
  return [{ ...name, text: padToWidth(name.text, columns) }];
}

/** Wraps a run of segments to `columns`, word by word within each segment. */
export function wrapSegments(segments: readonly Segment[], columns: number): Segment[][] {
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
        rows.at(-1)!.push({ ...segment, text: shown });
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

function layoutItem(item: HistoryItem, view: ItemView, columns: number, nameWidth: number): DisplayLine[] {
  const time: Segment = { text: formatTime(item.createdAt) + ' ', tone: 'time' };
  const key = (index: number): string => `${item.id}-${index}`;
  const space: Segment = { text: ' ', tone: 'text' };
  if (view.kind === 'system' || view.kind === 'action') {
    const head = view.kind === 'action' && view.mark !== undefined ? [time, view.mark, space] : [time];
    const indent = widthOf(head);
    const rows = wrapSegments(view.segments, Math.max(1, columns - indent));
    return rows.map((segments, index) => ({
      key: key(index),
      segments: index === 0 ? [...head, ...segments] : [{ text: ' '.repeat(indent), tone: 'text' }, ...segments],
    }));
  }
  const head: Segment[] = [
    time,
    ...(view.mark === undefined ? [] : [view.mark, space]),
    ...(nameWidth > 0 ? [...fitLabel(view.author, nameWidth), space] : []),
  ];
  const indent = widthOf(head);
  if (hasLink(view.text)) {
    // Links are segments of their own (text/links.ts), so the text wraps as segments.
    const rows = wrapSegments(linkSegments(view.text, 'text'), Math.max(1, columns - indent));
    return rows.map((segments, index) => ({
      key: key(index),
      segments: index === 0 ? [...head, ...segments] : [{ text: ' '.repeat(indent), tone: 'text' }, ...segments],
    }));
  }
  return wrapText(view.text, Math.max(1, columns - indent)).map((text, index) => ({
    key: key(index),
    segments: index === 0 ? [...head, { text, tone: 'text' }] : [{ text: ' '.repeat(indent) + text, tone: 'text' }],
  }));
}
