/**
 * The feed's lines, pure: each post as its author (with the not-a-friend tag: history-item.ts
 * personLabel), its time and a new-mark, its text wrapped, then its reactions counted and its
 * comments folded to a count. The selected post has its comments unfolded under it, each
 * commenter tagged the same way. Every string here already went through safe-walls.ts.
 */
import type { WallCommentView, WallPostView } from '../../walls/feature/api.js';
import { personLabel } from '../conversation/history-item.js';
import type { DisplayLine, Segment } from '../text/display-line.js';
import { wrapText } from '../text/text-width.js';
import { formatDay, formatTime } from '../text/time-format.js';

/** What the feed pane shows. */
export interface FeedLinesInput {
  readonly posts: readonly WallPostView[];
  readonly selectedId: string | undefined;
  /** Posts to mark new. */
  readonly isNew: (post: WallPostView) => boolean;
  readonly width: number;
}

/** The key of a post's first line (the pane keeps it in view when the post is selected). */
export const postHeadKey = (postId: string): string => `post-${postId}`;

const INDENT = '    ';
const when = (unixMs: number): string => `${formatDay(unixMs)} ${formatTime(unixMs).trimEnd()}`;

function wrapped(key: string, text: string, indent: string, width: number, tone: Segment['tone']): DisplayLine[] {
  return wrapText(text, Math.max(1, width - indent.length)).map((row, index) => ({
    key: `${key}-${index}`,
    segments: [{ text: indent + row, tone }],
  }));
}

/** "👍 2 ❤ 1 (yours: 👍)", empty without reactions. */
function reactionsText(post: WallPostView): string {
  if (post.reactions.length === 0) return '';
  const counts = post.reactions.map((reaction) => `${reaction.emoji} ${reaction.count}`).join('  ');
  const mine = post.reactions.filter((reaction) => reaction.mine).map((reaction) => reaction.emoji);
  return mine.length === 0 ? counts : `${counts} (yours: ${mine.join(' ')})`;
}

function commentLines(postId: string, comment: WallCommentView, width: number): DisplayLine[] {
  const key = `${postId}-comment-${comment.id}`;
  const head: DisplayLine = {
    key,
    segments: [
      { text: `${INDENT}↳ `, tone: 'separator' },
      ...personLabel(comment.author),
      { text: ` ${when(comment.createdAt)}`, tone: 'time' },
    ],
  };
  return [head, ...wrapped(key, comment.text, `${INDENT}  `, width, 'text')];
}

function postLines(post: WallPostView, selected: boolean, isNew: boolean, width: number): DisplayLine[] {
  const key = postHeadKey(post.id);
  const head: DisplayLine = {
    key,
    segments: [
      { text: selected ? '▸ ' : '  ', tone: 'me' },
      { text: isNew ? '● ' : '  ', tone: 'flag' },
      ...personLabel(post.author),
      { text: ` ${when(post.createdAt)}`, tone: 'time' },
    ],
  };
  const reactions = reactionsText(post);
  const count = post.comments.length;
  const folded = count === 0 ? '' : `${count} comment${count === 1 ? '' : 's'}${selected ? ':' : ' (↑↓ to open)'}`;
  const summary = [reactions, folded].filter((part) => part !== '').join(' · ');
  return [
    head,
    ...wrapped(key, post.text, INDENT, width, 'text'),
    ...(summary === '' ? [] : wrapped(`${key}-summary`, summary, INDENT, width, 'time')),
    ...(selected ? post.comments.flatMap((comment) => commentLines(post.id, comment, width)) : []),
    { key: `${key}-gap`, segments: [{ text: '', tone: 'text' }] },
  ];
}

/** Every line of the feed at `width` columns. */
export function feedLines({ posts, selectedId, isNew, width }: FeedLinesInput): DisplayLine[] {
  const selected = posts.find((post) => post.id === selectedId) ?? posts[0];
  return posts.flatMap((post) => postLines(post, post === selected, isNew(post), width));
}
