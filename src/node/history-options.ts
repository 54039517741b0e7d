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
