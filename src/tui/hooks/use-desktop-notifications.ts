/**
 * Desktop notifications for messages in conversations that are not open, when the user turned
 * them on (`/set notify on`; notifications.ts says how they are shown). They name who wrote;
 * the text goes in only with `/set preview on`.
 */
import { useEffect, useRef } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { ContactEntry } from '../conversation/contact-list.js';
import { groupKey, personName, type GroupEntry } from '../conversation/group-list.js';
import { messageNotification } from '../notifications.js';
import type { TerminalEffects } from '../terminal-sequences.js';

/** What the notifications need. */
export interface DesktopNotificationOptions {
  readonly api: NodeApi;
  readonly contacts: readonly ContactEntry[];
  readonly groups: readonly GroupEntry[];
  readonly openKey: string | undefined;
  readonly effects: TerminalEffects;
  /** `/set notify` and `/set preview` as they are now. */
  readonly settings: { readonly notify: boolean; readonly preview: boolean };
}

/** Notifies of messages elsewhere while enabled (see the file comment). */
export function useDesktopNotifications(options: DesktopNotificationOptions): void {
  const latest = useRef(options);
  latest.current = options;
  const { api } = options;
  useEffect(
    () =>
      api.subscribe((event) => {
        const { contacts, groups, openKey, effects, settings } = latest.current;
        const { notify, preview } = settings;
        if (!notify) return;
        if (event.type === 'message' && event.message.direction === 'in' && event.message.conversation !== openKey) {
          const { conversation, text } = event.message;
          const from = contacts.find((entry) => entry.contact.onion === conversation)?.name ?? conversation.slice(0, 8);
          effects.notify(messageNotification(from, text, preview));
        }
        if (event.type === 'group-entry' && event.entry.type === 'message' && !event.entry.sender.isSelf) {
          const { groupId, sender, text } = event.entry;
          if (groupKey(groupId) === openKey) return;
          const group = groups.find((entry) => entry.group.id === groupId)?.name ?? 'a group';
          effects.notify(messageNotification(`${personName(sender)} in #${group}`, text, preview));
        }
      }),
    [api],
  );
}
