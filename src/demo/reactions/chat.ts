/**
 * 1:1 chat with the user: a greeting the first time they are online as friends, then each of
 * their messages marked read and answered in turn (the persona's `reply`).
 */
import { userCameOnline, type Reaction } from '../script-context.js';

/** A fresh chat reaction (it remembers whether it greeted and how many messages it answered). */
export function chatReaction(): Reaction {
  let greeted = false;
  let answered = 0;
  return (event, context) => {
    const { api, user, persona, timing } = context;
    if (userCameOnline(event, context) && !greeted) {
      greeted = true;
      context.after(timing.greetAfterMs, async () => void (await api.sendMessage(user, persona.greeting)));
    } else if (
      event.type === 'message' &&
      event.message.direction === 'in' &&
      event.message.conversation === user &&
      event.message.timer === undefined // a timer line: reactions/lifecycle.ts answers it
    ) {
      const answer = persona.reply(event.message.text, answered++);
      context.after(timing.readAfterMs, async () => {
        await api.markRead(user);
        context.after(timing.answerAfterMs, async () => void (await api.sendMessage(user, answer)));
      });
    }
  };
}
