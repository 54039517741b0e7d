/**
 * The conversation open in the pane, 1:1 or group, as one model: the pane, the history hook,
 * the attention hook and the input line read the same fields whichever kind it is, and what
 * differs (the header, the history's source and columns, what may be sent, the member list)
 * is data here. Pure apart from the node calls it wraps.
 */
import type { NodeApi } from '../../node/api.js';
import type { DisplayLine } from '../text/display-line.js';
import { tooLongReason, utf8Length } from '../text/message-size.js';
import { presenceMark, type ContactEntry } from './contact-list.js';
import { personName, type GroupEntry } from './group-list.js';
import type { ChatNames, HistoryItem } from './history-item.js';
import { CHAT_STYLE, GROUP_STYLE, layoutHistory, type HistoryStyle, type LayoutCache } from './history-layout.js';
import { chatHistory, groupHistory, type HistorySource } from './history-source.js';
import { groupMemberLines } from './member-lines.js';
import { contactInfoLines, welcomeLines } from './pane-lines.js';

/**
 * The pane's header: a plain title when nothing is open; else a mark, a name and a detail (a
 * contact's address, a group's size and our role), one of which gives way when space is short.
 */
export type PaneHeader =
  | { readonly kind: 'title'; readonly title: string }
  | {
      readonly kind: 'named';
      readonly mark: string;
      readonly markColor: string | undefined;
      readonly name: string;
      readonly detail: string;
      readonly shortened: 'name' | 'detail';
    };

/** The open conversation (see the file comment). */
export interface Conversation {
  /** The sidebar selection key: an onion address or a group key; undefined when nothing is open. */
  readonly key: string | undefined;
  readonly header: PaneHeader;
  /** Where its history comes from; undefined when there is none to show (a request, nothing open). */
  readonly history: HistorySource | undefined;
  readonly style: HistoryStyle;
  /** Who is who in a 1:1 conversation (group items name their authors). */
  readonly names: ChatNames | undefined;
  /** Shown instead of a history that turned out empty. */
  readonly emptyText: string | undefined;
  /** Lines after the history, or alone when there is none: a request to answer, a note, the first-run hint. */
  readonly details: (width: number) => DisplayLine[];
  /** Its lines start at the top (information) rather than at the bottom (a conversation). */
  readonly anchorTop: boolean;
  /** Messages of others not read yet; cleared ({@link markRead}) while it is open. */
  readonly unread: number;
  readonly markRead: () => Promise<void>;
  /** Why `text` cannot be sent here, if it cannot. */
  readonly refusal: (text: string) => string | undefined;
  /** Sends `text` (after {@link refusal} said nothing against it). */
  readonly send: (text: string) => Promise<HistoryItem>;
  /** The names Tab completes in a message here; undefined: every contact's. */
  readonly people: readonly string[] | undefined;
  /** The member list view (groups only). */
  readonly memberLines: ((width: number) => DisplayLine[]) | undefined;
  /** What it is about, for the commands that act on the open contact or group. */
  readonly contact: ContactEntry | undefined;
  readonly group: GroupEntry | undefined;
}

const NOTHING_TO_SEND = (): Promise<never> => Promise.reject(new Error('nothing is open'));

/** Nothing open: the first-run hint once the node has answered. */
export function noConversation(loaded: boolean): Conversation {
  return {
    key: undefined,
    header: { kind: 'title', title: 'Burrow' },
    history: undefined,
    style: CHAT_STYLE,
    names: undefined,
    emptyText: undefined,
    details: (width) => (loaded ? welcomeLines(width) : []),
    anchorTop: true,
    unread: 0,
    markRead: () => Promise.resolve(),
    refusal: () => 'Nobody to send to yet: add a friend with /add <onion> <message>.',
    send: NOTHING_TO_SEND,
    people: undefined,
    memberLines: undefined,
    contact: undefined,
    group: undefined,
  };
}

/** A contact's conversation: the history with a friend or a blocked contact, and what to do about a request. */
export function contactConversation(api: NodeApi, entry: ContactEntry, myName: string): Conversation {
  const { contact } = entry;
  const showsHistory = contact.state === 'friend' || contact.state === 'blocked';
  const { mark, color } = presenceMark(entry);
  return {
    key: contact.onion,
    header: {
      kind: 'named',
      mark,
      markColor: color,
      name: entry.name === contact.onion ? '' : `${entry.name}  `,
      detail: `${contact.onion}.onion`,
      shortened: 'detail',
    },
    history: showsHistory ? chatHistory(api, contact.onion) : undefined,
    style: CHAT_STYLE,
    names: { me: myName, peer: entry.name },
    emptyText: contact.state === 'friend' ? 'No messages yet. Say hello!' : undefined,
    details: (width) => contactInfoLines(entry, width),
    anchorTop: !showsHistory,
    unread: contact.state === 'friend' ? contact.unread : 0,
    markRead: () => api.markRead(contact.onion),
    refusal(text) {
      if (contact.state !== 'friend')
        return `${entry.name === contact.onion ? 'They are' : `${entry.name} is`} not your friend yet: messages go to friends only.`;
      return tooLongReason(utf8Length(text));
    },
    send: (text) => api.sendMessage(contact.onion, text),
    people: undefined,
    memberLines: undefined,
    contact: entry,
    group: undefined,
  };
}

/** A group's conversation: what every member wrote, and who is in it. */
export function groupConversation(api: NodeApi, entry: GroupEntry): Conversation {
  const { group } = entry;
  const role = !group.isMember ? 'you left' : group.isAdmin ? 'admin' : 'member';
  return {
    key: entry.key,
    header: {
      kind: 'named',
      mark: '#',
      markColor: 'cyan',
      name: entry.name,
      detail: `  ${group.members.length} member${group.members.length === 1 ? '' : 's'} · ${role}`,
      shortened: 'name',
    },
    history: groupHistory(api, group.id),
    style: GROUP_STYLE,
    names: undefined,
    emptyText: 'No messages yet. What you type goes to every member.',
    details: () => [],
    anchorTop: false,
    unread: group.unread,
    markRead: () => api.groups.markRead(group.id),
    refusal: (text) =>
      tooLongReason(utf8Length(text)) ??
      (group.isMember ? undefined : 'You are no longer a member of this group: nothing you type reaches it.'),
    send: (text) => api.groups.send(group.id, text),
    people: group.members.filter((member) => !member.isSelf).map(personName),
    memberLines: (width) => groupMemberLines(group, width),
    contact: undefined,
    group: entry,
  };
}

/** Everything the pane shows of `conversation` at `width`, given its history so far. */
export function conversationLines(
  conversation: Conversation,
  history: { readonly items: readonly HistoryItem[]; readonly loading: boolean },
  width: number,
  cache: LayoutCache,
): DisplayLine[] {
  if (conversation.history === undefined) return conversation.details(width);
  const { style, names, emptyText } = conversation;
  const lines = layoutHistory(history.items, { width, style, cache, ...(names === undefined ? {} : { names }) });
  if (lines.length === 0 && !history.loading && emptyText !== undefined)
    return [{ key: 'empty', segments: [{ text: emptyText, tone: 'time' }] }];
  return [...lines, ...conversation.details(width)];
}
