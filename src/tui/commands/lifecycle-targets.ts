/**
 * What the lifecycle commands (lifecycle.ts) act on: the open 1:1 conversation or the open group,
 * behind one shape, so `/edit`, `/delete`, `/reply`, `/react` and `/timer` work the same in both.
 */
import type { GroupMessageView } from '../../groups/feature/api.js';
import type { MessageView } from '../../node/api.js';
import type { CommandContext } from './command.js';

/** How far back the picker looks. */
const PICK_WINDOW = 200;

/** The open conversation, as the lifecycle commands use it. */
export interface LifecycleTarget {
  /** The `back`-th newest message still there written by us (`out`) or by others (`in`). */
  pick(direction: 'in' | 'out', back: number): Promise<{ readonly id: string }>;
  edit(id: string, text: string): Promise<unknown>;
  deleteForEveryone(id: string): Promise<unknown>;
  reply(id: string, text: string): Promise<unknown>;
  react(id: string, emoji: string | undefined): Promise<unknown>;
  setTimer(seconds: number): Promise<unknown>;
}

/** The conversation open in the pane, or why there is none to act on. */
export function lifecycleTarget(context: CommandContext): LifecycleTarget | string {
  const { api } = context;
  const group = context.openGroup?.group;
  if (group !== undefined) {
    const id = group.id;
    return {
      pick: async (direction, back) => {
        const lines = await api.groups.history(id, { limit: PICK_WINDOW });
        const fitting = lines.filter(
          (line): line is GroupMessageView =>
            line.type === 'message' &&
            line.sender.isSelf === (direction === 'out') &&
            line.timer === undefined &&
            line.deleted !== true,
        );
        return nth(fitting, back, direction);
      },
      edit: (target, text) => api.groups.lifecycle.edit(id, target, text),
      deleteForEveryone: (target) => api.groups.lifecycle.delete(id, target, { forEveryone: true }),
      reply: (target, text) => api.groups.send(id, text, { replyTo: target }),
      react: (target, emoji) => api.groups.lifecycle.react(id, target, emoji),
      setTimer: (seconds) => api.groups.lifecycle.setTimer(id, seconds),
    };
  }
  const contact = context.openContact?.contact;
  if (contact === undefined || contact.state !== 'friend') return 'Open a friend’s conversation or a group first.';
  const onion = contact.onion;
  return {
    pick: async (direction, back) => {
      const history = await api.history(onion, { limit: PICK_WINDOW });
      const fitting = history.filter(
        (m: MessageView) => m.direction === direction && m.timer === undefined && m.deleted !== true,
      );
      return nth(fitting, back, direction);
    },
    edit: (target, text) => api.lifecycle.edit(onion, target, text),
    deleteForEveryone: (target) => api.lifecycle.delete(onion, target, { forEveryone: true }),
    reply: (target, text) => api.sendMessage(onion, text, { replyTo: target }),
    react: (target, emoji) => api.lifecycle.react(onion, target, emoji),
    setTimer: (seconds) => api.lifecycle.setTimer(onion, seconds),
  };
}

function nth<T>(fitting: readonly T[], back: number, direction: 'in' | 'out'): T {
  const message = fitting[fitting.length - back];
  if (message === undefined)
    throw new Error(direction === 'out' ? 'No message of yours that far back.' : 'No message of theirs that far back.');
  return message;
}
