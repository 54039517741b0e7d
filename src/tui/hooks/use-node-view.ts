/**
 * The node's status and contact list for the main screen: fetched once, kept current from
 * events, and refetched after every event that can change what contacts() says (unread
 * counts, request lists). Refetches never overlap: events during one schedule one more.
 */
import { useEffect, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import { applyNodeEvent, EMPTY_NODE_VIEW, mergeContacts, refreshed, type NodeView } from '../conversation/node-view.js';
import { describeError } from '../safe-node.js';

/** The node view plus the last refetch failure. */
export interface NodeViewState extends NodeView {
  /** Why the last refetch failed, if it did. */
  readonly error: string | undefined;
}

/** The node status and contacts, kept current (see the file comment). */
export function useNodeView(api: NodeApi): NodeViewState {
  const [view, setView] = useState<NodeView>(EMPTY_NODE_VIEW);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let disposed = false;
    let running = false;
    let again = false;
    let torEvents = 0;
    const refresh = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const torEventsBefore = torEvents;
          const [status, contacts, requests] = await Promise.all([api.status(), api.contacts(), api.requests()]);
          if (disposed) return;
          setView((current) => refreshed(current, status, mergeContacts(contacts, requests), torEvents !== torEventsBefore));
          setError(undefined);
        } while (again && !disposed);
      } catch (caught) {
        if (!disposed) setError(describeError(caught));
      } finally {
        running = false;
      }
    };
    // Subscribe before the first fetch so that nothing between the two is missed.
    const unsubscribe = api.subscribe((event) => {
      if (disposed) return;
      if (event.type === 'tor') torEvents++;
      setView((current) => applyNodeEvent(current, event));
      // Presence refetches too: a refresh already under way may have read the contacts before this event.
      // Group events change no contact (use-groups.ts keeps the groups).
      if (event.type !== 'tor' && event.type !== 'message-state' && event.type !== 'transfer' && event.type !== 'message-relay' && !event.type.startsWith('group')) void refresh();
    });
    void refresh();
    return () => {
      disposed = true;
      unsubscribe();
    };
  }, [api]);

  return { ...view, error };
}
