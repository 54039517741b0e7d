/**
 * Runs a `/group` command against the node and says what the screen should do next. Like
 * run-command.ts: every failure becomes a notice; nothing here throws.
 */
import type { NodeApi } from '../node/api.js';
import type { GroupInviteView } from '../groups/feature/api.js';
import { resolveTarget, type ContactEntry } from './conversation/contact-list.js';
import type { GroupCommand } from './group-commands.js';
import { findInvite, findMember, groupKey, personName, personTag, type GroupEntry } from './conversation/group-list.js';
import type { CommandOutcome } from './run-command.js';
import { describeError } from './safe-node.js';

/** What a group command may use. */
export interface GroupCommandContext {
  readonly api: NodeApi;
  /** The contacts (an invitation goes to a friend). */
  readonly entries: readonly ContactEntry[];
  readonly invites: readonly GroupInviteView[];
  /** The group open in the pane, if any. */
  readonly openGroup: GroupEntry | undefined;
}

const info = (text: string): CommandOutcome => ({ notice: { text, tone: 'info' } });
const failure = (text: string): CommandOutcome => ({ notice: { text, tone: 'error' } });
const NO_GROUP_OPEN = 'Open a group first (Alt+number or Ctrl+N/Ctrl+P), or create one: /group create <name>.';

/** Runs `command`; resolves with what to show (never rejects). */
export async function runGroupCommand(command: GroupCommand, context: GroupCommandContext): Promise<CommandOutcome> {
  try {
    return await run(command, context);
  } catch (error) {
    return failure(describeError(error));
  }
}

function inviteLine(invite: GroupInviteView): string {
  return `"${invite.groupName}" (${invite.memberCount} members) from ${invite.inviterName ?? invite.inviter.slice(0, 8)}`;
}

function chooseInvite(command: GroupCommand, invites: readonly GroupInviteView[]): { invite: GroupInviteView } | { error: string } {
  if (command.argument !== '') {
    const found = findInvite(command.argument, invites);
    return 'error' in found ? found : { invite: found.found };
  }
  if (invites.length === 1) return { invite: invites[0]! };
  return { error: invites.length === 0 ? 'There is no group invitation waiting.' : `Which invitation? /group ${command.sub} <group> (Tab completes).` };
}

async function run(command: GroupCommand, context: GroupCommandContext): Promise<CommandOutcome> {
  const { api, openGroup } = context;
  switch (command.sub) {
    case 'create': {
      const group = await api.groups.create(command.argument);
      return { ...info(`Group "${group.name}" created: you are its admin. Invite friends with /group invite <friend>.`), select: groupKey(group.id) };
    }
    case 'invites':
      return info(context.invites.length === 0 ? 'No group invitations.' : `Invitations: ${context.invites.map(inviteLine).join('; ')}. /group accept <group> or /group decline <group>.`);
    case 'accept':
    case 'decline': {
      const chosen = chooseInvite(command, context.invites);
      if ('error' in chosen) return failure(chosen.error);
      if (command.sub === 'decline') {
        await api.groups.decline(chosen.invite.id);
        return info(`Invitation to "${chosen.invite.groupName}" declined.`);
      }
      await api.groups.accept(chosen.invite.id);
      return info(`Accepted: "${chosen.invite.groupName}" appears under Groups once the inviter, online, has added you.`);
    }
    case 'invite':
    case 'members':
    case 'remove':
    case 'admin':
    case 'rename':
    case 'leave':
      break;
  }
  if (openGroup === undefined) return failure(NO_GROUP_OPEN);
  const group = openGroup.group;
  switch (command.sub) {
    case 'invite': {
      const found = resolveTarget(command.argument, context.entries.filter((entry) => entry.contact.state === 'friend'));
      if ('error' in found) return failure(`${found.error} Only friends can be invited.`);
      await api.groups.invite(group.id, found.contact.onion);
      return info(`Invited to "${openGroup.name}": they get the invitation when they are online.`);
    }
    case 'members':
      return { show: 'members' };
    case 'remove':
    case 'admin': {
      const found = findMember(command.argument, group.members);
      if ('error' in found) return failure(found.error);
      const name = personName(found.found) + personTag(found.found);
      if (command.sub === 'remove') {
        await api.groups.remove(group.id, found.found.onion);
        return info(`${name} removed: the group key changed, so they cannot read what follows.`);
      }
      await api.groups.addAdmin(group.id, found.found.onion);
      return info(`${name} is now an admin.`);
    }
    case 'rename': {
      const renamed = await api.groups.rename(group.id, command.argument);
      return info(`The group is now called "${renamed.name}".`);
    }
    case 'leave':
      await api.groups.leave(group.id);
      return info(`You left "${openGroup.name}". Its history stays here.`);
    default:
      return failure(NO_GROUP_OPEN);
  }
}
