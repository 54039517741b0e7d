/**
 * Taking 1:1 messages back from the input line (docs/PROTOCOL.md "Message lifecycle"), the
 * irssi/weechat way: commands act on the newest fitting message of the open conversation, or the
 * one `#N` back (`#1` is the newest, `#2` the one before, …).
 *
 *   /edit [#N] <text>        your message (default your last): replace its text for both of you
 *   /delete [#N]             your message: delete it for everyone
 *   /reply [#N] <text>       their message (default their last): answer it, quoted
 *   /react [#N] <emoji|off>  their message: one emoji, or take yours back
 *   /timer <duration|off>    messages disappear that long after they are read (30s, 5m, 1h, 1d, 1w)
 */
import { describeTimer, parseTimer } from '../../lib/disappearing-timer.js';
import { isSingleEmoji } from '../../lib/single-emoji.js';
import type { MessageView } from '../../node/api.js';
import { describeError } from '../safe-node.js';
import { failure, info, usageError, type CommandContext, type CommandHelp, type SlashCommand } from './command.js';

/** How far back the picker looks. */
const PICK_WINDOW = 200;

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
  run: (context: CommandContext, onion: string, command: Target) => Promise<string>,
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
      const onion = context.openContact?.contact.onion;
      if (context.openGroup !== undefined) return failure(`/${name} works in 1:1 conversations only for now.`);
      if (onion === undefined || context.openContact?.contact.state !== 'friend')
        return failure('Open a friend’s conversation first.');
      try {
        return info(await run(context, onion, command));
      } catch (error) {
        return failure(describeError(error));
      }
    },
  };
}

/** The `back`-th newest message of the conversation in `direction` that is still there. */
async function pick(
  context: CommandContext,
  onion: string,
  direction: 'in' | 'out',
  back: number,
): Promise<MessageView> {
  const history = await context.api.history(onion, { limit: PICK_WINDOW });
  const fitting = history.filter((m) => m.direction === direction && m.timer === undefined && m.deleted !== true);
  const message = fitting[fitting.length - back];
  if (message === undefined)
    throw new Error(direction === 'out' ? 'No message of yours that far back.' : 'No message of theirs that far back.');
  return message;
}

const EDIT_HELP: CommandHelp = {
  usage: '/edit [#N] <text>',
  summary: 'replace the text of your last (or Nth last) message',
};
const DELETE_HELP: CommandHelp = {
  usage: '/delete [#N]',
  summary: 'delete your last (or Nth last) message for everyone',
};
const REPLY_HELP: CommandHelp = {
  usage: '/reply [#N] <text>',
  summary: 'answer their last (or Nth last) message, quoted',
};
const REACT_HELP: CommandHelp = {
  usage: '/react [#N] <emoji|off>',
  summary: 'react to their last (or Nth last) message',
};
const TIMER_HELP: CommandHelp = {
  usage: '/timer <duration|off>',
  summary: 'make messages disappear (30s, 5m, 1h, 1d, 1w, off)',
};

const edit = targetCommand('edit', EDIT_HELP, true, async (context, onion, { back, text }) => {
  const target = await pick(context, onion, 'out', back);
  await context.api.lifecycle.edit(onion, target.id, text);
  return 'Edited.';
});

const remove = targetCommand('delete', DELETE_HELP, false, async (context, onion, { back, text }) => {
  if (text !== '') throw new Error(`Usage: ${DELETE_HELP.usage}`);
  const target = await pick(context, onion, 'out', back);
  await context.api.lifecycle.delete(onion, target.id, { forEveryone: true });
  return 'Deleted for everyone.';
});

const reply = targetCommand('reply', REPLY_HELP, true, async (context, onion, { back, text }) => {
  const target = await pick(context, onion, 'in', back);
  await context.api.sendMessage(onion, text, { replyTo: target.id });
  return 'Replied.';
});

const react = targetCommand('react', REACT_HELP, true, async (context, onion, { back, text }) => {
  const emoji = text.toLowerCase() === 'off' ? undefined : text;
  if (emoji !== undefined && !isSingleEmoji(emoji)) throw new Error('A reaction is exactly one emoji (e.g. 👍).');
  const target = await pick(context, onion, 'in', back);
  await context.api.lifecycle.react(onion, target.id, emoji);
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
  async run(command, { api, openContact, openGroup }) {
    if (openGroup !== undefined) return failure('/timer works in 1:1 conversations only for now.');
    const onion = openContact?.contact.onion;
    if (onion === undefined) return failure('Open a friend’s conversation first.');
    try {
      await api.lifecycle.setTimer(onion, command.seconds);
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
export const LIFECYCLE_COMMANDS: readonly SlashCommand[] = [edit, remove, reply, react, timer];
