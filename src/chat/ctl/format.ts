/**
 * Human-readable output of the chat commands of `burrow ctl` (the `--json` forms print the node
 * API's shapes as they are). Message text is peer-chosen: it goes through terminalSafe.
 */
import type { MessageView } from '../feature/api.js';
import { terminalSafe } from '../../text/terminal-safe.js';
import { relayMark } from '../../relay/ctl/format.js';
import { describeTimerChange, lifecycleMarks, reactionMarks } from './lifecycle-format.js';

// Group lines show the same marks (groups/ctl/format.ts).
export { describeTimerChange, lifecycleMarks, reactionMarks };

const STATE_MARKS: Record<MessageView['state'], string> = {
  sending: '…',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓ read',
  received: '',
};

export function formatMessage(message: MessageView): string {
  const when = new Date(message.createdAt).toISOString().replace('T', ' ').slice(0, 19);
  const who = message.direction === 'out' ? 'me' : 'them';
  const mark = STATE_MARKS[message.state];
  if (message.timer !== undefined) return `[${when}] * ${who} ${describeTimerChange(message.timer)}`;
  const text =
    message.deleted === true
      ? '(message deleted)'
      : terminalSafe(message.text, { multiline: true }).replace(/\n/g, '\n    ');
  return `[${when}] <${who}> ${lifecycleMarks(message)}${text}${message.edited === true ? ' (edited)' : ''}${mark === '' ? '' : `  ${mark}`}${relayMark(message)}${reactionMarks(message)}`;
}

export function formatHistory(messages: readonly MessageView[]): string {
  if (messages.length === 0) return '(no messages)';
  return messages.map(formatMessage).join('\n');
}
