/**
 * The open group's history: a page when it opens, older pages on demand (scrolling to the
 * top), and live updates from 'group-entry' and 'group-retracted' events. While a group is
 * open its new messages count as read.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { GroupEntryView } from '../../groups/feature/api.js';
import { HISTORY_PAGE_SIZE } from '../limits.js';
import { describeError } from '../safe-node.js';

/** The open group's lines as the pane needs them. */
export interface GroupHistoryState {
  /** Oldest first. */
  readonly entries: readonly GroupEntryView[];
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
  /** Fetches the page before the oldest entry held (no-op while loading or at the start). */
  readonly loadOlder: () => void;
  /** Adds an entry we know of before its event may arrive (the result of send). */
  readonly addIfMissing: (entry: GroupEntryView) => void;
}

interface Loaded {
  readonly groupId: string | undefined;
  readonly entries: readonly GroupEntryView[];
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
}

/**
 * The newest `page` (in display order, from history()) in place of what it covers: entries
 * held but not in it are older ones (loaded by scrolling up) and stay before it. One that
 * arrived while the page was on its way is put right by the fetch its event scheduled.
 */
export function placePage(held: readonly GroupEntryView[], page: readonly GroupEntryView[]): GroupEntryView[] {
  const ids = new Set(page.map((entry) => entry.id));
  return [...held.filter((entry) => !ids.has(entry.id)), ...page];
}

/** `older` then `newer`, each entry once (the copy in `newer` wins). */
export function mergeEntries(older: readonly GroupEntryView[], newer: readonly GroupEntryView[]): GroupEntryView[] {
  const ids = new Set(newer.map((entry) => entry.id));
  return [...older.filter((entry) => !ids.has(entry.id)), ...newer];
}

/** The history of group `groupId` (none when undefined); `unread` is its unread count, cleared while open. */
export function useGroupHistory(api: NodeApi, groupId: string | undefined, unread: number, onError: (message: string) => void): GroupHistoryState {
  const [state, setState] = useState<Loaded>({ groupId, entries: [], hasOlder: false, loading: groupId !== undefined, error: undefined });
  const current = useRef(state);
  current.current = state;

  useEffect(() => {
    setState({ groupId, entries: [], hasOlder: false, loading: groupId !== undefined, error: undefined });
    if (groupId === undefined) return undefined;
    let disposed = false;
    let running = false;
    let again = false;
    let first = true;
    // The newest page, fetched again after entries arrive: a late entry (a catch-up, a
    // concurrent post) may belong before others already shown, and the node knows where.
    const refresh = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const page = await api.groups.history(groupId, { limit: HISTORY_PAGE_SIZE });
          if (disposed) return;
          const isFirst = first;
          first = false;
          setState((previous) => ({
            ...previous,
            entries: placePage(previous.entries, page),
            ...(isFirst ? { hasOlder: page.length >= HISTORY_PAGE_SIZE } : {}),
            loading: false,
            error: undefined,
          }));
        } while (again && !disposed);
      } catch (error) {
        if (!disposed) setState((previous) => ({ ...previous, loading: false, error: describeError(error) }));
      } finally {
        running = false;
      }
    };
    const unsubscribe = api.subscribe((event) => {
      if (disposed) return;
      if (event.type === 'group-entry' && event.entry.groupId === groupId) {
        setState((previous) => ({ ...previous, entries: mergeEntries(previous.entries, [event.entry]) }));
        void refresh();
      } else if (event.type === 'group-retracted' && event.groupId === groupId) {
        const gone = new Set(event.ids);
        setState((previous) => ({ ...previous, entries: previous.entries.filter((entry) => !gone.has(entry.id)) }));
      }
    });
    void refresh();
    return () => {
      disposed = true;
      unsubscribe();
    };
  }, [api, groupId]);

  useEffect(() => {
    if (groupId === undefined || unread === 0) return;
    api.groups.markRead(groupId).catch((error: unknown) => onError(describeError(error)));
  }, [api, groupId, unread, onError]);

  const loadOlder = useCallback(() => {
    const { groupId: open, entries, hasOlder, loading } = current.current;
    const oldest = entries[0];
    if (open === undefined || oldest === undefined || !hasOlder || loading) return;
    setState((previous) => ({ ...previous, loading: true }));
    api.groups.history(open, { limit: HISTORY_PAGE_SIZE, before: oldest.id }).then(
      (page) => setState((previous) => (previous.groupId !== open ? previous : { ...previous, entries: mergeEntries(page, previous.entries), hasOlder: page.length >= HISTORY_PAGE_SIZE, loading: false })),
      (error: unknown) => setState((previous) => (previous.groupId !== open ? previous : { ...previous, loading: false, error: describeError(error) })),
    );
  }, [api]);

  const addIfMissing = useCallback((entry: GroupEntryView) => {
    setState((previous) => (previous.groupId !== entry.groupId || previous.entries.some((held) => held.id === entry.id) ? previous : { ...previous, entries: [...previous.entries, entry] }));
  }, []);

  const stale = state.groupId !== groupId;
  return {
    entries: stale ? [] : state.entries,
    hasOlder: !stale && state.hasOlder,
    loading: stale ? groupId !== undefined : state.loading,
    error: stale ? undefined : state.error,
    loadOlder,
    addIfMissing,
  };
}
