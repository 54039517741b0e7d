/**
 * Human-readable output for `burrow ctl` (the `--json` forms print the node API's shapes as
 * they are). Everything a peer chose (nicknames are local, but announced names, request
 * messages and chat text are theirs) goes through terminalSafe before it reaches the terminal.
 * A contact is named by our nickname, else the name they announced.
 */
import type { ContactView, MessageView, NodeStatus } from '../node/api.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { relayMark } from '../relay/ctl/format.js';

export function formatStatus(status: NodeStatus): string {
  const tor = status.tor.ready ? 'ready' : `bootstrapping ${status.tor.bootstrap}% (${status.tor.summary})`;
  return [
    `address   ${status.onion}.onion`,
    `name      ${terminalSafe(status.displayName)}`,
    `tor       ${tor}`,
    `friends   ${status.friends} (${status.online} online)`,
    `requests  ${status.pendingRequests} waiting`,
  ].join('\n');
}

export function formatContacts(contacts: readonly ContactView[]): string {
  if (contacts.length === 0) return '(no contacts yet: add one with `burrow ctl add <onion> <message>`)';
  return contacts
    .map((contact) => {
      const dot = contact.online ? '●' : '○';
      const chosen = contact.nickname ?? contact.displayName;
      const name = chosen === undefined ? '' : `  ${terminalSafe(chosen)}`;
      const unread = contact.unread > 0 ? `  (${contact.unread} unread)` : '';
      return `${dot} ${contact.onion}  ${contact.state}${name}${unread}`;
    })
    .join('\n');
}

export function formatRequests(requests: readonly ContactView[]): string {
  if (requests.length === 0) return '(no contact requests)';
  return requests
    .map((request) => {
      const name = request.nickname ?? request.displayName;
      return `${request.onion}${name === undefined ? '' : `  ${terminalSafe(name)}`}  "${terminalSafe(request.requestMessage ?? '')}"`;
    })
    .join('\n');
}

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
  const text = terminalSafe(message.text, { multiline: true }).replace(/\n/g, '\n    ');
  return `[${when}] <${who}> ${text}${mark === '' ? '' : `  ${mark}`}${relayMark(message)}`;
}

export function formatHistory(messages: readonly MessageView[]): string {
  if (messages.length === 0) return '(no messages)';
  return messages.map(formatMessage).join('\n');
}
