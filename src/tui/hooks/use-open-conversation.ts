/**
 * Which conversation is open, as the one model the pane and the input line read
 * (conversation/conversation.ts). A group is open when it is selected. Otherwise the open
 * contact is the one selected, else the first: remembered, so that a new request sorting above
 * it does not switch the conversation under the user's feet. A selection the list does not
 * show yet (a contact just added) is kept until it does; one that left the list (removed)
 * falls back to the first.
 */
import { useMemo, useRef } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { ContactEntry } from '../conversation/contact-list.js';
import {
  contactConversation,
  groupConversation,
  noConversation,
  type Conversation,
} from '../conversation/conversation.js';
import type { GroupEntry } from '../conversation/group-list.js';
import { FEED_KEY } from '../feed/feed-state.js';

/** What decides the open conversation. */
export interface OpenConversationOptions {
  readonly contacts: readonly ContactEntry[];
  readonly groups: readonly GroupEntry[];
  /** The selection key the user chose last. */
  readonly selected: string | undefined;
  /** What we are called in a 1:1 conversation. */
  readonly myName: string;
  /** Whether the contact list has been read (nothing open means "no contacts" only then). */
  readonly loaded: boolean;
  /** Selects another conversation (the fallback to the first contact). */
  readonly select: (key: string) => void;
}

/** The open conversation (see the file comment). */
export function useOpenConversation(
  api: NodeApi,
  { contacts, groups, selected, myName, loaded, select }: OpenConversationOptions,
): Conversation {
  const group = groups.find((entry) => entry.key === selected);
  const found = contacts.find((entry) => entry.contact.onion === selected);
  const seen = useRef<string | undefined>(undefined);
  if (found !== undefined) seen.current = found.contact.onion;
  // The feed is no conversation: nothing is open (and marked read) behind it.
  const contact = group !== undefined || selected === FEED_KEY ? undefined : (found ?? contacts[0]);
  if (found === undefined && contact !== undefined && (selected === undefined || seen.current === selected))
    select(contact.contact.onion);
  return useMemo(
    () =>
      group !== undefined
        ? groupConversation(api, group)
        : contact !== undefined
          ? contactConversation(api, contact, myName)
          : noConversation(loaded),
    [api, group, contact, myName, loaded],
  );
}
