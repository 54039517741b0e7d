/**
 * The groups and the invitations for the main screen: each fetched once, then kept current
 * from the events, which carry the group or invitation they are about (hooks/use-live-view.ts).
 * Invitations also expire at the node, which no event says: the list is read again whenever
 * one comes or goes.
 */
import type { GroupInviteView, GroupView } from '../../groups/feature/api.js';
import type { NodeApi } from '../../node/api.js';
import { useLiveView, type LiveViewSpec } from './use-live-view.js';

/** The groups as the main screen shows them. */
export interface GroupsState {
  readonly groups: readonly GroupView[];
  readonly invites: readonly GroupInviteView[];
  readonly loaded: boolean;
  /** Why the last fetch failed, if it did. */
  readonly error: string | undefined;
}

/** Replaces or adds `group` in `groups`. */
export function upsertGroup(groups: readonly GroupView[], group: GroupView): GroupView[] {
  return [...groups.filter((held) => held.id !== group.id), group];
}

const GROUPS: LiveViewSpec<readonly GroupView[]> = {
  initial: [],
  async fetch(api) {
    const groups = await api.groups.list();
    return () => groups;
  },
  apply: (groups, event) => (event.type === 'group' ? upsertGroup(groups, event.group) : groups),
  refetch: (event, busy) => busy && event.type === 'group',
};

const INVITES: LiveViewSpec<readonly GroupInviteView[]> = {
  initial: [],
  async fetch(api) {
    const invites = await api.groups.invitations();
    return () => invites;
  },
  apply(invites, event) {
    if (event.type === 'group-invite') return [...invites.filter((held) => held.id !== event.invite.id), event.invite];
    if (event.type === 'group-invite-answered') return invites.filter((held) => held.id !== event.id);
    return invites;
  },
  refetch: (event) => event.type === 'group-invite' || event.type === 'group-invite-answered',
};

/** The groups and invitations, kept current (see the file comment). */
export function useGroups(api: NodeApi): GroupsState {
  const groups = useLiveView(api, GROUPS);
  const invites = useLiveView(api, INVITES);
  return {
    groups: groups.state,
    invites: invites.state,
    loaded: groups.loaded && invites.loaded,
    error: groups.error ?? invites.error,
  };
}
