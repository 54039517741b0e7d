/**
 * Something the screen shows of the node (the contact list, the groups, the invitations),
 * fetched once and then kept current from the node's events, which carry the data they are
 * about. It is fetched again only when an event says something the state cannot take from it:
 * the event arrived while a fetch was under way (that fetch may have read the node before
 * the change), or what it changes is not all in it. Fetches never overlap (serial-refresher.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NodeApi, NodeEvent } from '../../node/api.js';
import { describeError } from '../safe-node.js';
import { serialRefresher } from '../serial-refresher.js';

/** What a live view fetches, and what events do to it. */
export interface LiveViewSpec<S> {
  readonly initial: S;
  /**
   * Asks the node; resolves with how to fold the answer into the state. `meanwhile` are the
   * events that arrived while the fetch was under way (they may be newer than the answer).
   */
  readonly fetch: (api: NodeApi) => Promise<(state: S, meanwhile: readonly NodeEvent[]) => S>;
  /** The state after one event. */
  readonly apply: (state: S, event: NodeEvent) => S;
  /**
   * Whether `event` calls for a fetch: `busy` says one is under way (it then runs once more
   * after it, so that its answer is not older than the event).
   */
  readonly refetch: (event: NodeEvent, busy: boolean) => boolean;
}

/** The state, whether the node has answered yet, and why the last fetch failed, if it did. */
export interface LiveView<S> {
  readonly state: S;
  readonly loaded: boolean;
  readonly error: string | undefined;
  /** Asks the node again (after a change made here that no event may report soon). */
  readonly refresh: () => void;
}

/** `spec`'s state, kept current (see the file comment). `spec` is read once per `api`. */
export function useLiveView<S>(api: NodeApi, spec: LiveViewSpec<S>): LiveView<S> {
  const [view, setView] = useState<Omit<LiveView<S>, 'refresh'>>({
    state: spec.initial,
    loaded: false,
    error: undefined,
  });
  const latest = useRef(spec);
  latest.current = spec;
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const { fetch, apply, refetch } = latest.current;
    let disposed = false;
    let meanwhile: NodeEvent[] = [];
    const refresher = serialRefresher(
      async () => {
        meanwhile = [];
        const fold = await fetch(api);
        if (disposed) return;
        const seen = meanwhile;
        setView((current) => ({ state: fold(current.state, seen), loaded: true, error: undefined }));
      },
      (caught) => setView((current) => ({ ...current, error: describeError(caught) })),
    );
    // Subscribe before the first fetch, so that nothing in between is missed.
    const unsubscribe = api.subscribe((event) => {
      if (disposed) return;
      if (refresher.busy) meanwhile.push(event);
      setView((current) => ({ ...current, state: apply(current.state, event) }));
      if (refetch(event, refresher.busy)) refresher.run();
    });
    refresher.run();
    refreshRef.current = () => {
      if (!disposed) refresher.run();
    };
    return () => {
      disposed = true;
      refresher.dispose();
      unsubscribe();
    };
  }, [api]);

  const refresh = useCallback(() => refreshRef.current(), []);
  return useMemo(() => ({ ...view, refresh }), [view, refresh]);
}
