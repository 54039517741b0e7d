/**
 * Taking messages back, shown by the scripted friends (docs/PROTOCOL.md "Message lifecycle"):
 * they react to the user's first message in each conversation (1:1 and every group), a persona
 * with a `typo` sends one after greeting and fixes it with an edit, and they answer when the
 * user sets a disappearing timer, edits a message or deletes it for everyone — so a newcomer
 * sees each of these from the other side.
 */
import { describeTimer } from '../../lib/disappearing-timer.js';
import type { NodeEvent } from '../../node/api.js';
import { userCameOnline, type Reaction, type ScriptContext } from '../script-context.js';

/** Where the user wrote: the 1:1 conversation, or a group (its id). */
type Where = { readonly kind: 'chat' } | { readonly kind: 'group'; readonly groupId: string };

/** One of the user's messages (or timer lines), as the friend's node reported it. */
interface UserLine {
  readonly where: Where;
  readonly id: string;
  readonly text: string;
  readonly timer: number | undefined;
  readonly edited: boolean;
  readonly deleted: boolean;
}

/** A fresh lifecycle reaction (it remembers where it reacted, the texts it saw, and whether it made its typo). */
export function lifecycleReaction(): Reaction {
  const reactedIn = new Set<string>();
  const seen = new Map<string, string>();
  const deletions = new Set<string>();
  let typed = false;
  return (event, context) => {
    const { persona, timing } = context;
    if (userCameOnline(event, context) && !typed && persona.typo !== undefined) {
      typed = true;
      const { wrong, fixed } = persona.typo;
      // After the greeting and the gift, so the fix is seen on its own.
      context.after(timing.greetAfterMs + 3 * timing.answerAfterMs, async () => {
        const sent = await context.api.sendMessage(context.user, wrong);
        context.after(
          2 * timing.answerAfterMs,
          async () => void (await context.api.lifecycle.edit(context.user, sent.id, fixed)),
        );
      });
      return;
    }
    const line = userLine(event, context.user);
    if (line === undefined) return;
    if (event.type === 'message' || event.type === 'group-entry') {
      if (line.timer !== undefined) {
        if (persona.timerNoted !== undefined) say(context, line.where, persona.timerNoted(describeTimer(line.timer)));
        return;
      }
      seen.set(line.id, line.text);
      const key = line.where.kind === 'chat' ? 'chat' : line.where.groupId;
      if (persona.reaction === undefined || reactedIn.has(key)) return;
      reactedIn.add(key);
      const emoji = persona.reaction;
      context.after(timing.readAfterMs, () => react(context, line, emoji));
      return;
    }
    if (persona.changeNoticed === undefined) return;
    if (line.deleted && !deletions.has(line.id)) {
      deletions.add(line.id);
      say(context, line.where, persona.changeNoticed(undefined));
    } else if (!line.deleted && line.edited && seen.get(line.id) !== line.text) {
      seen.set(line.id, line.text);
      say(context, line.where, persona.changeNoticed(line.text));
    }
  };
}

/** The user's line an event reports (new or changed, 1:1 or group), if it is one. */
function userLine(event: NodeEvent, user: string): UserLine | undefined {
  if (event.type === 'message' || event.type === 'message-updated') {
    const { message } = event;
    if (message.direction !== 'in' || message.conversation !== user) return undefined;
    return { where: { kind: 'chat' }, ...fields(message) };
  }
  if (event.type === 'group-entry' || event.type === 'group-entry-updated') {
    const { entry } = event;
    if (entry.type !== 'message' || entry.sender.onion !== user) return undefined;
    return { where: { kind: 'group', groupId: entry.groupId }, ...fields(entry) };
  }
  return undefined;
}

function fields(message: {
  readonly id: string;
  readonly text: string;
  readonly timer?: number;
  readonly edited?: boolean;
  readonly deleted?: boolean;
}): Omit<UserLine, 'where'> {
  return {
    id: message.id,
    text: message.text,
    timer: message.timer,
    edited: message.edited === true,
    deleted: message.deleted === true,
  };
}

/** Reads the conversation, then says `text` there after the answer's pause. */
function say(context: ScriptContext, where: Where, text: string): void {
  const { api, user, timing } = context;
  context.after(timing.readAfterMs, async () => {
    if (where.kind === 'chat') await api.markRead(user);
    else await api.groups.markRead(where.groupId);
    context.after(timing.answerAfterMs, async () => {
      if (where.kind === 'chat') await api.sendMessage(user, text);
      else await api.groups.send(where.groupId, text);
    });
  });
}

async function react(context: ScriptContext, line: UserLine, emoji: string): Promise<void> {
  if (line.where.kind === 'chat') await context.api.lifecycle.react(context.user, line.id, emoji);
  else await context.api.groups.lifecycle.react(line.where.groupId, line.id, emoji);
}
