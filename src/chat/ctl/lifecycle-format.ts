/** The parts of a message line that come from taking messages back: reply marks, reactions, timer lines. */
import type { MessageLifecycleFields } from '../feature/api.js';
import { describeTimer } from '../../lib/disappearing-timer.js';
import { terminalSafe } from '../../text/terminal-safe.js';

/** `↪ 1a2b3c4d ` before a reply (the first 8 hex characters of the message it answers). */
export function lifecycleMarks(message: MessageLifecycleFields): string {
  return message.replyTo === undefined ? '' : `↪ ${message.replyTo.slice(0, 8)} `;
}

/** `  [👍 2 🎉 1]` after a message with reactions. */
export function reactionMarks(message: MessageLifecycleFields): string {
  const reactions = message.reactions ?? [];
  if (reactions.length === 0) return '';
  return `  [${reactions.map((reaction) => `${terminalSafe(reaction.emoji)} ${reaction.count}`).join(' ')}]`;
}

/** The system line of a timer change. @example describeTimerChange(3600) // 'set messages to disappear after 1 hour' */
export function describeTimerChange(seconds: number): string {
  return seconds === 0
    ? 'turned disappearing messages off'
    : `set messages to disappear after ${describeTimer(seconds)}`;
}
