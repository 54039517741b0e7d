/**
 * How a 1:1 or group message that was taken back or reacted to is shown (docs/PROTOCOL.md "Message
 * lifecycle"): a tombstone for a deleted one, "(edited)", a short quote of the message a reply
 * answers (or that it is gone), reaction counts, and the timer's system line.
 */
import { describeTimer } from '../../lib/disappearing-timer.js';
import type { MessageLifecycleFields } from '../../chat/feature/api.js';
import type { MessageView } from '../../node/api.js';
import type { Segment } from '../text/display-line.js';

/** How many characters of a quoted message a reply shows. */
const QUOTE_CHARS = 40;

/** What a reply's quote needs of the message it answers. */
export interface QuotableLine {
  readonly text: string;
  readonly deleted?: boolean | undefined;
}

/** The text line of a message with its lifecycle marks; `quoted` finds the message a reply answers. */
export function lifecycleText(
  message: MessageLifecycleFields & { readonly text: string },
  quoted: (id: string) => QuotableLine | undefined,
): string {
  if (message.deleted === true) return '(message deleted)';
  let text = message.text;
  if (message.replyTo !== undefined) {
    const original = quoted(message.replyTo);
    const quote =
      original === undefined || original.deleted === true
        ? '(a message that is gone)'
        : original.text.replace(/\s+/g, ' ').slice(0, QUOTE_CHARS);
    text = `> ${quote}\n${text}`;
  }
  if (message.edited === true) text += ' (edited)';
  const reactions = message.reactions ?? [];
  if (reactions.length > 0) text += `  ${reactions.map((r) => `${r.emoji} ${r.count}`).join(' ')}`;
  return text;
}

/** The system line of a timer change, or undefined for a message. */
export function timerLine(message: MessageView, who: string): Segment[] | undefined {
  if (message.timer === undefined) return undefined;
  return [
    { text: '* ', tone: 'time' },
    { text: who, tone: message.direction === 'out' ? 'me' : 'peer' },
    { text: timerWords(message.timer), tone: 'time' },
  ];
}

/** What a timer line says after its author. @example timerWords(3600) // ' set messages to disappear after 1 hour' */
export function timerWords(seconds: number): string {
  return seconds === 0
    ? ' turned disappearing messages off'
    : ` set messages to disappear after ${describeTimer(seconds)}`;
}
