/**
 * The JSON views of the groups API (groups/feature/api.ts), built from the group service's verified
 * state. Every member is shown with the name they announced and their fingerprint, with a
 * friend's local nickname beside it and everyone else marked as not a friend.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { lookalikes } from '../../lib/name-reading.js';
import type { ReactionView } from '../../chat/feature/api.js';
import {
  actionsOf,
  shortFingerprint,
  toHexId,
  type GroupReplica,
  type HistoryItem,
  type SystemLineEvent,
  type VerifiedGroupMessage,
  type VerifiedGroupOp,
} from '../index.js';
import type {
  GroupEntryView,
  GroupMemberView,
  GroupMessageView,
  GroupPersonView,
  GroupSystemView,
  GroupView,
} from './api.js';

/** What views need to know beyond the group itself. */
export interface GroupViewContext {
  readonly self: OnionAddress;
  isFriend(peer: OnionAddress): boolean;
  /** Our nickname for a friend, if we set one. */
  nicknameOf(peer: OnionAddress): string | undefined;
  /** When a message's (hex id) timer started here (read; written, for our own), for its expiry under the group's timer. */
  timerStartedAt?(id: string): number | undefined;
}

/** A person in a group, under the name they announced to it; `lookalike` when another person there reads the same. */
export function personView(
  onion: OnionAddress,
  announcedName: string,
  context: GroupViewContext,
  lookalike = false,
): GroupPersonView {
  const isSelf = onion === context.self;
  const isFriend = !isSelf && context.isFriend(onion);
  const nickname = isFriend ? context.nicknameOf(onion) : undefined;
  return {
    onion,
    name: announcedName,
    ...(nickname === undefined ? {} : { nickname }),
    fingerprint: shortFingerprint(onion),
    isFriend,
    isSelf,
    ...(lookalike ? { lookalike: true as const } : {}),
  };
}

/** The last answer of {@link lookalikesIn} per group state, with the names it was computed from. */
const lookalikeCache = new WeakMap<object, { readonly names: string; readonly alike: Set<OnionAddress> }>();

/**
 * The people of a group (everyone it has a name for) whose name as shown — our nickname for a
 * friend, else the name they announced — reads the same as someone else's there. Asked once
 * per history line, so the answer is kept while the group and our nicknames stay the same.
 */
function lookalikesIn(replica: GroupReplica, context: GroupViewContext): Set<OnionAddress> {
  const shown = [...replica.state.names].map(
    ([onion, announced]) =>
      [
        onion,
        (onion !== context.self && context.isFriend(onion) ? context.nicknameOf(onion) : undefined) ?? announced,
      ] as const,
  );
  const names = shown.map(([, name]) => name).join('\u0000');
  const cached = lookalikeCache.get(replica.state);
  if (cached?.names === names) return cached.alike;
  const alike = new Set([...lookalikes(shown, ([, name]) => name)].map(([onion]) => onion));
  lookalikeCache.set(replica.state, { names, alike });
  return alike;
}

function personIn(replica: GroupReplica, onion: OnionAddress, context: GroupViewContext): GroupPersonView {
  return personView(onion, replica.state.names.get(onion) ?? '', context, lookalikesIn(replica, context).has(onion));
}

/** A group with its members, admins first, then by name. */
export function groupView(
  replica: GroupReplica,
  extras: { readonly invited: readonly OnionAddress[]; readonly unread: number },
  context: GroupViewContext,
): GroupView {
  const state = replica.state;
  const alike = lookalikesIn(replica, context);
  const members: GroupMemberView[] = [...state.members.values()]
    .map((member) => ({
      ...personView(member.id, member.name, context, alike.has(member.id)),
      isAdmin: member.isAdmin,
      ...(replica.messages.equivocators().has(member.id) ? { equivocated: true as const } : {}),
    }))
    .sort(
      (a, b) => Number(b.isAdmin) - Number(a.isAdmin) || a.name.localeCompare(b.name) || (a.onion < b.onion ? -1 : 1),
    );
  const newest = replica.messages.timeline().at(-1);
  return {
    id: replica.groupId,
    name: state.name,
    isMember: replica.isMember,
    isAdmin: replica.isAdmin,
    members,
    invited: [...extras.invited].sort(),
    unread: extras.unread,
    ...(newest === undefined ? {} : { lastMessageAt: newest.createdAt }),
  };
}

/** A message. */
export function messageView(
  message: VerifiedGroupMessage,
  replica: GroupReplica,
  context: GroupViewContext,
): GroupMessageView {
  const actions = actionsOf(replica);
  const fate = actions.fateOf(message.id);
  const timed = actions.timed.get(message.id);
  const started = timed === undefined ? undefined : context.timerStartedAt?.(message.id);
  const action = message.content.action;
  const reactions = fate === undefined ? [] : reactionViews(fate.reactions, context.self);
  return {
    type: 'message',
    id: message.id,
    groupId: message.groupId,
    sender: personIn(replica, message.sender, context),
    text: fate?.text ?? message.content.text,
    createdAt: message.createdAt,
    ...(fate?.editedAt === undefined ? {} : { edited: true }),
    ...(fate?.deleted === true ? { deleted: true } : {}),
    ...(action?.kind === 'reply' ? { replyTo: toHexId(action.target) } : {}),
    ...(reactions.length === 0 ? {} : { reactions }),
    ...(action?.kind === 'timer' ? { timer: action.seconds } : {}),
    ...(started === undefined || timed === undefined ? {} : { expiresAt: started + timed * 1000 }),
  };
}

/** Reactions counted by emoji, the most used first. */
function reactionViews(reactions: ReadonlyMap<OnionAddress, string>, self: OnionAddress): ReactionView[] {
  const counts = new Map<string, { count: number; mine: boolean }>();
  for (const [member, emoji] of reactions) {
    const entry = counts.get(emoji) ?? { count: 0, mine: false };
    counts.set(emoji, { count: entry.count + 1, mine: entry.mine || member === self });
  }
  return [...counts]
    .map(([emoji, { count, mine }]) => ({ emoji, count, mine }))
    .sort((a, b) => b.count - a.count || (a.emoji < b.emoji ? -1 : 1));
}

/** A system line for a membership op. */
export function systemView(
  op: VerifiedGroupOp,
  event: SystemLineEvent,
  replica: GroupReplica,
  context: GroupViewContext,
): GroupSystemView {
  const payload = op.payload;
  const name = payload.kind === 'create' || payload.kind === 'rename' ? payload.name : undefined;
  return {
    type: 'system',
    id: op.id,
    groupId: op.groupId,
    event,
    actor: personIn(replica, op.author, context),
    ...(op.target === undefined ? {} : { target: personIn(replica, op.target, context) }),
    ...(name === undefined ? {} : { name }),
    createdAt: op.timestamp,
  };
}

/** One history line. */
export function entryView(item: HistoryItem, replica: GroupReplica, context: GroupViewContext): GroupEntryView {
  return item.type === 'message'
    ? messageView(item.message, replica, context)
    : systemView(item.op, item.event, replica, context);
}
