/**
 * Taking messages back from the input line (docs/PROTOCOL.md "Message lifecycle"), in a 1:1
 * conversation or a group (lifecycle-targets.ts), the irssi/weechat way: commands act on the
 * newest fitting message of the open conversation, or the one `#N` back (`#1` is the newest, …).
 *
 *   /edit [#N] <text>        your message (default your last): replace its text for both of you
 *   /delete [#N]             your message: delete it for everyone
 *   /reply [#N] <text>       their message (default their last): answer it, quoted
 *   /react [#N] <emoji|off>  their message: one emoji, or take yours back
 *   /timer <duration|off>    messages disappear that long after they are read (30s, 5m, 1h, 1d, 1w);
 *                            in a group, admins only, counted from when each message arrived
 */
import { describeTimer, parseTimer } from '../../lib/disappearing-timer.js';
import { isSingleEmoji } from '../../lib/single-emoji.js';
import { describeError } from '../safe-node.js';
import { failure, info, usageError, type CommandHelp, type SlashCommand } from './command.js';
import { FEED_POST_ACTIONS, whileFeedOpen } from './feed.js';
import { lifecycleTarget, type LifecycleTarget } from './lifecycle-targets.js';

interface Picked {
  readonly back: number;
  readonly rest: string;
}

/** Reads an optional leading `#N`. @example pickPrefix('#2 hello') // { back: 2, rest: 'hello' } */
export function pickPrefix(text: string): Picked | undefined {
  const match = /^#(\d{1,3})(?:\s+([\s\S]*))?$/.exec(text);
  if (match === null) return { back: 1, rest: text };
  const back = Number(match[1]);
  return back < 1 ? undefined : { back, rest: (match[2] ?? '').trim() };
}

type Target = { readonly name: string; readonly back: number; readonly text: string };

function targetCommand<N extends string>(
  name: N,
  help: CommandHelp,
  needsText: boolean,
  run: (target: LifecycleTarget, command: Target) => Promise<string>,
): SlashCommand<{ readonly name: N; readonly back: number; readonly text: string }> {
  return {
    name,
    aliases: [],
    help,
    parse(rest) {
      const picked = pickPrefix(rest);
      if (picked === undefined) return usageError(help, '#N counts from 1');
      if (needsText && picked.rest === '') return usageError(help, 'Give the text');
      return { command: { name, back: picked.back, text: picked.rest } };
    },
    async run(command, context) {
      const target = lifecycleTarget(context);
      if (typeof target === 'string') return failure(target);
      try {
        return info(await run(target, command));
      } catch (error) {
        return failure(describeError(error));
      }
    },
  };
}

const EDIT_HELP: CommandHelp = {
  usage: '/edit [#N] <text>',
  summary: 'replace the text of your last (or Nth last) message (in the feed: your chosen post)',
};
const DELETE_HELP: CommandHelp = {
  usage: '/delete [#N]',
  summary: 'delete your last (or Nth last) message for everyone (in the feed: your chosen post)',
};
const REPLY_HELP: CommandHelp = {
  usage: '/reply [#N] <text>',
  summary: 'answer their last (or Nth last) message, quoted',
};
const REACT_HELP: CommandHelp = {
  usage: '/react [#N] <emoji|off>',
  summary: 'react to their last (or Nth last) message (in the feed: to the chosen post)',
};
const TIMER_HELP: CommandHelp = {
  usage: '/timer <duration|off>',
  summary: 'make messages disappear (30s, 5m, 1h, 1d, 1w, off)',
};

const edit = targetCommand('edit', EDIT_HELP, true, async (conversation, { back, text }) => {
  const target = await conversation.pick('out', back);
  await conversation.edit(target.id, text);
  return 'Edited.';
});

const remove = targetCommand('delete', DELETE_HELP, false, async (conversation, { back, text }) => {
  if (text !== '') throw new Error(`Usage: ${DELETE_HELP.usage}`);
  const target = await conversation.pick('out', back);
  await conversation.deleteForEveryone(target.id);
  return 'Deleted for everyone.';
});

const reply = targetCommand('reply', REPLY_HELP, true, async (conversation, { back, text }) => {
  const target = await conversation.pick('in', back);
  await conversation.reply(target.id, text);
  return 'Replied.';
});

const react = targetCommand('react', REACT_HELP, true, async (conversation, { back, text }) => {
  const emoji = text.toLowerCase() === 'off' ? undefined : text;
  if (emoji !== undefined && !isSingleEmoji(emoji)) throw new Error('A reaction is exactly one emoji (e.g. 👍).');
  const target = await conversation.pick('in', back);
  await conversation.react(target.id, emoji);
  return emoji === undefined ? 'Reaction removed.' : `Reacted ${emoji}.`;
});

const timer: SlashCommand<{ readonly name: 'timer'; readonly seconds: number }> = {
  name: 'timer',
  aliases: [],
  help: TIMER_HELP,
  parse(rest) {
    const seconds = parseTimer(rest);
    return seconds === undefined
      ? usageError(TIMER_HELP, 'Give off or a duration from 5 seconds to a year')
      : { command: { name: 'timer', seconds } };
  },
  async run(command, context) {
    const conversation = lifecycleTarget(context);
    if (typeof conversation === 'string') return failure(conversation);
    try {
      await conversation.setTimer(command.seconds);
      return info(
        command.seconds === 0
          ? 'Messages no longer disappear.'
          : `Messages disappear after ${describeTimer(command.seconds)}.`,
      );
    } catch (error) {
      return failure(describeError(error));
    }
  },
};

/** The lifecycle commands, in the order /help lists them. */
export const LIFECYCLE_COMMANDS: readonly SlashCommand[] = [
  whileFeedOpen(edit, FEED_POST_ACTIONS.edit),
  whileFeedOpen(remove, FEED_POST_ACTIONS.delete),
  reply,
  whileFeedOpen(react, FEED_POST_ACTIONS.react),
  timer,
];
