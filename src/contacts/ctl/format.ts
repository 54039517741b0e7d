/**
 * Human-readable output of the contact commands of `burrow ctl` (the `--json` forms print the
 * node API's shapes as they are). Announced names and request messages are peer-chosen: each
 * goes through terminalSafe. A contact is named by our nickname, else the name they announced.
 */
import type { ContactView } from '../feature/api.js';
import { terminalSafe } from '../../text/terminal-safe.js';

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
