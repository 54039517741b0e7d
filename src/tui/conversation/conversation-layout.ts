/**
 * Lays a conversation out as terminal lines, pure: a day separator wherever the local date
 * changes, then each message as
 *
 *     10:32    alice  hello there, this is a long line that
 *                     wraps under its own text
 *     10:33 ✓✓ me     hi
 *
 * with the delivery mark of our own messages (· sending, ✓ sent, ✓✓ delivered or read) in a
 * fixed column, and the text wrapped by display width (conversation-layout.test.ts).
 */
import type { MessageState, MessageView } from '../../node/api.js';
import { relayMark } from './relay-marks.js';
import { displayWidth, padToWidth, wrapText } from '../text/text-width.js';
import { dayKey, formatDay, formatTime } from '../text/time-format.js';

/** How a piece of a line is drawn; the pane maps tones to colours. */
export type Tone = 'time' | 'mark' | 'mark-read' | 'me' | 'peer' | 'text' | 'separator';

/** A run of text in one style. */
export interface Segment {
  readonly text: string;
  readonly tone: Tone;
}

/** One terminal line of the conversation pane, already wrapped to its width. */
export interface DisplayLine {
  /** Stable across renders (React key). */
  readonly key: string;
  readonly segments: readonly Segment[];
}

/** The pane the conversation is laid out for. */
export interface LayoutOptions {
  /** Columns available. */
  readonly width: number;
  readonly myName: string;
  readonly peerName: string;
  /**
   * Reused between calls so that a new message or a new delivery state re-wraps only that
   * message (16 KiB messages times a few hundred add up). Keyed by the message object, which
   * the conversation replaces when the message changes.
   */
  readonly cache?: LayoutCache;
}

/** See {@link LayoutOptions.cache}. */
export type LayoutCache = WeakMap<MessageView, { readonly signature: string; readonly lines: readonly DisplayLine[] }>;

/** Delivery marks of our own messages, two columns each; incoming messages have none. */
export const DELIVERY_MARKS: Readonly<Record<MessageState, string>> = {
  sending: ' ·',
  sent: ' ✓',
  delivered: '✓✓',
  read: '✓✓',
  received: '  ',
};

const TIME_COLUMNS = 5;
const MARK_COLUMNS = 2;
const MAX_NAME_COLUMNS = 12;
/** Names give way before the text gets narrower than this. */
const MIN_TEXT_COLUMNS = 12;

/** All lines of a conversation, oldest first. */
export function layoutConversation(messages: readonly MessageView[], options: LayoutOptions): DisplayLine[] {
  const lines: DisplayLine[] = [];
  const nameWidth = nameColumns(options);
  let previousDay: string | undefined;
  for (const message of messages) {
    const day = dayKey(message.createdAt);
    if (day !== previousDay) {
      lines.push(daySeparator(message.createdAt, options.width, `day-${day}-${message.id}`));
      previousDay = day;
    }
    lines.push(...cachedLayout(message, options, nameWidth));
  }
  return lines;
}

function nameColumns(options: LayoutOptions): number {
  const wanted = Math.min(MAX_NAME_COLUMNS, Math.max(displayWidth(options.myName), displayWidth(options.peerName)));
  const available = options.width - (TIME_COLUMNS + 1 + MARK_COLUMNS + 1) - 1 - MIN_TEXT_COLUMNS;
  return Math.max(0, Math.min(wanted, available));
}

function daySeparator(unixMs: number, width: number, key: string): DisplayLine {
  const label = ` ${formatDay(unixMs)} `;
  const side = Math.max(0, Math.floor((width - displayWidth(label)) / 2));
  const text = padToWidth('─'.repeat(side) + label + '─'.repeat(Math.max(0, width - side - displayWidth(label))), Math.max(0, width));
  return { key, segments: [{ text, tone: 'separator' }] };
}

function cachedLayout(message: MessageView, options: LayoutOptions, nameWidth: number): readonly DisplayLine[] {
  const signature = `${options.width}\u0000${nameWidth}\u0000${options.myName}\u0000${options.peerName}`;
  const cached = options.cache?.get(message);
  if (cached?.signature === signature) return cached.lines;
  const lines = layoutMessage(message, options, nameWidth);
  options.cache?.set(message, { signature, lines });
  return lines;
}

function layoutMessage(message: MessageView, options: LayoutOptions, nameWidth: number): DisplayLine[] {
  const outgoing = message.direction === 'out';
  const head: Segment[] = [
    { text: formatTime(message.createdAt) + ' ', tone: 'time' },
    { text: outgoing ? (relayMark(message) ?? DELIVERY_MARKS[message.state]) : DELIVERY_MARKS.received, tone: message.state === 'read' ? 'mark-read' : 'mark' },
    { text: ' ', tone: 'text' },
  ];
  if (nameWidth > 0) head.push({ text: padToWidth(outgoing ? options.myName : options.peerName, nameWidth) + ' ', tone: outgoing ? 'me' : 'peer' });
  const indent = head.reduce((sum, segment) => sum + displayWidth(segment.text), 0);
  const textWidth = Math.max(1, options.width - indent);
  const wrapped = wrapText(message.text, textWidth);
  return wrapped.map((text, index) => ({
    key: `${message.id}-${index}`,
    segments: index === 0 ? [...head, { text, tone: 'text' }] : [{ text: ' '.repeat(indent) + text, tone: 'text' }],
  }));
}
