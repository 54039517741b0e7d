/**
 * The feed commands (docs/PROTOCOL.md "Walls"): `/feed` opens the feed, `/post <text>` posts to
 * our wall (in the feed a plain line does too: feed/feed-line.ts), `/comment <text>` comments on
 * the post selected in the feed, `/wall` shows only its author's posts; `/react`, `/edit` and
 * `/delete` act on the selected post while the feed is open ({@link whileFeedOpen}), on a
 * message elsewhere.
 */
import { isSingleEmoji } from '../../lib/single-emoji.js';
import { personName } from '../conversation/group-list.js';
import { FEED_KEY, type FeedControl } from '../feed/feed-state.js';
import { describeError } from '../safe-node.js';
import type { WallPostView } from '../../walls/feature/api.js';
import { failure, info, noArguments, usageError } from './command.js';
import type { CommandContext, CommandHelp, CommandOutcome, SlashCommand } from './command.js';

const NO_POST = 'Open the feed (/feed) and choose a post with ↑/↓ first.';

/** The post selected in the open feed, or why there is none. */
function selectedPost(feed: FeedControl | undefined): WallPostView | string {
  return feed?.open === true && feed.selected !== undefined ? feed.selected : NO_POST;
}

const whose = (post: WallPostView): string => (post.author.isSelf ? 'your' : `${personName(post.author)}’s`);

const FEED_HELP: CommandHelp = {
  usage: '/feed',
  summary: 'everyone’s posts, newest first (● new since you last looked)',
  section: {
    title: 'Feed (/feed)',
    rows: [
      { left: '↑ ↓', right: 'choose a post: its comments unfold under it' },
      { left: '<text>', right: 'a line typed in the feed is posted to your wall' },
      { left: '/comment <text>', right: 'comment on the chosen post' },
      { left: '/react <emoji|off>', right: 'react to the chosen post, or take your reaction back' },
      { left: '/edit <text>', right: 'change the text of your chosen post' },
      { left: '/delete', right: 'delete your chosen post' },
      { left: '/wall', right: 'only the chosen post’s author’s posts (/feed: everyone’s again)' },
    ],
  },
};

const feed: SlashCommand<{ readonly name: 'feed' }> = {
  name: 'feed',
  aliases: [],
  help: FEED_HELP,
  parse: (rest) => noArguments({ name: 'feed' }, FEED_HELP, rest),
  run(_command, context) {
    context.feed?.showWall(undefined);
    return Promise.resolve({ select: FEED_KEY });
  },
};

const POST_HELP: CommandHelp = { usage: '/post <text>', summary: 'post to your wall: all your friends can read it' };

const post: SlashCommand<{ readonly name: 'post'; readonly text: string }> = {
  name: 'post',
  aliases: [],
  help: POST_HELP,
  parse: (rest) => (rest === '' ? usageError(POST_HELP, 'Give the text') : { command: { name: 'post', text: rest } }),
  async run(command, { api, feed: control }) {
    try {
      await api.walls.post(command.text);
      control?.refresh();
      return info('Posted to your wall.');
    } catch (error) {
      return failure(`Not posted: ${describeError(error)}`);
    }
  },
};

const COMMENT_HELP: CommandHelp = { usage: '/comment <text>', summary: 'comment on the post chosen in the feed' };

const comment: SlashCommand<{ readonly name: 'comment'; readonly text: string }> = {
  name: 'comment',
  aliases: [],
  help: COMMENT_HELP,
  parse: (rest) =>
    rest === '' ? usageError(COMMENT_HELP, 'Give the text') : { command: { name: 'comment', text: rest } },
  async run(command, { api, feed: control }) {
    const target = selectedPost(control);
    if (typeof target === 'string') return failure(target);
    try {
      await api.walls.comment(target.id, command.text);
      control?.refresh();
      return info(`Commented on ${whose(target)} post.`);
    } catch (error) {
      return failure(`Not commented: ${describeError(error)}`);
    }
  },
};

const WALL_HELP: CommandHelp = { usage: '/wall', summary: 'in the feed: only the chosen post’s author’s posts' };

const wall: SlashCommand<{ readonly name: 'wall' }> = {
  name: 'wall',
  aliases: [],
  help: WALL_HELP,
  parse: (rest) => noArguments({ name: 'wall' }, WALL_HELP, rest),
  run(_command, { feed: control }) {
    const target = selectedPost(control);
    if (typeof target === 'string') return Promise.resolve(failure(target));
    control?.showWall(target.author.onion);
    return Promise.resolve(info(`Showing ${whose(target)} wall. /feed shows everyone’s posts again.`));
  },
};

/** What a lifecycle command does to the post selected in the open feed. */
type PostAction = (text: string, context: CommandContext) => Promise<CommandOutcome>;

/** Reacts to the post selected in the open feed: `text` is one emoji, or "off" to take ours back. */
const reactToPost: PostAction = async (text, { api, feed: control }) => {
  const target = selectedPost(control);
  if (typeof target === 'string') return failure(target);
  const off = text.toLowerCase() === 'off';
  if (!off && !isSingleEmoji(text)) return failure('A reaction is exactly one emoji (e.g. 👍).');
  try {
    await api.walls.react(target.id, off ? '' : text);
    control?.refresh();
    return info(off ? 'Reaction removed.' : `Reacted ${text} to ${whose(target)} post.`);
  } catch (error) {
    return failure(`Not reacted: ${describeError(error)}`);
  }
};

/** Runs `change` on the selected post if it is ours; `done` says what happened. */
function ownPost(
  verb: string,
  done: string,
  change: (api: CommandContext['api'], id: string, text: string) => Promise<void>,
): PostAction {
  return async (text, { api, feed: control }) => {
    const target = selectedPost(control);
    if (typeof target === 'string') return failure(target);
    if (!target.author.isSelf) return failure(`Only your own posts can be ${verb}.`);
    try {
      await change(api, target.id, text);
      control?.refresh();
      return info(done);
    } catch (error) {
      return failure(`Not ${verb}: ${describeError(error)}`);
    }
  };
}

/** What `/react`, `/edit` and `/delete` do while the feed is open. */
export const FEED_POST_ACTIONS = {
  react: reactToPost,
  edit: ownPost('edited', 'Post edited.', (api, id, text) => api.walls.edit(id, text)),
  delete: ownPost('deleted', 'Post deleted.', (api, id) => api.walls.delete(id)),
} as const;

/** `command` that, while the feed is open, does `action` to the selected post instead of a message. */
export function whileFeedOpen<C extends { readonly name: string; readonly text: string }>(
  command: SlashCommand<C>,
  action: PostAction,
): SlashCommand<C> {
  return {
    ...command,
    run: (parsed, context) =>
      context.feed?.open === true ? action(parsed.text, context) : command.run(parsed, context),
  };
}

/** The feed commands, in the order /help lists them. */
export const FEED_COMMANDS: readonly SlashCommand[] = [feed, post, comment, wall];
