/**
 * A GroupsApi double for the daemon socket tests: every call is recorded through `record` and
 * answered with a fixed view (these tests check the socket protocol, not the groups service).
 */
import type { GroupInviteView, GroupMessageView, GroupsApi, GroupView } from '../../../src/groups/feature/api.js';

type Record = <T>(name: string, args: unknown[], value: T) => Promise<T>;

const GROUP: GroupView = { id: 'ab'.repeat(32), name: 'climbers', isMember: true, isAdmin: true, members: [], invited: [], unread: 0 };
const INVITE: GroupInviteView = { id: 'cd'.repeat(16), groupId: GROUP.id, groupName: 'climbers', memberCount: 2, inviter: 'them', receivedAt: 0 };

function sent(text: string): GroupMessageView {
  return { type: 'message', id: 'ef'.repeat(32), groupId: GROUP.id, sender: { onion: 'me', name: 'Me', fingerprint: 'me', isFriend: false, isSelf: true }, text, createdAt: 0 };
}

/** The double. */
export function recordingGroups(record: Record): GroupsApi {
  return {
    list: () => record('groups.list', [], [GROUP]),
    get: (group) => record('groups.get', [group], GROUP),
    create: (name) => record('groups.create', [name], { ...GROUP, name }),
    invite: (group, onion) => record('groups.invite', [group, onion], GROUP),
    invitations: () => record('groups.invitations', [], [INVITE]),
    accept: (invite) => record('groups.accept', [invite], INVITE),
    decline: (invite) => record('groups.decline', [invite], undefined),
    leave: (group) => record('groups.leave', [group], GROUP),
    remove: (group, member) => record('groups.remove', [group, member], GROUP),
    addAdmin: (group, member) => record('groups.addAdmin', [group, member], GROUP),
    rename: (group, name) => record('groups.rename', [group, name], { ...GROUP, name }),
    send: (group, text) => record('groups.send', [group, text], sent(text)),
    history: (group, options) => record('groups.history', [group, options], []),
    markRead: (group) => record('groups.markRead', [group], undefined),
  };
}
