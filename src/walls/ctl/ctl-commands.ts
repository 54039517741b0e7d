/**
 * `burrow ctl wall …` and `burrow ctl feed`: walls from scripts. `wall` alone shows your wall,
 * `wall <onion>` a friend's; a post or comment is named by its id or a prefix of it (as the
 * wall shows it, 4 characters at least).
 */
import type { CtlCommand, CtlOutput } from '../../cli/ctl-command.js';
import { UsageError } from '../../cli/usage-error.js';
import type { DaemonClient } from '../../daemon/client.js';
import type { WallCommentView, WallFirstSyncView, WallPostView, WallView } from '../feature/api.js';
import { formatComment, formatPost, formatPosts, formatWall } from './format.js';

/** One subcommand: its arguments after its name (with `rest`, more words join into the last). */
interface Subcommand {
  readonly usage: string;
  readonly summary: string;
  readonly args: number;
  readonly rest?: boolean;
  run(client: DaemonClient, args: readonly string[], output: CtlOutput): Promise<number>;
}

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  post: {
    usage: 'post <text>',
    summary: 'post to your wall (every friend can read it)',
    args: 1,
    rest: true,
    run: async (client, [text = ''], output) => {
      const post = (await client.call('wall.post', { text })) as WallPostView;
      return output.print(post, () => formatPost(post));
    },
  },
  comment: {
    usage: 'comment <post-id> <text>',
    summary: "comment on a post (yours or a friend's)",
    args: 2,
    rest: true,
    run: async (client, [post = '', text = ''], output) => {
      const comment = (await client.call('wall.comment', { post, text })) as WallCommentView;
      return output.print(comment, () => formatComment(comment).trimStart());
    },
  },
  react: {
    usage: 'react <post-id> <emoji>',
    summary: 'react to a post with one emoji ("" takes it back)',
    args: 2,
    run: async (client, [post = '', emoji = ''], output) =>
      output.print(await client.call('wall.react', { post, emoji }), () => 'react: done'),
  },
  edit: {
    usage: 'edit <post-id> <text>',
    summary: 'change the text of your post or comment',
    args: 2,
    rest: true,
    run: async (client, [item = '', text = ''], output) =>
      output.print(await client.call('wall.edit', { item, text }), () => 'edit: done'),
  },
  'first-sync': {
    usage: 'first-sync [none|N]',
    summary: 'how many of your latest posts a new friend reads (none: from then on)',
    args: 0,
    rest: true,
    run: async (client, args, output) => {
      if (args.length > 1) throw new UsageError('Usage: burrow ctl wall first-sync [none|N] (N from 1 to 100)');
      const params = args[0] === undefined ? {} : { posts: parseFirstSync(args[0]) };
      const view = (await client.call('wall.first-sync', params)) as WallFirstSyncView;
      return output.print(view, () =>
        view.posts === 0
          ? 'first sync: none (a new friend reads from then on)'
          : `first sync: your latest ${view.posts} posts`,
      );
    },
  },
  delete: {
    usage: 'delete <post-id>',
    summary: 'delete your post or comment, or any comment on your wall',
    args: 1,
    run: async (client, [item = ''], output) =>
      output.print(await client.call('wall.delete', { item }), () => 'delete: done'),
  },
};

function usage(): string {
  const lines = [{ usage: '[<onion>]', summary: "your wall, or a friend's" }, ...Object.values(SUBCOMMANDS)];
  const width = Math.max(...lines.map((sub) => sub.usage.length));
  return `Usage: burrow ctl wall [<subcommand>] …\n${lines
    .map((sub) => `  wall ${sub.usage.padEnd(width)}  ${sub.summary}`)
    .join('\n')}`;
}

async function runWall(client: DaemonClient, args: readonly string[], output: CtlOutput): Promise<number> {
  const [name, ...rest] = args;
  if (name === 'help') {
    console.log(usage());
    return 0;
  }
  const sub = name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (sub === undefined) {
    if (args.length > 1) throw new UsageError(`unknown wall subcommand "${name ?? ''}".\n${usage()}`);
    const wall = (await client.call('wall.get', name === undefined ? {} : { onion: name })) as WallView;
    return output.print(wall, () => formatWall(wall));
  }
  if (rest.length < sub.args || (sub.rest !== true && rest.length > sub.args))
    throw new UsageError(`wrong number of arguments. Usage: burrow ctl wall ${sub.usage}`);
  const joined =
    sub.rest === true && rest.length > sub.args
      ? [...rest.slice(0, sub.args - 1), rest.slice(sub.args - 1).join(' ')]
      : rest;
  return sub.run(client, joined, output);
}

function parseFirstSync(text: string): number {
  if (text === 'none') return 0;
  const posts = Number(text);
  if (!/^[0-9]{1,3}$/.test(text) || posts < 1 || posts > 100)
    throw new UsageError('first-sync takes none or a number of posts from 1 to 100.');
  return posts;
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 2000)
    throw new UsageError('--limit must be a whole number from 1 to 2000.');
  return limit;
}

/** The `wall` and `feed` commands, spread into ctl.ts's COMMANDS. */
export const WALL_CTL_COMMANDS: Readonly<Record<string, CtlCommand>> = {
  wall: {
    usage: 'wall [<onion> | <subcommand> …]',
    summary: `walls: your wall or a friend's; ${Object.keys(SUBCOMMANDS).join(', ')} (see \`burrow ctl wall help\`)`,
    minArgs: 0,
    maxArgs: Number.MAX_SAFE_INTEGER,
    subcommands: SUBCOMMANDS,
    run: (client, args, _flags, output) => runWall(client, args, output),
  },
  feed: {
    usage: 'feed [--limit N]',
    summary: "everyone's wall posts, newest first",
    minArgs: 0,
    maxArgs: 0,
    flags: ['limit'],
    run: async (client, _args, flags, output) => {
      const params = flags['limit'] === undefined ? {} : { limit: parseLimit(flags['limit']) };
      const posts = (await client.call('feed', params)) as WallPostView[];
      return output.print(posts, () => formatPosts(posts, '(no posts yet)'));
    },
  },
};
