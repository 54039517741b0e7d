/**
 * Reading a group's history (feature/api.ts `GroupsApi.history` and `search`): a page of lines
 * before a given one, and the search over the decrypted messages the replicas hold, compared as
 * lib/text-search.ts says (the text as shown: an edit's, none once deleted), newest (by the
 * author's clock) first. System lines are not searched: they hold no text anyone wrote.
 */
import { invalidHistoryLimit } from '../../chat/errors.js';
import type { HistoryOptions } from '../../node/history-options.js';
import { groupHistory } from '../history.js';
import { actionsOf, unknownGroupEntry, type GroupEngine, type GroupReplica, type HexId } from '../index.js';
import type { GroupEntryView, GroupMessageView } from './api.js';
import { replicaOf } from './lookups.js';
import { entryView, messageView, type GroupViewContext } from './views.js';

/** History lines one `history` call returns unless told otherwise. */
export const DEFAULT_GROUP_HISTORY_LIMIT = 50;
/** Most history lines one `history` call returns. */
export const MAX_GROUP_HISTORY_LIMIT = 500;

/** Up to `options.limit` lines of the group's history before `options.before` (else the newest). */
export function historyPage(replica: GroupReplica, options: HistoryOptions, views: GroupViewContext): GroupEntryView[] {
  const limit = options.limit ?? DEFAULT_GROUP_HISTORY_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_GROUP_HISTORY_LIMIT)
    throw invalidHistoryLimit(MAX_GROUP_HISTORY_LIMIT);
  const items = groupHistory(replica);
  let end = items.length;
  if (options.before !== undefined) {
    const before = typeof options.before === 'string' ? options.before.toLowerCase() : '';
    end = items.findIndex((item) => (item.type === 'message' ? item.message.id : item.op.id) === before);
    if (end < 0) throw unknownGroupEntry();
  }
  return items.slice(Math.max(0, end - limit), end).map((item) => entryView(item, replica, views));
}

/** Up to `limit` messages of the groups `groupIds` whose text `matches`, newest first. */
export function searchGroupHistories(
  engine: GroupEngine,
  groupIds: readonly HexId[],
  matches: (text: string) => boolean,
  limit: number,
  views: GroupViewContext,
): GroupMessageView[] {
  const found: GroupMessageView[] = [];
  for (const groupId of groupIds) {
    const replica = replicaOf(engine, groupId);
    const actions = actionsOf(replica);
    for (const item of groupHistory(replica)) {
      if (item.type !== 'message') continue;
      const text = actions.fateOf(item.message.id)?.text ?? item.message.content.text;
      if (text !== '' && matches(text)) found.push(messageView(item.message, replica, views));
    }
  }
  return found.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}
