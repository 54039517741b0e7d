/**
 * A wall from its entries (docs/PROTOCOL.md "Walls"): the entries in the owner's publication
 * order (the same for every reader) folded into posts with their comments and reactions.
 *
 * The rules, which every member applies alike, so all show the same wall:
 * - only the owner posts; a post by anyone else is refused;
 * - a comment or reaction names a post on this wall; one naming anything else is refused;
 * - one reaction per person and post: their latest counts, an empty one takes it back;
 * - an edit counts from the author of its target only; the latest in the order is shown, marked
 *   edited. An edit whose target is not held (it was scrubbed, below) stands for the target:
 *   it names the post and the target's created_at;
 * - a delete counts from the author of its target or from the owner (any comment on their
 *   wall), wherever it stands in the order, and is final: it beats any edit; a post's comments
 *   go with it.
 *
 * What the fold no longer shows is {@link FoldedWall.superseded}: the entries whose words an edit
 * replaced or a delete took back. The owner and every reader scrub those from their disks, so an
 * earlier text is kept nowhere once the change reached them (walls-feature.ts).
 */
import { decodeWallItem, type WallItem, type WallItemId } from './wall-item.js';

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
  /** Its author changed the text since. */
  readonly edited?: true;
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
  /** The owner changed the text since. */
  readonly edited?: true;
  /** The entry that carries its words now: its own, or its latest edit. */
  readonly source: WallItemId;
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
  /** Entries whose words were edited or deleted away: to scrub from disk (see the module comment). */
  readonly superseded: ReadonlySet<WallItemId>;
}

/** A post or comment as the fold builds it. */
interface Held<P> {
  readonly id: WallItemId;
  readonly sender: string;
  readonly person: P;
  readonly createdAt: number;
  text: string;
  edited: boolean;
  /** The entries that held its words, oldest first: the original (when held) and its edits. */
  readonly sources: WallItemId[];
}

interface HeldPost<P> extends Held<P> {
  readonly comments: Map<WallItemId, Held<P>>;
}

type Decoded<P> = { readonly entry: WallEntry<P>; readonly item: WallItem };
type EditItem = Extract<WallItem, { type: 'edit' }>;

function held<P>(entry: WallEntry<P>, text: string): Held<P> {
  const { id, sender, person, createdAt } = entry;
  return { id, sender, person, createdAt, text, edited: false, sources: [id] };
}

/** The stand-in for an edited item whose own entry is no longer held. */
function standIn<P>(entry: WallEntry<P>, item: EditItem): Held<P> {
  const { sender, person } = entry;
  return { id: item.target, sender, person, createdAt: item.targetCreatedAt, text: '', edited: false, sources: [] };
}

/** Folds `entries` (display order) of the wall owned by `owner` into its posts; see the module comment. */
export function foldWall<P>(owner: string, entries: readonly WallEntry<P>[]): FoldedWall<P> {
  let refused = 0;
  const decoded: Decoded<P>[] = [];
  for (const entry of entries) {
    try {
      decoded.push({ entry, item: decodeWallItem(entry.text) });
    } catch {
      refused++;
    }
  }
  // Posts first, so that a comment can stand under a post that only its edit stands for.
  const posts = new Map<WallItemId, HeldPost<P>>();
  for (const { entry, item } of decoded) {
    if (item.type === 'post') {
      if (entry.sender !== owner || posts.has(entry.id)) refused++;
      else posts.set(entry.id, { ...held(entry, item.text), comments: new Map() });
    } else if (item.type === 'edit' && item.target === item.post && entry.sender === owner && !posts.has(item.target))
      posts.set(item.target, { ...standIn(entry, item), comments: new Map() });
  }
  const reactions = new Map<WallItemId, Map<string, { emoji: string; person: P }>>();
  const deletes: { sender: string; target: WallItemId }[] = [];
  const commentsById = new Map<WallItemId, Held<P>>();
  for (const { entry, item } of decoded) {
    switch (item.type) {
      case 'post':
        break;
      case 'comment': {
        const post = posts.get(item.post);
        if (post === undefined || commentsById.has(entry.id)) refused++;
        else {
          const comment = held(entry, item.text);
          post.comments.set(entry.id, comment);
          commentsById.set(entry.id, comment);
        }
        break;
      }
      case 'edit':
        if (!applyEdit(posts, commentsById, entry, item)) refused++;
        break;
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
    const author = (posts.get(target) ?? commentsById.get(target))?.sender;
    // A delete of an item no longer held took it away already: nothing to refuse.
    if (author === undefined) continue;
    if (sender === author || sender === owner) deleted.add(target);
    else refused++;
  }
  const superseded = new Set<WallItemId>();
  const supersede = (item: Held<P>, gone: boolean): void => {
    for (const id of gone ? item.sources : item.sources.slice(0, -1)) superseded.add(id);
  };
  const shown: WallPost<P>[] = [];
  for (const post of posts.values()) {
    const postGone = deleted.has(post.id);
    supersede(post, postGone);
    const comments: WallComment<P>[] = [];
    for (const comment of post.comments.values()) {
      const gone = postGone || deleted.has(comment.id);
      supersede(comment, gone);
      if (!gone) comments.push(view(comment));
    }
    if (!postGone)
      shown.push({
        ...view(post),
        source: post.sources.at(-1) ?? post.id,
        comments,
        reactions: groupReactions(reactions.get(post.id)),
      });
  }
  return { posts: shown, refused, superseded };
}

/** Applies an edit to its target, made by the target's author; false when it may not count. */
function applyEdit<P>(
  posts: Map<WallItemId, HeldPost<P>>,
  comments: Map<WallItemId, Held<P>>,
  entry: WallEntry<P>,
  item: EditItem,
): boolean {
  const post = posts.get(item.post);
  if (post === undefined) return false;
  let target: Held<P> | undefined = item.target === item.post ? post : comments.get(item.target);
  if (target === undefined) {
    if (item.target === item.post) return false;
    // The comment's own entry is scrubbed here: this edit stands for it, under the post it names.
    target = standIn(entry, item);
    post.comments.set(item.target, target);
    comments.set(item.target, target);
  }
  if (target.sender !== entry.sender || (target !== post && !post.comments.has(item.target))) return false;
  target.text = item.text;
  target.edited = true;
  target.sources.push(entry.id);
  return true;
}

function view<P>(item: Held<P>): WallComment<P> {
  return {
    id: item.id,
    author: item.person,
    authorOnion: item.sender,
    text: item.text,
    createdAt: item.createdAt,
    ...(item.edited ? { edited: true as const } : {}),
  };
}

function groupReactions<P>(byPerson: Map<string, { emoji: string; person: P }> | undefined): WallReaction<P>[] {
  const byEmoji = new Map<string, P[]>();
  for (const { emoji, person } of byPerson?.values() ?? []) byEmoji.set(emoji, [...(byEmoji.get(emoji) ?? []), person]);
  return [...byEmoji].map(([emoji, by]) => ({ emoji, by }));
}
