/**
 * The groups' history search (feature/api.ts `GroupsApi.search`): the decrypted messages the
 * replicas hold, compared as lib/text-search.ts says, newest (by the author's clock) first.
 * System lines are not searched: they hold no text anyone wrote.
 */
import { groupHistory } from '../history.js';
import type { GroupEngine, HexId } from '../index.js';
import type { GroupMessageView } from './api.js';
import { replicaOf } from './lookups.js';
import { messageView, type GroupViewContext } from './views.js';

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
    for (const item of groupHistory(replica)) {
      if (item.type === 'message' && matches(item.message.content.text))
        found.push(messageView(item.message, replica, views));
    }
  }
  return found.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}
