/**
 * The open conversation's history, 1:1 or group alike (conversation/history-source.ts says
 * what differs): the newest page when it opens, older pages on demand (scrolling to the top),
 * and live changes from the node's events.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HistoryItem } from '../conversation/history-item.js';
import { upsertMessages } from '../conversation/history-merge.js';
import type { HistoryChange, HistorySource } from '../conversation/history-source.js';
import type { NodeApi } from '../../node/api.js';
import { HISTORY_PAGE_SIZE } from '../limits.js';
import { describeError } from '../safe-node.js';
import { serialRefresher } from '../serial-refresher.js';

/** The open conversation's history as the pane needs it. */
export interface PagedHistory {
  /** Oldest first. */
  readonly items: readonly HistoryItem[];
  /** Whether the node may hold older items than the first one here. */
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
  /** Fetches the page before the oldest item held (no-op while loading or at the start). */
  readonly loadOlder: () => void;
  /**
   * Adds an item we know of before its event may arrive (what a send resolved with) to the
   * conversation `key`, if that is still the one open. A copy already here is kept: it came
   * from an event and may be newer (sent, delivered).
   */
  readonly addIfMissing: (key: string, item: HistoryItem) => void;
}

interface Loaded {
  readonly key: string | undefined;
  readonly items: readonly HistoryItem[];
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
}

const fresh = (key: string | undefined): Loaded => ({
  key,
  items: [],
  hasOlder: false,
  loading: key !== undefined,
  error: undefined,
});

/** The items held after `change`. */
function changed(items: readonly HistoryItem[], change: HistoryChange): readonly HistoryItem[] {
  switch (change.type) {
    case 'arrived':
      return upsertMessages(items, [change.item]);
    case 'updated':
      return items.map((item) => (item.id === change.id ? change.update(item) : item));
    case 'retracted':
      return items.filter((item) => !change.ids.has(item.id));
  }
}

/** The history of `source`'s conversation (none when undefined). */
export function usePagedHistory(api: NodeApi, source: HistorySource | undefined): PagedHistory {
  const key = source?.key;
  const [state, setState] = useState<Loaded>(() => fresh(key));
  const current = useRef(state);
  current.current = state;
  // A source is rebuilt on every render; one with the same key reads the same history.
  const latest = useRef(source);
  latest.current = source;

  useEffect(() => {
    const open = latest.current;
    setState(fresh(open?.key));
    if (open === undefined) return undefined;
    let disposed = false;
    let first = true;
    const newest = serialRefresher(
      async () => {
        const page = await open.fetch({ limit: HISTORY_PAGE_SIZE });
        if (disposed) return;
        const isFirst = first;
        first = false;
        setState((previous) => ({
          ...previous,
          items: open.placeNewest(previous.items, page),
          ...(isFirst ? { hasOlder: page.length >= HISTORY_PAGE_SIZE } : {}),
          loading: false,
          error: undefined,
        }));
      },
      (error) => setState((previous) => ({ ...previous, loading: false, error: describeError(error) })),
    );
    // Subscribe before the first fetch, so that nothing in between is missed.
    const unsubscribe = api.subscribe((event) => {
      const change = disposed ? undefined : open.change(event);
      if (change === undefined) return;
      setState((previous) => ({ ...previous, items: changed(previous.items, change) }));
      if (change.type === 'arrived' && open.refetchOnArrival) newest.run();
    });
    newest.run();
    return () => {
      disposed = true;
      newest.dispose();
      unsubscribe();
    };
  }, [api, key]);

  const loadOlder = useCallback(() => {
    const { key: openKey, items, hasOlder, loading } = current.current;
    const oldest = items[0];
    const open = latest.current;
    if (open === undefined || open.key !== openKey || oldest === undefined || !hasOlder || loading) return;
    setState((previous) => ({ ...previous, loading: true }));
    open.fetch({ limit: HISTORY_PAGE_SIZE, before: oldest.id }).then(
      (page) =>
        setState((previous) =>
          previous.key !== openKey
            ? previous
            : {
                ...previous,
                items: upsertMessages(page, previous.items),
                hasOlder: page.length >= HISTORY_PAGE_SIZE,
                loading: false,
              },
        ),
      (error: unknown) =>
        setState((previous) =>
          previous.key !== openKey ? previous : { ...previous, loading: false, error: describeError(error) },
        ),
    );
  }, []);

  const addIfMissing = useCallback((sentTo: string, item: HistoryItem) => {
    setState((previous) =>
      previous.key !== sentTo || previous.items.some((held) => held.id === item.id)
        ? previous
        : { ...previous, items: [...previous.items, item] },
    );
  }, []);

  // Until the effect above has reset the state for a newly opened conversation, show nothing of the previous one.
  const stale = state.key !== key;
  return {
    items: stale ? [] : state.items,
    hasOlder: !stale && state.hasOlder,
    loading: stale ? key !== undefined : state.loading,
    error: stale ? undefined : state.error,
    loadOlder,
    addIfMissing,
  };
}
