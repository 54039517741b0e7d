/**
 * Where a conversation's history comes from, as data the one paged-history hook
 * (hooks/use-paged-history.ts) works with: how to fetch a page, what each node event changes,
 * and where the newest page goes among what is held. 1:1 and group conversations differ only
 * in these answers:
 *
 * - a 1:1 history is fetched once; events bring new messages and their delivery and relay
 *   states, and are newer than any page;
 * - a group's history is in an order every member agrees on, which the node knows: after an
 *   entry arrives (a catch-up, a concurrent post) the newest page is fetched again, since the
 *   entry may belong before others already shown. Entries voided by a membership change are
 *   retracted.
 */
import type { HistoryOptions, NodeApi, NodeEvent } from '../../node/api.js';
import { groupKey } from './group-list.js';
import { isChatMessage, type HistoryItem } from './history-item.js';
import { placePage, upsertMessages } from './history-merge.js';
import { withRelay } from './relay-marks.js';

/** What an event does to a history. */
export type HistoryChange =
  | { readonly type: 'arrived'; readonly item: HistoryItem }
  | { readonly type: 'updated'; readonly id: string; readonly update: (item: HistoryItem) => HistoryItem }
  | { readonly type: 'retracted'; readonly ids: ReadonlySet<string> };

/** One conversation's history, as the paged-history hook reads it. */
export interface HistorySource {
  /** The conversation's selection key; another key is another history. */
  readonly key: string;
  /** A page, oldest first: the newest, or the one before `options.before`. */
  readonly fetch: (options: HistoryOptions) => Promise<readonly HistoryItem[]>;
  /** What `event` changes in this history, if it concerns it. */
  readonly change: (event: NodeEvent) => HistoryChange | undefined;
  /** The newest page put among the items held. */
  readonly placeNewest: (held: readonly HistoryItem[], page: readonly HistoryItem[]) => readonly HistoryItem[];
  /** Whether the newest page is fetched again after an item arrives. */
  readonly refetchOnArrival: boolean;
}

/** The history of the 1:1 conversation with `onion`. */
export function chatHistory(api: NodeApi, onion: string): HistorySource {
  return {
    key: onion,
    fetch: (options) => api.history(onion, options),
    change(event) {
      if (event.type === 'message' && event.message.conversation === onion)
        return { type: 'arrived', item: event.message };
      if (event.type === 'message-state' && event.conversation === onion) {
        return {
          type: 'updated',
          id: event.id,
          update: (item) => (isChatMessage(item) ? { ...item, state: event.state } : item),
        };
      }
      if (event.type === 'message-updated' && event.message.conversation === onion) {
        const message = event.message;
        return {
          type: 'updated',
          id: message.id,
          update: (item) => (isChatMessage(item) ? { ...item, ...message } : item),
        };
      }
      if (event.type === 'message-removed' && event.conversation === onion) {
        // Gone (expired): shown as a tombstone until the next page drops it.
        return { type: 'updated', id: event.id, update: (item) => ({ ...item, text: '', deleted: true }) };
      }
      if (event.type === 'message-relay' && event.conversation === onion) {
        return {
          type: 'updated',
          id: event.id,
          update: (item) => (isChatMessage(item) ? withRelay(item, event.relay) : item),
        };
      }
      return undefined;
    },
    // Events that arrived while the page was on its way are newer: they stay, after it.
    placeNewest: (held, page) => upsertMessages(page, held),
    refetchOnArrival: false,
  };
}

/** The history of group `groupId`. */
export function groupHistory(api: NodeApi, groupId: string): HistorySource {
  return {
    key: groupKey(groupId),
    fetch: (options) => api.groups.history(groupId, options),
    change(event) {
      if (event.type === 'group-entry' && event.entry.groupId === groupId)
        return { type: 'arrived', item: event.entry };
      if (event.type === 'group-entry-updated' && event.entry.groupId === groupId) {
        const entry = event.entry;
        return { type: 'updated', id: entry.id, update: () => entry };
      }
      if (event.type === 'group-retracted' && event.groupId === groupId)
        return { type: 'retracted', ids: new Set(event.ids) };
      return undefined;
    },
    placeNewest: placePage,
    refetchOnArrival: true,
  };
}
