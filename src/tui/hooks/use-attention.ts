/**
 * What arriving messages mean for the user's attention, 1:1 and group alike: the open
 * conversation is marked read; a message from someone else in a conversation that is not open
 * rings the bell; a group invitation becomes a notice and rings too; a friend throttled for
 * sending too much becomes a notice (without a ring); the unread count of the
 * contacts not open goes in the window title. Bell and title can each be turned off with /set
 * (kept in preferences).
 */
import { useEffect, useRef } from 'react';
import type { ContactView, NodeApi, NodeEvent, PeerThrottledEvent } from '../../node/api.js';
import { contactEntries } from '../conversation/contact-list.js';
import { groupKey } from '../conversation/group-list.js';
import { peerNamer } from '../transfers/transfer-actions.js';
import { describeError } from '../safe-node.js';
import type { TerminalEffects } from '../terminal-sequences.js';

/** The window title while Burrow runs; the unread count goes in front of it. */
export const APP_TITLE = 'Burrow';

/**
 * A group catch-up brings many messages at once: a group message or invitation rings the bell,
 * then group events do not ring again for this long (1:1 messages always ring).
 */
export const GROUP_BELL_INTERVAL_MS = 2_000;

/** The conversation on screen, as far as attention goes. */
export interface AttentionTarget {
  /** Its selection key (undefined: nothing open). */
  readonly key: string | undefined;
  readonly unread: number;
  readonly markRead: () => Promise<void>;
}

/** What useAttention watches and uses. */
export interface AttentionOptions {
  readonly api: NodeApi;
  readonly contacts: readonly ContactView[];
  readonly open: AttentionTarget;
  readonly effects: TerminalEffects;
  readonly bell: boolean;
  readonly title: boolean;
  /** Shown when marking read fails. */
  readonly onError: (message: string) => void;
  /** Shows a line in the notice row. */
  readonly onNotice: (text: string) => void;
}

/** What each kind of throttled traffic is called in a notice. */
const THROTTLED_WHAT: Record<PeerThrottledEvent['traffic'], string> = {
  'chat-messages': 'messages',
  'file-offers': 'file offers',
};

/** The notice for a throttled friend, named as the sidebar names them. */
export function throttleNotice(event: PeerThrottledEvent, contacts: readonly ContactView[]): string {
  const name = peerNamer(contactEntries(contacts))(event.onion);
  const what = THROTTLED_WHAT[event.traffic];
  const why = event.reason === 'unread-bytes' ? 'until you read what they sent' : 'for now';
  return `${name} sends more ${what} than Burrow takes at once: the rest waits on their side ${why}.`;
}

/** What an event asks of the user: a ring for a message in conversation `key`, or a notice (an invitation, a throttled peer, a full disk). */
function asksFor(
  event: NodeEvent,
  contacts: readonly ContactView[],
): { readonly key: string; readonly group: boolean } | { readonly notice: string; readonly ring: boolean } | undefined {
  if (event.type === 'message' && event.message.direction === 'in')
    return { key: event.message.conversation, group: false };
  if (event.type === 'group-entry' && event.entry.type === 'message' && !event.entry.sender.isSelf)
    return { key: groupKey(event.entry.groupId), group: true };
  if (event.type === 'group-invite') {
    const from = event.invite.inviterName ?? event.invite.inviter.slice(0, 8);
    return {
      notice: `${from} invites you to the group "${event.invite.groupName}": /group accept or /group decline.`,
      ring: true,
    };
  }
  if (event.type === 'storage-problem') return { notice: event.message, ring: true };
  if (event.type === 'group-throttled') {
    const what = event.limit === 'bytes' ? 'more text than a day allows' : `${event.limit} too fast`;
    return { notice: `Group member ${event.onion.slice(0, 8)} sends ${what}; the rest comes later.`, ring: false };
  }
  if (event.type === 'peer-throttled') return { notice: throttleNotice(event, contacts), ring: false };
  return undefined;
}

/** Marks the open conversation read, rings the bell, shows invitations and sets the title (see the file comment). */
export function useAttention({ api, contacts, open, effects, bell, title, onError, onNotice }: AttentionOptions): void {
  const latest = useRef({ openKey: open.key, bell, effects, onNotice, contacts });
  latest.current = { openKey: open.key, bell, effects, onNotice, contacts };

  useEffect(() => {
    let groupRangAt = Number.NEGATIVE_INFINITY;
    const ring = (group: boolean): void => {
      if (!latest.current.bell) return;
      if (group) {
        if (Date.now() - groupRangAt < GROUP_BELL_INTERVAL_MS) return;
        groupRangAt = Date.now();
      }
      latest.current.effects.bell();
    };
    return api.subscribe((event) => {
      const asked = asksFor(event, latest.current.contacts);
      if (asked === undefined) return;
      if ('notice' in asked) {
        latest.current.onNotice(asked.notice);
        if (asked.ring) ring(true);
      } else if (asked.key !== latest.current.openKey) {
        ring(asked.group);
      }
    });
  }, [api]);

  const markRead = useRef(open.markRead);
  markRead.current = open.markRead;
  useEffect(() => {
    if (open.key === undefined || open.unread === 0) return;
    markRead.current().catch((error: unknown) => onError(describeError(error)));
  }, [api, open.key, open.unread, onError]);

  const unreadElsewhere = contacts.reduce(
    (sum, contact) => (contact.onion === open.key ? sum : sum + contact.unread),
    0,
  );
  const titled = useRef(false);
  useEffect(() => {
    if (title) {
      effects.setTitle(unreadElsewhere > 0 ? `(${unreadElsewhere}) ${APP_TITLE}` : APP_TITLE);
      titled.current = true;
    } else if (titled.current) {
      effects.setTitle(APP_TITLE);
      titled.current = false;
    }
  }, [effects, title, unreadElsewhere]);
}
