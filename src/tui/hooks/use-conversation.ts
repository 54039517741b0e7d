/**
 * The open conversation's messages: a page of history when it opens, older pages on demand
 * (scrolling to the top), and live updates from 'message' and 'message-state' events.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageView, NodeApi } from '../../node/api.js';
import { HISTORY_PAGE_SIZE } from '../limits.js';
import { withRelay } from '../conversation/relay-marks.js';
import { describeError } from '../safe-node.js';

/** The open conversation as the pane needs it. */
export interface ConversationState {
  /** Oldest first. */
  readonly messages: readonly MessageView[];
  /** Whether history() may have older messages than the first one here. */
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
  /** Fetches the page before the oldest message held (no-op while loading or at the start). */
  readonly loadOlder: () => void;
  /**
   * Adds a message we know of before its event may arrive (the result of sendMessage). A copy
   * already here is kept: it came from an event and may be newer (sent, delivered).
   */
  readonly addIfMissing: (message: MessageView) => void;
}

interface Loaded {
  readonly onion: string | undefined;
  readonly messages: readonly MessageView[];
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
}

/** Adds `incoming` to `messages`, replacing a message with the same id in place. */
export function upsertMessages(messages: readonly MessageView[], incoming: readonly MessageView[]): readonly MessageView[] {
  if (incoming.length === 0) return messages;
  const replacements = new Map(incoming.map((message) => [message.id, message]));
  const updated = messages.map((message) => {
    const replacement = replacements.get(message.id);
    if (replacement === undefined) return message;
    replacements.delete(message.id);
    return replacement;
  });
  return replacements.size === 0 ? updated : [...updated, ...replacements.values()];
}

/** The messages of the conversation with `onion` (none when undefined). */
export function useConversation(api: NodeApi, onion: string | undefined): ConversationState {
  const [state, setState] = useState<Loaded>({ onion, messages: [], hasOlder: false, loading: onion !== undefined, error: undefined });
  const current = useRef(state);
  current.current = state;

  useEffect(() => {
    setState({ onion, messages: [], hasOlder: false, loading: onion !== undefined, error: undefined });
    if (onion === undefined) return undefined;
    let disposed = false;
    const unsubscribe = api.subscribe((event) => {
      if (disposed) return;
      if (event.type === 'message' && event.message.conversation === onion) {
        setState((previous) => ({ ...previous, messages: upsertMessages(previous.messages, [event.message]) }));
      } else if (event.type === 'message-state' && event.conversation === onion) {
        setState((previous) => ({
          ...previous,
          messages: previous.messages.map((message) => (message.id === event.id ? { ...message, state: event.state } : message)),
        }));
      } else if (event.type === 'message-relay' && event.conversation === onion) {
        setState((previous) => ({ ...previous, messages: previous.messages.map((message) => (message.id === event.id ? withRelay(message, event.relay) : message)) }));
      }
    });
    api.history(onion, { limit: HISTORY_PAGE_SIZE }).then(
      (page) => {
        if (disposed) return;
        // Events that arrived while history() was on its way stay, after the page.
        setState((previous) => ({ ...previous, messages: upsertMessages(page, previous.messages), hasOlder: page.length >= HISTORY_PAGE_SIZE, loading: false }));
      },
      (error: unknown) => {
        if (!disposed) setState((previous) => ({ ...previous, loading: false, error: describeError(error) }));
      },
    );
    return () => {
      disposed = true;
      unsubscribe();
    };
  }, [api, onion]);

  const loadOlder = useCallback(() => {
    const { onion: open, messages, hasOlder, loading } = current.current;
    const oldest = messages[0];
    if (open === undefined || oldest === undefined || !hasOlder || loading) return;
    setState((previous) => ({ ...previous, loading: true }));
    api.history(open, { limit: HISTORY_PAGE_SIZE, before: oldest.id }).then(
      (page) => {
        setState((previous) =>
          previous.onion !== open ? previous : { ...previous, messages: upsertMessages(page, previous.messages), hasOlder: page.length >= HISTORY_PAGE_SIZE, loading: false },
        );
      },
      (error: unknown) => {
        setState((previous) => (previous.onion !== open ? previous : { ...previous, loading: false, error: describeError(error) }));
      },
    );
  }, [api]);

  const addIfMissing = useCallback((message: MessageView) => {
    setState((previous) =>
      previous.onion !== message.conversation || previous.messages.some((held) => held.id === message.id)
        ? previous
        : { ...previous, messages: [...previous.messages, message] },
    );
  }, []);

  // Until the effect above has reset the state for a newly opened conversation, show nothing
  // of the previous one.
  const stale = state.onion !== onion;
  return {
    messages: stale ? [] : state.messages,
    hasOlder: !stale && state.hasOlder,
    loading: stale ? onion !== undefined : state.loading,
    error: stale ? undefined : state.error,
    loadOlder,
    addIfMissing,
  };
}
