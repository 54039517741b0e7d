/**
 * A wall from its entries (docs/PROTOCOL.md "Walls"): the entries in the owner's publication
 * order (the same for every reader) folded into posts with their comments and reactions.
 *
 * The rules, which every member applies alike, so all show the same wall:
 * - only the owner posts; a post by anyone else is refused;
 * - a comment or reaction names a post on this wall; one naming anything else is refused;
 * - one reaction per person and post: their latest counts, an empty one takes it back;
 * - a delete counts from the author of its target or from the owner (any comment on their
 *   wall), wherever it stands in the order, and is final; a post's comments go with it.
 */
import { decodeWallItem, type WallItemId } from './wall-item.js';

/** One entry of the wall, in publication order. `P` is how front ends name a person. */
export interface WallEntry<P> {
  readonly id: WallItemId;
  /** The author's onion address (the entry's signature is theirs, walls/wall-entry.ts). */
  readonly sender: string;
  readonly person: P;
  readonly text: string;
  /** The sender's clock (untrusted), unix ms. */
  readonly createdAt: number;
}

/** A comment under a post. */
export interface WallComment<P> {
  readonly id: WallItemId;
  readonly author: P;
  readonly authorOnion: string;
  readonly text: string;
  readonly createdAt: number;
}

/** One emoji and who reacted with it. */
export interface WallReaction<P> {
  readonly emoji: string;
  readonly by: readonly P[];
}

/** A post with what was said under it. */
export interface WallPost<P> {
  readonly id: WallItemId;
  readonly author: P;
  readonly authorOnion: string;
  readonly text: string;
  readonly createdAt: number;
  /** Oldest first. */
  readonly comments: readonly WallComment<P>[];
  /** In the order each emoji first appeared. */
  readonly reactions: readonly WallReaction<P>[];
}

/** What {@link foldWall} makes of a wall's history. */
export interface FoldedWall<P> {
  /** Oldest first. */
  readonly posts: readonly WallPost<P>[];
  /** Items left out: not wall items, or against the rules (a post by someone not the owner, …). */
  readonly refused: number;
}

interface Authored {
  readonly sender: string;
}

/** Folds `entries` (display order) of the wall owned by `owner` into its posts; see the module comment. */
export function foldWall<P>(owner: string, entries: readonly WallEntry<P>[]): FoldedWall<P> {
  const posts = new Map<WallItemId, { entry: WallEntry<P>; comments: WallEntry<P>[] }>();
  const comments = new Map<WallItemId, Authored>();
  const reactions = new Map<WallItemId, Map<string, { emoji: string; person: P }>>();
  const deletes: { sender: string; target: WallItemId }[] = [];
  let refused = 0;
  for (const entry of entries) {
    let item;
    try {
      item = decodeWallItem(entry.text);
    } catch {
      refused++;
      continue;
    }
    switch (item.type) {
      case 'post':
        if (entry.sender !== owner || posts.has(entry.id)) refused++;
        else posts.set(entry.id, { entry: { ...entry, text: item.text }, comments: [] });
        break;
      case 'comment': {
        const post = posts.get(item.post);
        if (post === undefined) refused++;
        else {
          post.comments.push({ ...entry, text: item.text });
          comments.set(entry.id, entry);
        }
        break;
      }
      case 'react': {
        if (!posts.has(item.post)) {
          refused++;
          break;
        }
        const byPerson = reactions.get(item.post) ?? new Map<string, { emoji: string; person: P }>();
        // Re-inserting moves a changed reaction to the end, as if new.
        byPerson.delete(entry.sender);
        if (item.emoji !== '') byPerson.set(entry.sender, { emoji: item.emoji, person: entry.person });
        reactions.set(item.post, byPerson);
        break;
      }
      case 'delete':
        deletes.push({ sender: entry.sender, target: item.target });
        break;
    }
  }
  const deleted = new Set<WallItemId>();
  for (const { sender, target } of deletes) {
    const author = posts.get(target)?.entry.sender ?? comments.get(target)?.sender;
    if (author !== undefined && (sender === author || sender === owner)) deleted.add(target);
    else refused++;
  }
  return {
    posts: [...posts.values()]
      .filter(({ entry }) => !deleted.has(entry.id))
      .map(({ entry, comments: under }) => ({
        id: entry.id,
        author: entry.person,
        authorOnion: entry.sender,
        text: entry.text,
        createdAt: entry.createdAt,
        comments: under
          .filter((comment) => !deleted.has(comment.id))
          .map((comment) => ({
            id: comment.id,
            author: comment.person,
            authorOnion: comment.sender,
            text: comment.text,
            createdAt: comment.createdAt,
          })),
        reactions: groupReactions(reactions.get(entry.id)),
      })),
    refused,
  };
}

function groupReactions<P>(byPerson: Map<string, { emoji: string; person: P }> | undefined): WallReaction<P>[] {
  const byEmoji = new Map<string, P[]>();
  for (const { emoji, person } of byPerson?.values() ?? []) byEmoji.set(emoji, [...(byEmoji.get(emoji) ?? []), person]);
  return [...byEmoji].map(([emoji, by]) => ({ emoji, by }));
}
