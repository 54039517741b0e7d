/**
 * What edits, deletes, reactions and timers do to a group's messages (docs/PROTOCOL.md "Message
 * lifecycle in groups"), pure. An action is a group message like any other (it is forwarded,
 * synced, relayed and deduplicated as one); its effect is computed here from the messages held,
 * with the 1:1 rules of lib/message-lifecycle.ts, so every member holding the same messages sees
 * the same result whatever order they arrived in:
 *
 * - an action whose target is not held yet simply has no effect until the target arrives (it
 *   is held by being stored, bounded like every message by the per-member budgets);
 * - only the author edits; the author or a group admin deletes (moderation); members react;
 * - a delete beats every edit, earlier or later; of two edits the later (author's clock) shows;
 * - only an admin's timer counts; the latest one in display order is the group's, and a post
 *   disappears under the latest admin timer before it ({@link GroupActions.timed}).
 *
 * It also says which held messages' text must go from disk ({@link GroupActions.textless}):
 * a deleted message with its edits and reactions, an edited message's first text, and every
 * edit but the one shown.
 */
import type { OnionAddress } from '../crypto/onion-address.js';
import { decideAction, orderHeldActions, type LifecycleActionKind } from '../lib/message-lifecycle.js';
import { isSingleEmoji } from '../lib/single-emoji.js';
import type { VerifiedGroupMessage } from './group-message.js';
import type { GroupState } from './group-state.js';
import { toHexId, type HexId } from './ids.js';

/** A message as the actions left it. */
export interface MessageFate {
  /** The text to show: the newest edit's, or the original's; empty once deleted. */
  readonly text: string;
  /** The author's clock of the edit shown, if edited. */
  readonly editedAt?: number | undefined;
  readonly deleted: boolean;
  /** One emoji per member. */
  readonly reactions: ReadonlyMap<OnionAddress, string>;
}

/** The group's disappearing timer, as the latest admin's timer message set it. */
export interface GroupTimer {
  readonly seconds: number;
  readonly message: VerifiedGroupMessage;
}

/** The effect of every action held. */
export interface GroupActions {
  /** The fate of a message (not an action), by id; undefined for one no action touched. */
  fateOf(id: HexId): MessageFate | undefined;
  readonly timer: GroupTimer | undefined;
  /** Messages held whose text must go from disk (already redacted ones included). */
  readonly textless: ReadonlySet<HexId>;
  /** Posts and replies under a timer (the latest admin timer before them in display order): seconds, by id. */
  readonly timed: ReadonlyMap<HexId, number>;
}

/** Whether a message is a line of history: a post, a reply, or a timer set by an admin. */
export function isHistoryLine(message: VerifiedGroupMessage, isAdmin: (member: OnionAddress) => boolean): boolean {
  const kind = message.content.action?.kind;
  return kind === undefined || kind === 'reply' || (kind === 'timer' && isAdmin(message.sender));
}

/** Whether a message can be the target of an edit, a delete or a reaction (a post or a reply). */
export function isActionTarget(message: VerifiedGroupMessage): boolean {
  const kind = message.content.action?.kind;
  return kind === undefined || kind === 'reply';
}

type Targeted = { readonly kind: LifecycleActionKind; readonly actor: OnionAddress; readonly at: number } & {
  readonly message: VerifiedGroupMessage;
};

/** Folds the actions among `timeline` (display order) into their effect. */
export function foldGroupActions(
  timeline: readonly VerifiedGroupMessage[],
  isAdmin: (member: OnionAddress) => boolean,
): GroupActions {
  const byId = new Map(timeline.map((message) => [message.id, message]));
  const byTarget = new Map<HexId, Targeted[]>();
  const timed = new Map<HexId, number>();
  let timer: GroupTimer | undefined;
  for (const message of timeline) {
    const action = message.content.action;
    if (action === undefined || action.kind === 'reply') {
      if (timer !== undefined && timer.seconds > 0) timed.set(message.id, timer.seconds);
      continue;
    }
    if (action.kind === 'timer') {
      if (isAdmin(message.sender)) timer = { seconds: action.seconds, message };
      continue;
    }
    const target = toHexId(action.target);
    const list = byTarget.get(target) ?? [];
    list.push({ kind: action.kind, actor: message.sender, at: message.createdAt, message });
    byTarget.set(target, list);
  }
  const fates = new Map<HexId, MessageFate>();
  const textless = new Set<HexId>();
  for (const [targetId, actions] of byTarget) {
    const target = byId.get(targetId);
    if (target === undefined || !isActionTarget(target)) continue;
    fates.set(targetId, applyActions(target, actions, isAdmin, textless));
  }
  for (const message of timeline) if (message.gone) addGone(message, byTarget.get(message.id) ?? [], textless);
  return { fateOf: (id) => fates.get(id), timer, textless, timed };
}

function applyActions(
  target: VerifiedGroupMessage,
  actions: Targeted[],
  isAdmin: (member: OnionAddress) => boolean,
  textless: Set<HexId>,
): MessageFate {
  let text = target.content.text;
  let editedAt: number | undefined;
  let deleted = false;
  let shown: VerifiedGroupMessage | undefined;
  const reactions = new Map<OnionAddress, string>();
  // By id first, so equal clocks end the same way on every member.
  const ordered = orderHeldActions([...actions].sort((a, b) => (a.message.id < b.message.id ? -1 : 1)));
  for (const action of ordered) {
    const facts = { author: target.sender, deleted, editedAt };
    if (decideAction(action, facts, action.kind === 'delete' && isAdmin(action.actor)).outcome !== 'apply') continue;
    const body = action.message.content.text;
    if (action.kind === 'edit') [text, editedAt, shown] = [body, action.at, action.message];
    else if (action.kind === 'delete') [text, editedAt, deleted, shown] = ['', undefined, true, undefined];
    else if (body === '') reactions.delete(action.actor);
    else if (isSingleEmoji(body)) reactions.set(action.actor, body);
  }
  if (deleted) reactions.clear();
  if (deleted || shown !== undefined) textless.add(target.id);
  for (const action of actions) {
    const gone = deleted ? action.kind !== 'delete' : action.kind === 'edit' && action.message !== shown;
    if (gone) textless.add(action.message.id);
  }
  return { text, editedAt, deleted, reactions };
}

/** A message gone from history here (expired, deleted for me): the text of what acts on it goes too. */
function addGone(target: VerifiedGroupMessage, actions: readonly Targeted[], textless: Set<HexId>): void {
  textless.add(target.id);
  for (const action of actions) if (action.kind !== 'delete') textless.add(action.message.id);
}

/** The last fold per timeline (a new array whenever the log changes), with the admins it used. */
const folds = new WeakMap<
  readonly VerifiedGroupMessage[],
  { readonly admins: string; readonly actions: GroupActions }
>();

/** The actions of what `source` holds, folded once per change of its messages or state. */
export function actionsOf(source: {
  readonly messages: { timeline(): readonly VerifiedGroupMessage[] };
  readonly state: GroupState;
}): GroupActions {
  const timeline = source.messages.timeline();
  const state = source.state;
  const admins = [...state.members.values()]
    .filter((member) => member.isAdmin)
    .map((member) => member.id)
    .sort()
    .join();
  const cached = folds.get(timeline);
  if (cached?.admins === admins) return cached.actions;
  const actions = foldGroupActions(timeline, adminTest(state));
  folds.set(timeline, { admins, actions });
  return actions;
}

/** Whether a member is an admin of the group now. */
export function adminTest(state: GroupState): (member: OnionAddress) => boolean {
  return (member) => state.members.get(member)?.isAdmin === true;
}
