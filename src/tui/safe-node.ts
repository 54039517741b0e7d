/**
 * The one place where node data enters the UI, and where it is made safe for the terminal.
 * Text a peer chose (messages, contact-request messages, and nicknames and names, which may
 * have come from a peer before the user renamed them) could carry escape sequences that move
 * the cursor, retitle the window, print OSC 8 links or recolour the screen; Ink passes such
 * sequences through (docs/ARCHITECTURE.md "Conventions"). Everything the UI renders comes through
 * {@link safeNodeApi}, so no component has to remember.
 */
import { safeWallsApi } from './safe-walls.js';
import type { ContactView, MessageView, NodeApi, NodeEvent, NodeStatus } from '../node/api.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { safeGroupEvent, safeGroupsApi } from './safe-groups.js';
import { safeRelayApi } from './safe-relay.js';
import { safeLifecycleApi } from './safe-lifecycle.js';
import { safeFilesApi, safeFilesEvent } from './safe-files.js';

const line = (text: string): string => terminalSafe(text);

/** A contact with its nickname, announced name and request message made terminal-safe. */
export function safeContact(contact: ContactView): ContactView {
  const { nickname, displayName, requestMessage, ...rest } = contact;
  return {
    ...rest,
    onion: line(contact.onion),
    ...(nickname === undefined ? {} : { nickname: line(nickname) }),
    ...(displayName === undefined ? {} : { displayName: line(displayName) }),
    ...(requestMessage === undefined ? {} : { requestMessage: terminalSafe(requestMessage, { multiline: true }) }),
  };
}

/** A message with its text made terminal-safe (newlines kept). */
export function safeMessage(message: MessageView): MessageView {
  return {
    ...message,
    id: line(message.id),
    conversation: line(message.conversation),
    text: terminalSafe(message.text, { multiline: true }),
  };
}

/** The node status with names and Tor's summary made terminal-safe. */
export function safeStatus(status: NodeStatus): NodeStatus {
  return {
    ...status,
    onion: line(status.onion),
    displayName: line(status.displayName),
    tor: { ...status.tor, summary: line(status.tor.summary) },
  };
}

/** An event with every string in it made terminal-safe. */
export function safeEvent(event: NodeEvent): NodeEvent {
  switch (event.type) {
    case 'contact':
      return { type: 'contact', contact: safeContact(event.contact) };
    case 'contact-removed':
      return { type: 'contact-removed', onion: line(event.onion) };
    case 'message':
      return { type: 'message', message: safeMessage(event.message) };
    case 'message-state':
    case 'message-removed':
      return { ...event, id: line(event.id), conversation: line(event.conversation) };
    case 'message-updated':
      return { type: 'message-updated', message: safeMessage(event.message) };
    case 'presence':
      return { ...event, onion: line(event.onion) };
    case 'tor':
      return { type: 'tor', tor: { ...event.tor, summary: line(event.tor.summary) } };
    case 'storage-problem':
      return { ...event, error: line(event.error), message: line(event.message) };
    case 'visibility':
      return event; // no text in it
    case 'group':
    case 'group-entry':
    case 'group-entry-updated':
    case 'group-retracted':
    case 'group-invite':
    case 'group-invite-answered':
    case 'group-invite-declined':
    case 'group-refused':
    case 'group-throttled':
      return safeGroupEvent(event);
    case 'message-relay':
      return { ...event, id: line(event.id), conversation: line(event.conversation) };
    case 'wall':
      return { type: 'wall', owner: line(event.owner) };
    case 'transfer':
    case 'transfer-deleted':
      return safeFilesEvent(event);
    case 'peer-throttled':
      return { ...event, onion: line(event.onion) };
  }
}

/**
 * An error's message as the UI shows it: single-line and terminal-safe (a daemon may relay
 * messages that quote a peer).
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unexpected error';
  return line(message);
}

/**
 * `api` with every string it returns or emits made terminal-safe. Commands pass through
 * unchanged (their arguments come from our own user).
 */
export function safeNodeApi(api: NodeApi): NodeApi {
  return {
    status: async () => safeStatus(await api.status()),
    visibility: () => api.visibility(),
    setVisibility: (state, forSeconds) => api.setVisibility(state, forSeconds),
    contacts: async () => (await api.contacts()).map(safeContact),
    requests: async () => (await api.requests()).map(safeContact),
    addContact: async (onion, message) => safeContact(await api.addContact(onion, message)),
    acceptContact: async (onion) => safeContact(await api.acceptContact(onion)),
    rejectContact: (onion) => api.rejectContact(onion),
    blockContact: async (onion) => safeContact(await api.blockContact(onion)),
    removeContact: (onion) => api.removeContact(onion),
    setNickname: async (onion, nickname) => safeContact(await api.setNickname(onion, nickname)),
    sendMessage: async (onion, text, options) => safeMessage(await api.sendMessage(onion, text, options)),
    history: async (onion, options) => (await api.history(onion, options)).map(safeMessage),
    searchMessages: async (text, options) => (await api.searchMessages(text, options)).map(safeMessage),
    markRead: (onion) => api.markRead(onion),
    groups: safeGroupsApi(api.groups),
    lifecycle: safeLifecycleApi(api.lifecycle, safeMessage),
    relay: safeRelayApi(api.relay),
    files: safeFilesApi(api.files),
    walls: safeWallsApi(api.walls),
    subscribe: (listener) => api.subscribe((event) => listener(safeEvent(event))),
  };
}
