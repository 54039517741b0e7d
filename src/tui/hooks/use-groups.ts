/**
 * The groups and invitations for the main screen: fetched once, kept current from 'group'
 * events, and the invitations refetched whenever one arrives or is answered. Refetches never
 * overlap: events during one schedule one more.
 */
import { useEffect, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { GroupInviteView, GroupView } from '../../groups/feature/api.js';
import { describeError } from '../safe-node.js';

/** The groups as the main screen shows them. */
export interface GroupsState {
  readonly groups: readonly GroupView[];
  readonly invites: readonly GroupInviteView[];
  readonly loaded: boolean;
  /** Why the last refetch failed, if it did. */
  readonly error: string | undefined;
}

const EMPTY: GroupsState = { groups: [], invites: [], loaded: false, error: undefined };

/** Replaces or adds `group` in `groups`. */
export function upsertGroup(groups: readonly GroupView[], group: GroupView): GroupView[] {
  return [...groups.filter((held) => held.id !== group.id), group];
}

/** The groups and invitations, kept current (see the file comment). */
export function useGroups(api: NodeApi): GroupsState {
  const [state, setState] = useState<GroupsState>(EMPTY);

  useEffect(() => {
    let disposed = false;
    let running = false;
    let again = false;
    const refresh = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const [groups, invites] = await Promise.all([api.groups.list(), api.groups.invitations()]);
          if (disposed) return;
          setState({ groups, invites, loaded: true, error: undefined });
        } while (again && !disposed);
      } catch (caught) {
        if (!disposed) setState((current) => ({ ...current, error: describeError(caught) }));
      } finally {
        running = false;
      }
    };
    const unsubscribe = api.subscribe((event) => {
      if (disposed) return;
      if (event.type === 'group') setState((current) => ({ ...current, groups: upsertGroup(current.groups, event.group) }));
      else if (event.type === 'group-invite' || event.type === 'group-invite-answered') void refresh();
    });
    void refresh();
    return () => {
      disposed = true;
      unsubscribe();
    };
  }, [api]);

  return state;
}
