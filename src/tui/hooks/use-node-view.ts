/**
 * The node's status and contact list for the main screen: fetched once, then kept current
 * from the events, which carry the contact, presence, message or Tor progress they are about
 * (conversation/node-view.ts), so a message that arrives changes the view without asking the
 * node for anything (hooks/use-live-view.ts).
 */
import type { NodeApi } from '../../node/api.js';
import {
  applyNodeEvent,
  changesContacts,
  countIncoming,
  EMPTY_NODE_VIEW,
  mergeContacts,
  refreshed,
  type NodeView,
} from '../conversation/node-view.js';
import { useLiveView, type LiveViewSpec } from './use-live-view.js';

/** The node view plus the last fetch failure. */
export interface NodeViewState extends NodeView {
  /** Why the last fetch failed, if it did. */
  readonly error: string | undefined;
}

const NODE_VIEW: LiveViewSpec<NodeView> = {
  initial: EMPTY_NODE_VIEW,
  async fetch(api) {
    const [status, contacts, requests] = await Promise.all([api.status(), api.contacts(), api.requests()]);
    // A 'tor' event that arrived meanwhile is newer than the status.
    return (view, meanwhile) =>
      refreshed(
        view,
        status,
        mergeContacts(contacts, requests),
        meanwhile.some((event) => event.type === 'tor'),
      );
  },
  apply: (view, event) => countIncoming(applyNodeEvent(view, event), event),
  refetch: (event, busy) => busy && changesContacts(event),
};

/** The node status and contacts, kept current (see the file comment). */
export function useNodeView(api: NodeApi): NodeViewState {
  const live = useLiveView(api, NODE_VIEW);
  return { ...live.state, error: live.error };
}
