/**
 * The walls API (walls/feature/api.ts) over the walls held (walls/wall-book.ts): views folded
 * from each wall's entries (walls/wall-fold.ts), and the commands, which sign an entry and
 * either publish it (our wall) or send it to the wall's owner (walls-feature.ts does both).
 */
import { isOnionAddress, parseOnionAddress, type OnionAddress } from '../../crypto/onion-address.js';
import type { GroupPersonView } from '../../groups/feature/api.js';
import { wallPerson } from '../wall-person.js';
import type { FeatureContext } from '../../node/feature.js';
import { runCommand } from '../../node/command.js';
import { invalidWallFirstSync, noSuchWall, noSuchWallPost, notWallItemAuthor } from '../errors.js';
import { MAX_FIRST_SYNC_POSTS } from '../limits.js';
import type { WallBook } from '../wall-book.js';
import { signEntry, type WallEntryRecord } from '../wall-entry.js';
import { foldWall, type FoldedWall, type WallComment, type WallPost } from '../wall-fold.js';
import { encodeWallItem, type WallItem } from '../wall-item.js';
import type { WallCommentView, WallFirstSyncView, WallPostView, WallsApi, WallView } from './api.js';
import { commentView, postView } from './wall-views.js';

/** Posts one `feed` call returns unless told otherwise, and at most. */
export const DEFAULT_FEED_LIMIT = 200;
export const MAX_FEED_LIMIT = 2000;

/** A post or comment found by id, with the wall it is on. */
interface Found {
  readonly owner: OnionAddress;
  readonly post: WallPost<GroupPersonView>;
  readonly comment?: WallComment<GroupPersonView>;
}

/** The walls API; the feature supplies publishing and sending. */
export abstract class WallCommands implements WallsApi {
  readonly #context: FeatureContext;
  protected readonly book: WallBook;

  protected constructor(context: FeatureContext, book: WallBook) {
    this.#context = context;
    this.book = book;
  }

  /** Publishes `entry` on our wall (stored before it returns). */
  protected abstract publish(entry: WallEntryRecord): void;
  /** Sends `entry` to `owner`, the owner of the wall it is for. */
  protected abstract submit(owner: OnionAddress, entry: WallEntryRecord): void;

  /** `owner`'s wall folded into posts (walls/wall-fold.ts). */
  protected fold(owner: OnionAddress): FoldedWall<GroupPersonView> {
    const context = {
      self: this.#context.self,
      isFriend: (peer: OnionAddress) => this.#context.isFriend(peer),
      nicknameOf: (peer: OnionAddress) => this.#context.store.contacts.get(peer)?.nickname,
    };
    return foldWall(
      owner,
      this.book.entries(owner).map((entry) => ({
        id: entry.id,
        sender: entry.author,
        person: wallPerson(entry.author, entry.authorName, context),
        text: encodeWallItem(entry.item),
        createdAt: entry.createdAt,
      })),
    );
  }

  get(onion?: string): Promise<WallView> {
    return this.#run(() => {
      const self = this.#context.self;
      const owner = onion === undefined ? self : this.#wallOwner(onion);
      const posts = this.#posts(owner).sort(newestFirst);
      if (owner === self) return { owner, isSelf: true, audience: this.#context.friends().length + 1, posts };
      return { owner, isSelf: false, posts };
    });
  }

  post(text: string): Promise<WallPostView> {
    return this.#run(() => {
      const entry = this.#sign(this.#context.self, { type: 'post', text });
      this.publish(entry);
      const post = this.fold(this.#context.self).posts.find((shown) => shown.id === entry.id);
      if (post === undefined) throw noSuchWallPost();
      return postView(post, this.#context.self);
    });
  }

  comment(post: string, text: string): Promise<WallCommentView> {
    return this.#run(() => {
      const found = this.#find(post);
      const entry = this.#write(found.owner, { type: 'comment', post: found.post.id, text });
      return commentView({
        id: entry.id,
        author: this.#selfPerson(entry),
        authorOnion: entry.author,
        text,
        createdAt: entry.createdAt,
      });
    });
  }

  react(post: string, emoji: string): Promise<void> {
    return this.#run(() => {
      const found = this.#find(post);
      this.#write(found.owner, { type: 'react', post: found.post.id, emoji });
    });
  }

  edit(item: string, text: string): Promise<void> {
    return this.#run(() => {
      const found = this.#find(item, true);
      const target = found.comment ?? found.post;
      if (target.authorOnion !== this.#context.self) throw notWallItemAuthor();
      const { id, createdAt } = target;
      this.#write(found.owner, { type: 'edit', target: id, post: found.post.id, targetCreatedAt: createdAt, text });
    });
  }

  delete(item: string): Promise<void> {
    return this.#run(() => {
      const found = this.#find(item, true);
      const self = this.#context.self;
      const author = found.comment?.authorOnion ?? found.post.authorOnion;
      if (author !== self && found.owner !== self) throw notWallItemAuthor();
      this.#write(found.owner, { type: 'delete', target: found.comment?.id ?? found.post.id });
    });
  }

  firstSync(posts?: number): Promise<WallFirstSyncView> {
    return this.#run(() => {
      const preferences = this.#context.store.preferences;
      if (posts !== undefined) {
        if (!Number.isSafeInteger(posts) || posts < 0 || posts > MAX_FIRST_SYNC_POSTS) throw invalidWallFirstSync();
        preferences.set('walls.firstSyncPosts', posts);
      }
      return { posts: preferences.get('walls.firstSyncPosts') };
    });
  }

  feed(options: { readonly limit?: number } = {}): Promise<WallPostView[]> {
    return this.#run(() => {
      const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_FEED_LIMIT)), MAX_FEED_LIMIT);
      return this.#owners()
        .flatMap((owner) => this.#posts(owner))
        .sort(newestFirst)
        .slice(0, limit);
    });
  }

  // ---- internals ----

  /** Our wall and every friend's we hold. */
  #owners(): OnionAddress[] {
    const self = this.#context.self;
    return [self, ...this.book.owners().filter((owner) => owner !== self && this.#context.isFriend(owner))];
  }

  #posts(owner: OnionAddress): WallPostView[] {
    return this.fold(owner).posts.map((post) => postView(post, this.#context.self));
  }

  #wallOwner(onion: string): OnionAddress {
    if (typeof onion !== 'string' || !isOnionAddress(onion)) throw noSuchWall();
    const owner = parseOnionAddress(onion);
    if (owner !== this.#context.self && !this.#context.isFriend(owner) && this.book.entries(owner).length === 0)
      throw noSuchWall();
    return owner;
  }

  #sign(owner: OnionAddress, item: WallItem): WallEntryRecord {
    const name = this.#context.store.identity.get().displayName;
    return signEntry(this.#context.identity, owner, item, name, this.#context.now());
  }

  #write(owner: OnionAddress, item: WallItem): WallEntryRecord {
    const entry = this.#sign(owner, item);
    if (owner === this.#context.self) this.publish(entry);
    else this.submit(owner, entry);
    return entry;
  }

  #selfPerson(entry: WallEntryRecord): GroupPersonView {
    return wallPerson(entry.author, entry.authorName, {
      self: this.#context.self,
      isFriend: () => false,
      nicknameOf: () => undefined,
    });
  }

  /** A post (or, with `comments`, a post or comment) by id or prefix, on the walls shown. */
  #find(reference: string, comments = false): Found {
    const prefix = typeof reference === 'string' ? reference.toLowerCase() : '';
    if (prefix.length < 4) throw noSuchWallPost();
    const matches: Found[] = [];
    for (const owner of this.#owners()) {
      for (const post of this.fold(owner).posts) {
        if (post.id.startsWith(prefix)) matches.push({ owner, post });
        if (comments)
          for (const comment of post.comments)
            if (comment.id.startsWith(prefix)) matches.push({ owner, post, comment });
      }
    }
    const [only, ...more] = matches;
    if (only === undefined || more.length > 0) throw noSuchWallPost();
    return only;
  }

  #run<T>(body: () => T): Promise<T> {
    return runCommand(this.#context.signal, body);
  }
}

function newestFirst(a: WallPostView, b: WallPostView): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1);
}
