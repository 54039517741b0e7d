/**
 * Groups: every invitation is accepted (only friends can invite: the user or a fellow script);
 * in each group the user is in, the friend says hello once and answers the user's messages.
 */
import type { Reaction } from '../script-context.js';

/** A fresh groups reaction (it remembers the groups it greeted and how many messages it answered). */
export function groupsReaction(): Reaction {
  const greeted = new Set<string>();
  let answered = 0;
  return (event, context) => {
    const { api, user, persona, timing } = context;
    if (event.type === 'group-invite') {
      const id = event.invite.id;
      context.after(timing.readAfterMs, async () => void (await api.groups.accept(id)));
    } else if (event.type === 'group') {
      const { group } = event;
      const withUser = group.isMember && group.members.some((member) => member.onion === user);
      if (!withUser || greeted.has(group.id) || persona.groupHello === undefined) return;
      greeted.add(group.id);
      const hello = persona.groupHello(group.name);
      context.after(timing.greetAfterMs, async () => void (await api.groups.send(group.id, hello)));
    } else if (
      event.type === 'group-entry' &&
      event.entry.type === 'message' &&
      event.entry.sender.onion === user &&
      event.entry.timer === undefined // a timer line: reactions/lifecycle.ts answers it
    ) {
      const { groupId, text } = event.entry;
      if (persona.groupReply === undefined) return;
      const answer = persona.groupReply(text, answered++);
      context.after(timing.readAfterMs, async () => {
        await api.groups.markRead(groupId);
        context.after(timing.answerAfterMs, async () => void (await api.groups.send(groupId, answer)));
      });
    }
  };
}

/**
 * A group of the friend's own (personas with `ownGroup`): made a while after the user first
 * comes online as a friend, with the fellow scripted friends invited first, then the user.
 */
export function ownGroupReaction(): Reaction {
  let made = false;
  return (event, context) => {
    const { api, user, persona, timing, fellows } = context;
    const name = persona.ownGroup;
    if (name === undefined || made || event.type !== 'presence' || event.onion !== user || !event.online) return;
    made = true;
    context.after(timing.greetAfterMs + timing.ownGroupAfterMs, async () => {
      const group = await api.groups.create(name);
      for (const fellow of fellows) await api.groups.invite(group.id, fellow);
      await api.groups.invite(group.id, user);
    });
  };
}
