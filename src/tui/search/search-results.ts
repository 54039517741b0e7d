/**
 * The results of /search, pure: the node's matches (1:1 messages and group messages) as rows
 * that name their conversation, newest first, and the lines the results view draws, one row
 * per match with the selected one marked. Enter on a row opens its conversation at the match
 * (hooks/use-message-jump.ts).
 */
import type { GroupMessageView } from '../../groups/feature/api.js';
import type { MessageView } from '../../node/api.js';
import type { ContactEntry } from '../conversation/contact-list.js';
import { personName, type GroupEntry } from '../conversation/group-list.js';
import type { DisplayLine } from '../text/display-line.js';
import { displayWidth, padToWidth, truncateEnd } from '../text/text-width.js';
import { formatDay, formatTime } from '../text/time-format.js';

/** One match. */
export interface SearchHit {
  /** The selection key of its conversation (an onion address or a group key). */
  readonly key: string;
  /** The message id, to jump to. */
  readonly id: string;
  /** The conversation's name. */
  readonly where: string;
  readonly author: string;
  readonly text: string;
  readonly createdAt: number;
}

/** A search and what it found. */
export interface SearchResults {
  readonly query: string;
  /** "this conversation" or "all conversations". */
  readonly scope: string;
  readonly hits: readonly SearchHit[];
}

/** The names a result row needs. */
export interface SearchNames {
  readonly contacts: readonly ContactEntry[];
  readonly groups: readonly GroupEntry[];
  readonly myName: string;
}

/** The node's matches as rows, newest first. */
export function searchHits(
  messages: readonly MessageView[],
  groupMessages: readonly GroupMessageView[],
  names: SearchNames,
): SearchHit[] {
  const contactName = (onion: string): string =>
    names.contacts.find((entry) => entry.contact.onion === onion)?.name ?? onion;
  const chat = messages.map((message) => ({
    key: message.conversation,
    id: message.id,
    where: contactName(message.conversation),
    author: message.direction === 'out' ? names.myName : contactName(message.conversation),
    text: message.text,
    createdAt: message.createdAt,
  }));
  const group = groupMessages.map((message) => {
    const entry = names.groups.find((candidate) => candidate.group.id === message.groupId);
    return {
      key: entry?.key ?? message.groupId,
      id: message.id,
      where: `#${entry?.name ?? message.groupId.slice(0, 8)}`,
      author: message.sender.isSelf ? names.myName : personName(message.sender),
      text: message.text,
      createdAt: message.createdAt,
    };
  });
  return [...chat, ...group].sort((a, b) => b.createdAt - a.createdAt);
}

/** The results view's lines at `width`: one row per hit, the `selected` one marked. */
export function searchLines(results: SearchResults, selected: number, width: number): DisplayLine[] {
  if (results.hits.length === 0)
    return [{ key: 'none', segments: [{ text: `Nothing found for "${results.query}".`, tone: 'time' }] }];
  const whereWidth = Math.min(16, Math.max(...results.hits.map((hit) => displayWidth(hit.where))));
  return results.hits.map((hit, index) => {
    const mark = index === selected ? '› ' : '  ';
    const when = `${formatDay(hit.createdAt)} ${formatTime(hit.createdAt)} `;
    const head = `${mark}${padToWidth(truncateEnd(hit.where, whereWidth), whereWidth)} ${when}${hit.author}: `;
    const text = hit.text.replace(/\s+/g, ' ');
    return {
      key: `hit-${index}-${hit.id}`,
      segments: [
        { text: head, tone: index === selected ? 'me' : 'time' },
        { text: truncateEnd(text, Math.max(1, width - displayWidth(head))), tone: 'text' },
      ],
    };
  });
}

/** The results view's title. */
export function searchTitle(results: SearchResults): string {
  const count = results.hits.length;
  return `Search "${results.query}" in ${results.scope}: ${count} match${count === 1 ? '' : 'es'} · ↑↓ choose · Enter opens · Esc closes`;
}
