/**
 * What happens when messages arrive: the open conversation is marked read, and a message in a
 * conversation that is not open rings the bell and puts the unread count in the window
 * title (each can be turned off with /set, kept in preferences).
 */
import { useEffect, useRef } from 'react';
import type { ContactView, NodeApi } from '../../node/api.js';
import { describeError } from '../safe-node.js';
import type { TerminalEffects } from '../terminal-sequences.js';

/** The window title while Burrow runs; the unread count goes in front of it. */
export const APP_TITLE = 'Burrow';

/** What useAttention watches and uses. */
export interface AttentionOptions {
  readonly api: NodeApi;
  readonly contacts: readonly ContactView[];
  /** The conversation on screen, if any. */
  readonly openOnion: string | undefined;
  readonly effects: TerminalEffects;
  readonly bell: boolean;
  readonly title: boolean;
  /** Shown when markRead fails. */
  readonly onError: (message: string) => void;
}

/** Marks the open conversation read, rings the bell and sets the title (see the file comment). */
export function useAttention({ api, contacts, openOnion, effects, bell, title, onError }: AttentionOptions): void {
  const latest = useRef({ openOnion, bell, effects });
  latest.current = { openOnion, bell, effects };

  useEffect(
    () =>
      api.subscribe((event) => {
        const { openOnion: open, bell: ring, effects: terminal } = latest.current;
        if (event.type === 'message' && event.message.direction === 'in' && event.message.conversation !== open && ring) terminal.bell();
      }),
    [api],
  );

  const openContact = contacts.find((contact) => contact.onion === openOnion);
  const openUnread = openContact?.state === 'friend' ? openContact.unread : 0;
  useEffect(() => {
    if (openOnion === undefined || openUnread === 0) return;
    api.markRead(openOnion).catch((error: unknown) => onError(describeError(error)));
  }, [api, openOnion, openUnread, onError]);

  const unreadElsewhere = contacts.reduce((sum, contact) => (contact.onion === openOnion ? sum : sum + contact.unread), 0);
  const titled = useRef(false);
  useEffect(() => {
    if (title) {
      effects.setTitle(unreadElsewhere > 0 ? `(${unreadElsewhere}) ${APP_TITLE}` : APP_TITLE);
      titled.current = true;
    } else if (titled.current) {
      effects.setTitle(APP_TITLE);
      titled.current = false;
    }
  }, [effects, title, unreadElsewhere]);
}
