/**
 * Human-readable output of `burrow ctl wall …` and `burrow ctl feed` (the `--json` forms print
 * the node API's shapes as they are). Post and comment text and authors' names are peer text:
 * each goes through terminalSafe; a commenter who is not our friend is shown with their
 * fingerprint and "not a friend" (groups/ctl/format.ts `formatPerson`).
 */
import { formatPerson } from '../../groups/ctl/format.js';
import { terminalSafe } from '../../text/terminal-safe.js';
import type { WallCommentView, WallPostView, WallView } from '../feature/api.js';

/** Hex characters of a post id shown: enough to name it in a command. */
export const SHORT_POST_ID_CHARS = 12;

const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
const edited = (item: { readonly edited?: true }): string => (item.edited === true ? '  (edited)' : '');

/** One comment, indented under its post. */
export function formatComment(comment: WallCommentView): string {
  return `    ${comment.id.slice(0, SHORT_POST_ID_CHARS)}  ${when(comment.createdAt)}  ${formatPerson(comment.author)}: ${terminalSafe(comment.text)}${edited(comment)}`;
}

/** A post: its header line, its text, its reactions and comments. */
export function formatPost(post: WallPostView): string {
  const reactions = post.reactions.map((reaction) => `${terminalSafe(reaction.emoji)} ${reaction.count}`).join('  ');
  return [
    `${post.id.slice(0, SHORT_POST_ID_CHARS)}  ${when(post.createdAt)}  ${formatPerson(post.author)}${edited(post)}`,
    ...terminalSafe(post.text)
      .split('\n')
      .map((line) => `  ${line}`),
    ...(reactions === '' ? [] : [`  ${reactions}`]),
    ...post.comments.map(formatComment),
  ].join('\n');
}

/** A list of posts, newest first, a blank line between them. */
export function formatPosts(posts: readonly WallPostView[], empty: string): string {
  return posts.length === 0 ? empty : posts.map(formatPost).join('\n\n');
}

/** A wall: whose, its audience (our own wall only: readers are never told it), its posts. */
export function formatWall(wall: WallView): string {
  const whose = wall.isSelf ? 'your wall' : `wall of ${terminalSafe(wall.owner)}`;
  const audience = wall.audience === undefined ? '' : ` (audience: ${wall.audience})`;
  return `${whose}${audience}\n${formatPosts(wall.posts, '(no posts yet)')}`;
}
