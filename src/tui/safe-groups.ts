/**
 * The groups half of the UI's sanitizing boundary (safe-node.ts): every string a group view
 * carries may come from a peer — group names, announced member names, message text, even ids
 * relayed by a daemon — so each is made terminal-safe before a component sees it.
 */
import type {
  GroupEntryView,
  GroupInviteView,
  GroupMemberView,
  GroupMessageView,
  GroupNodeEvent,
  GroupPersonView,
  GroupsApi,
  GroupView,
} from '../groups/feature/api.js';
import { terminalSafe } from '../text/terminal-safe.js';

const line = (text: string): string => terminalSafe(text);

/** A person with their names made terminal-safe. */
export function safePerson<P extends GroupPersonView>(person: P): P {
  const { nickname, ...rest } = person;
  return {
    ...rest,
    onion: line(person.onion),
    name: line(person.name),
    ...(nickname === undefined ? {} : { nickname: line(nickname) }),
    fingerprint: line(person.fingerprint),
  } as P;
}

/** A group with its name, members and invitees made terminal-safe. */
export function safeGroup(group: GroupView): GroupView {
  return {
    ...group,
    id: line(group.id),
    name: line(group.name),
    members: group.members.map((member: GroupMemberView) => safePerson(member)),
    invited: group.invited.map(line),
  };
}

/** A message with its text made terminal-safe (newlines kept). */
export function safeGroupMessage(message: GroupMessageView): GroupMessageView {
  return {
    ...message,
    id: line(message.id),
    groupId: line(message.groupId),
    sender: safePerson(message.sender),
    text: terminalSafe(message.text, { multiline: true }),
    ...(message.replyTo === undefined ? {} : { replyTo: line(message.replyTo) }),
    ...(message.reactions === undefined
      ? {}
      : { reactions: message.reactions.map((reaction) => ({ ...reaction, emoji: line(reaction.emoji) })) }),
  };
}

/** A history line made terminal-safe. */
export function safeEntry(entry: GroupEntryView): GroupEntryView {
  if (entry.type === 'message') return safeGroupMessage(entry);
  const { target, name, ...rest } = entry;
  return {
    ...rest,
    id: line(entry.id),
    groupId: line(entry.groupId),
    actor: safePerson(entry.actor),
    ...(target === undefined ? {} : { target: safePerson(target) }),
    ...(name === undefined ? {} : { name: line(name) }),
  };
}

/** An invitation made terminal-safe. */
export function safeInvite(invite: GroupInviteView): GroupInviteView {
  const { inviterName, ...rest } = invite;
  return {
    ...rest,
    id: line(invite.id),
    groupId: line(invite.groupId),
    groupName: line(invite.groupName),
    inviter: line(invite.inviter),
    ...(inviterName === undefined ? {} : { inviterName: line(inviterName) }),
  };
}

/** A groups event with every string in it made terminal-safe. */
export function safeGroupEvent(event: GroupNodeEvent): GroupNodeEvent {
  switch (event.type) {
    case 'group':
      return { type: 'group', group: safeGroup(event.group) };
    case 'group-entry':
      return { type: 'group-entry', entry: safeEntry(event.entry) };
    case 'group-entry-updated':
      return { type: 'group-entry-updated', entry: safeGroupMessage(event.entry) };
    case 'group-retracted':
      return { type: 'group-retracted', groupId: line(event.groupId), ids: event.ids.map(line) };
    case 'group-invite':
      return { type: 'group-invite', invite: safeInvite(event.invite) };
    case 'group-invite-answered':
      return { ...event, id: line(event.id) };
    case 'group-invite-declined':
      return { type: 'group-invite-declined', groupId: line(event.groupId), onion: line(event.onion) };
    case 'group-throttled':
      return { ...event, groupId: line(event.groupId), onion: line(event.onion) };
    case 'group-refused': {
      const { groupId, onion, ...rest } = event;
      return {
        ...rest,
        error: line(event.error),
        ...(groupId === undefined ? {} : { groupId: line(groupId) }),
        ...(onion === undefined ? {} : { onion: line(onion) }),
      };
    }
  }
}

/** `api` with every string it returns made terminal-safe; commands pass through. */
export function safeGroupsApi(api: GroupsApi): GroupsApi {
  return {
    list: async () => (await api.list()).map(safeGroup),
    get: async (group) => safeGroup(await api.get(group)),
    create: async (name) => safeGroup(await api.create(name)),
    invite: async (group, onion) => safeGroup(await api.invite(group, onion)),
    invitations: async () => (await api.invitations()).map(safeInvite),
    accept: async (invite) => safeInvite(await api.accept(invite)),
    decline: (invite) => api.decline(invite),
    leave: async (group) => safeGroup(await api.leave(group)),
    remove: async (group, member) => safeGroup(await api.remove(group, member)),
    addAdmin: async (group, member) => safeGroup(await api.addAdmin(group, member)),
    rename: async (group, name) => safeGroup(await api.rename(group, name)),
    send: async (group, text, options) => safeGroupMessage(await api.send(group, text, options)),
    history: async (group, options) => (await api.history(group, options)).map(safeEntry),
    search: async (text, options) => (await api.search(text, options)).map(safeGroupMessage),
    markRead: (group) => api.markRead(group),
    lifecycle: {
      edit: async (group, id, text) => safeGroupMessage(await api.lifecycle.edit(group, id, text)),
      delete: (group, id, options) => api.lifecycle.delete(group, id, options),
      react: async (group, id, emoji) => safeGroupMessage(await api.lifecycle.react(group, id, emoji)),
      setTimer: async (group, seconds) => safeGroupMessage(await api.lifecycle.setTimer(group, seconds)),
      timer: (group) => api.lifecycle.timer(group),
    },
  };
}
