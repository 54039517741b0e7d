/**
 * The walls part of the node API (docs/PROTOCOL.md "Walls"): each person's wall, shared with
 * their friends, and the feed of everyone's posts. Plain JSON data only, so the daemon serves
 * it unchanged and `burrow ctl wall … --json` / `burrow ctl feed --json` print it.
 *
 * Posts and comments are named by their ids (64 hex characters, walls/wall-entry.ts) or an
 * unambiguous prefix of at least 4 characters.
 */
import type { GroupPersonView } from '../../groups/feature/api.js';

/** A comment under a post. `author.isFriend` false: front ends show the fingerprint beside the name. */
export interface WallCommentView {
  readonly id: string;
  readonly author: GroupPersonView;
  readonly text: string;
  /** The author's clock (untrusted), unix ms. */
  readonly createdAt: number;
  /** The author changed the text since (the earlier text is kept nowhere). */
  readonly edited?: true;
}

/** One emoji under a post and who reacted with it. */
export interface WallReactionView {
  readonly emoji: string;
  readonly count: number;
  /** Whether one of them is us. */
  readonly mine: boolean;
  /** Who, by onion address. */
  readonly by: readonly string[];
}

/** A post on a wall. */
export interface WallPostView {
  readonly id: string;
  /** The wall's owner, who wrote the post. */
  readonly author: GroupPersonView;
  readonly text: string;
  /** The author's clock (untrusted), unix ms. */
  readonly createdAt: number;
  /** The owner changed the text since (the earlier text is kept nowhere). */
  readonly edited?: true;
  /** Oldest first. */
  readonly comments: readonly WallCommentView[];
  readonly reactions: readonly WallReactionView[];
}

/** A person's wall. */
export interface WallView {
  /** The owner's onion address. */
  readonly owner: string;
  readonly isSelf: boolean;
  /**
   * Our own wall only: how many people can read what we post now (us included). A friend's wall
   * never says: readers are not told who else reads (docs/PROTOCOL.md "Walls").
   */
  readonly audience?: number;
  /** Newest first. */
  readonly posts: readonly WallPostView[];
}

/** How far back a new friend reads our wall (`burrow ctl wall first-sync`). */
export interface WallFirstSyncView {
  /** Our latest posts a friend reads when they join (0: only what we post from then on). */
  readonly posts: number;
}

/** Events of walls (part of `NodeEvent`). */
export type WallNodeEvent =
  /** Something on the wall of `owner` changed (a post, comment, reaction or deletion arrived or was made). */
  { readonly type: 'wall'; readonly owner: string };

/**
 * Wall commands. Each rejects with a typed `BurrowError` (`NoSuchWallError`,
 * `NoSuchWallPostError`, `WallTextTooLongError`, `InvalidWallReactionError`,
 * `NotWallItemAuthorError`) whose message a front end can show as is.
 */
export interface WallsApi {
  /** Our wall, or a friend's (by onion address). */
  get(onion?: string): Promise<WallView>;
  /** Posts to our wall: every friend can read it. */
  post(text: string): Promise<WallPostView>;
  /** Comments on a post (ours or a friend's). */
  comment(post: string, text: string): Promise<WallCommentView>;
  /** Reacts to a post with one emoji; an empty one takes our reaction back. */
  react(post: string, emoji: string): Promise<void>;
  /** Changes the text of our post or comment; the earlier text is scrubbed wherever it reached. */
  edit(item: string, text: string): Promise<void>;
  /** Deletes our post or comment, or any comment on our wall. */
  delete(item: string): Promise<void>;
  /**
   * How many of our latest posts a new friend reads when they join (0, the default: from then
   * on); with `posts` (0–100), sets it first. Comments on those posts are not shown to them:
   * their authors wrote them for the readers of the time.
   */
  firstSync(posts?: number): Promise<WallFirstSyncView>;
  /** Everyone's posts (ours and our friends'), newest first. */
  feed(options?: { readonly limit?: number }): Promise<WallPostView[]>;
}
