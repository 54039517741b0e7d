/**
 * The paging options of every history call of the node API (1:1 chat, groups), kept apart from
 * api.ts so a service's API slice can use it without importing the assembled API.
 */

export interface HistoryOptions {
  /** At most this many messages, newest last (default 50, max 500). */
  readonly limit?: number;
  /** Only messages older than this message id (paging backwards). */
  readonly before?: string;
}

/** The options of every history search of the node API (1:1 chat, groups). */
export interface SearchOptions {
  /** Only this conversation: a contact's onion address (chat) or a group id (groups). */
  readonly conversation?: string;
  /** At most this many matches, newest first (default 50, max 500). */
  readonly limit?: number;
}
