/**
 * The feed view's own state, pure: its sidebar selection key, which posts it shows (everyone's,
 * or one author's wall), which post is selected, and which posts are new. The node keeps no
 * read marks for walls, so "new" is kept in the UI's memory only: a post is new when it was not
 * on screen the last time the feed was open (after a restart, everything is new once).
 */
import type { WallPostView } from '../../walls/feature/api.js';

/** The sidebar selection key of the feed (no onion address or group key looks like it). */
export const FEED_KEY = 'feed';

/** The posts shown: all of them, or those of one author (`/wall`). */
export function shownPosts(posts: readonly WallPostView[], author: string | undefined): readonly WallPostView[] {
  return author === undefined ? posts : posts.filter((post) => post.author.onion === author);
}

/** The selected post: the one with id `selectedId` if shown, else the newest. */
export function selectedPost(posts: readonly WallPostView[], selectedId: string | undefined): WallPostView | undefined {
  return posts.find((post) => post.id === selectedId) ?? posts[0];
}

/** The id of the post `step` away from the selected one (clamped to the list). */
export function stepSelection(
  posts: readonly WallPostView[],
  selectedId: string | undefined,
  step: 1 | -1,
): string | undefined {
  const at = Math.max(
    0,
    posts.findIndex((post) => post.id === selectedId),
  );
  return posts[Math.max(0, Math.min(posts.length - 1, at + step))]?.id;
}

/** Posts of others not seen yet (the sidebar's count while the feed is closed). */
export function unseenCount(posts: readonly WallPostView[], seen: ReadonlySet<string>): number {
  return posts.filter((post) => !post.author.isSelf && !seen.has(post.id)).length;
}

/** What the feed commands (commands/feed.ts) may read and change of the feed view. */
export interface FeedControl {
  /** Whether the feed is the open pane. */
  readonly open: boolean;
  /** The selected post, when the feed is open and shows one. */
  readonly selected: WallPostView | undefined;
  /** Shows only `author`'s posts (their wall), or everyone's again (undefined). */
  showWall(author: string | undefined): void;
  /** Reads the feed again: a comment on a friend's wall shows once their node took it, which no event may say soon. */
  refresh(): void;
}
