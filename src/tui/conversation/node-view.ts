/**
 * What the main screen shows of the node besides conversations: its status and the contact
 * list, kept current from {@link NodeEvent}s, which carry the contact, the presence or the
 * message they are about (hooks/use-node-view.ts). Pure.
 */
import type { ContactView, NodeEvent, NodeStatus, TorStatus } from '../../node/api.js';

/** The node as the main screen shows it. */
export interface NodeView {
  /** Undefined until the first status() answer. */
  readonly status: NodeStatus | undefined;
  /** Tor's progress: from status() and then from 'tor' events, which may arrive first. */
  readonly tor: TorStatus | undefined;
  /** Every contact, requests included, one entry per onion address. */
  readonly contacts: readonly ContactView[];
  /** Whether contacts() has answered at least once. */
  readonly loaded: boolean;
}

/** Before the node has answered. */
export const EMPTY_NODE_VIEW: NodeView = { status: undefined, tor: undefined, contacts: [], loaded: false };

/** contacts() and requests() together, one entry per onion (the later list wins). */
export function mergeContacts(...lists: readonly (readonly ContactView[])[]): ContactView[] {
  const byOnion = new Map<string, ContactView>();
  for (const list of lists) for (const contact of list) byOnion.set(contact.onion, contact);
  return [...byOnion.values()];
}

/**
 * The view after a full refetch. `torChangedSince` says a 'tor' event arrived while the
 * refetch was on its way: that event is newer than the status it brought, so it stays.
 */
export function refreshed(
  view: NodeView,
  status: NodeStatus,
  contacts: readonly ContactView[],
  torChangedSince = false,
): NodeView {
  return { status, tor: torChangedSince && view.tor !== undefined ? view.tor : status.tor, contacts, loaded: true };
}

/** The view after one event, as far as the event states it (see {@link countIncoming} for unread counts). */
export function applyNodeEvent(view: NodeView, event: NodeEvent): NodeView {
  switch (event.type) {
    case 'contact':
      return { ...view, contacts: mergeContacts(view.contacts, [event.contact]) };
    case 'contact-removed':
      return { ...view, contacts: view.contacts.filter((contact) => contact.onion !== event.onion) };
    case 'presence':
      return {
        ...view,
        contacts: view.contacts.map((contact) =>
          contact.onion === event.onion ? { ...contact, online: event.online } : contact,
        ),
      };
    case 'tor':
      return { ...view, tor: event.tor };
    case 'visibility':
      return view.status === undefined ? view : { ...view, status: { ...view.status, visibility: event.visibility } };
    case 'message':
      return {
        ...view,
        contacts: view.contacts.map((contact) =>
          contact.onion === event.message.conversation
            ? { ...contact, lastMessageAt: Math.max(contact.lastMessageAt ?? 0, event.message.createdAt) }
            : contact,
        ),
      };
    case 'message-state':
    case 'message-updated':
    case 'message-removed':
    case 'storage-problem':
      return view;
    case 'group':
    case 'group-entry':
    case 'group-entry-updated':
    case 'group-retracted':
    case 'group-invite':
    case 'group-invite-answered':
    case 'group-invite-declined':
    case 'group-refused':
    case 'group-throttled':
      return view; // groups have their own view (hooks/use-groups.ts)
    case 'message-relay':
      return view;
    case 'transfer':
    case 'transfer-deleted':
      return view; // transfers have their own view (hooks/use-transfers.ts)
    case 'peer-throttled':
      return view; // a notice (hooks/use-attention.ts)
    case 'wall':
      return view; // the feed reads walls itself
  }
}

/**
 * The unread count an incoming message adds to its contact: the node counts every new
 * incoming message unread (ContactView.unread) until markRead, which reports the contact
 * again. Apart from {@link applyNodeEvent} because it is what the node does with the event,
 * not what the event says.
 */
export function countIncoming(view: NodeView, event: NodeEvent): NodeView {
  if (event.type !== 'message' || event.message.direction !== 'in') return view;
  const from = event.message.conversation;
  return {
    ...view,
    contacts: view.contacts.map((contact) =>
      contact.onion === from ? { ...contact, unread: contact.unread + 1 } : contact,
    ),
  };
}

/** Whether `event` changes the contact list (so a fetch under way when it arrived may be out of date). */
export function changesContacts(event: NodeEvent): boolean {
  return (
    event.type === 'contact' ||
    event.type === 'contact-removed' ||
    event.type === 'presence' ||
    event.type === 'message'
  );
}
