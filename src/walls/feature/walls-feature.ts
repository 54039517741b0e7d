/**
 * Walls in the node (docs/PROTOCOL.md "Walls"): each person's wall is a group they created
 * under the wall name, whose members are their friends. The group machinery does the rest:
 * the audience's keys (rotated when someone leaves it), sync since each member's high-water
 * marks when friends connect, forwarding between members who are not friends, and sealing for
 * members who stay offline. This feature keeps our wall's audience in step with the friend
 * list, accepts the walls friends share with us, and reads and writes wall items.
 *
 * It hears the node's events (app/compose.ts subscribes it): a friend list change, a friend
 * coming online or a wall invitation starts one reconciliation, run one at a time. Our own wall
 * is created the first time walls are used here (any wall command), not for every profile:
 * a node that never opens walls only accepts the walls its friends share.
 */
import type { GroupPersonView } from '../../groups/feature/api.js';
import { logger } from '../../log.js';
import type { NodeEvent } from '../../node/api.js';
import { nodeStopped } from '../../node/errors.js';
import { isOnionAddress, parseOnionAddress } from '../../crypto/onion-address.js';
import type { FeatureContext } from '../../node/feature.js';
import { audienceChanges } from '../audience.js';
import { noSuchWall, noSuchWallPost, notWallItemAuthor } from '../errors.js';
import { WALL_GROUP_NAME } from '../limits.js';
import type { WallComment, WallPost } from '../wall-fold.js';
import { encodeWallItem, type WallItem } from '../wall-item.js';
import type { WallCommentView, WallPostView, WallsApi, WallView } from './api.js';
import type { WallGroups } from './ports.js';
import { WallReader, type HeldWall } from './wall-reader.js';
import { commentView, postView } from './wall-views.js';

const log = logger('walls');

/** Posts one `feed` call returns unless told otherwise, and at most. */
export const DEFAULT_FEED_LIMIT = 200;
export const MAX_FEED_LIMIT = 2000;

/** What the walls feature needs of the host. */
export type WallsContext = Pick<FeatureContext, 'self' | 'friends' | 'isFriend' | 'track' | 'emit' | 'signal'>;

/** A post or comment found by id, with the wall it is on. */
interface Found {
  readonly wall: HeldWall;
  readonly post: WallPost<GroupPersonView>;
  readonly comment?: WallComment<GroupPersonView>;
}

/** The walls feature: the {@link WallsApi} over the groups service. */
export class WallsFeature implements WallsApi {
  readonly #context: WallsContext;
  readonly #groups: WallGroups;
  readonly #reader: WallReader;
  #queue: Promise<void> = Promise.resolve();
  /** Whether a wall command ran here: from then on our wall exists (see the module comment). */
  #used = false;
  #creating: Promise<HeldWall> | undefined;

  constructor(context: WallsContext, groups: WallGroups) {
    this.#context = context;
    this.#groups = groups;
    this.#reader = new WallReader(groups);
  }

  /** Whether a groups event concerns a wall (the node API's `groups` leaves those out). */
  hides(event: NodeEvent): boolean {
    switch (event.type) {
      case 'group':
        return event.group.name === WALL_GROUP_NAME;
      case 'group-invite':
        return event.invite.groupName === WALL_GROUP_NAME;
      case 'group-entry':
        return this.#reader.isWall(event.entry.groupId);
      case 'group-retracted':
      case 'group-invite-declined':
      case 'group-throttled':
        return this.#reader.isWall(event.groupId);
      default:
        return false;
    }
  }

  /** Hears every node event (see the module comment). */
  onEvent(event: NodeEvent): void {
    switch (event.type) {
      case 'contact':
      case 'contact-removed':
      case 'group-invite':
        this.#reconcile();
        break;
      case 'presence':
        if (event.online) this.#reconcile();
        break;
      case 'group-entry': {
        const owner = this.#reader.ownerOf(event.entry.groupId);
        if (owner !== undefined) queueMicrotask(() => this.#context.emit({ type: 'wall', owner }));
        break;
      }
      case 'group':
        if (event.group.name === WALL_GROUP_NAME) this.#reconcile();
        break;
      default:
        break;
    }
  }

  // ---- WallsApi ----

  get(onion?: string): Promise<WallView> {
    return this.#run(async () => {
      const owner =
        onion === undefined || onion === '' ? this.#context.self : onion.toLowerCase().replace(/\.onion$/, '');
      const walls = (await this.#reader.walls()).filter((wall) => wall.owner === owner);
      if (walls.length === 0) {
        if (owner === this.#context.self) return { owner, isSelf: true, audience: 1, posts: [] };
        throw noSuchWall();
      }
      const posts = await this.#postsOf(walls);
      const current = walls.find((wall) => wall.group.isMember);
      return {
        owner,
        isSelf: owner === this.#context.self,
        audience: current?.group.members.length ?? 0,
        posts: posts.sort(newestFirst),
      };
    });
  }

  post(text: string): Promise<WallPostView> {
    return this.#run(async () => {
      const item = encodeWallItem({ type: 'post', text });
      const wall = await this.#ownWall();
      const sent = await this.#groups.send(wall.group.id, item);
      this.#context.emit({ type: 'wall', owner: this.#context.self });
      return { id: sent.id, author: sent.sender, text, createdAt: sent.createdAt, comments: [], reactions: [] };
    });
  }

  comment(post: string, text: string): Promise<WallCommentView> {
    return this.#run(async () => {
      const found = await this.#find(post);
      const sent = await this.#write(found.wall, { type: 'comment', post: found.post.id, text });
      return commentView({
        id: sent.id,
        author: sent.sender,
        authorOnion: sent.sender.onion,
        text,
        createdAt: sent.createdAt,
      });
    });
  }

  react(post: string, emoji: string): Promise<void> {
    return this.#run(async () => {
      const found = await this.#find(post);
      await this.#write(found.wall, { type: 'react', post: found.post.id, emoji });
    });
  }

  delete(item: string): Promise<void> {
    return this.#run(async () => {
      const found = await this.#find(item, true);
      const self = this.#context.self;
      const author = found.comment?.authorOnion ?? found.post.authorOnion;
      if (author !== self && found.wall.owner !== self) throw notWallItemAuthor();
      await this.#write(found.wall, { type: 'delete', target: found.comment?.id ?? found.post.id });
    });
  }

  feed(options: { readonly limit?: number } = {}): Promise<WallPostView[]> {
    return this.#run(async () => {
      const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_FEED_LIMIT)), MAX_FEED_LIMIT);
      const walls = (await this.#reader.walls()).filter(
        (wall) => wall.owner === this.#context.self || this.#isFriend(wall.owner),
      );
      return (await this.#postsOf(walls)).sort(newestFirst).slice(0, limit);
    });
  }

  // ---- internals ----

  async #postsOf(walls: readonly HeldWall[]): Promise<WallPostView[]> {
    const views: WallPostView[] = [];
    for (const wall of walls)
      for (const post of await this.#reader.posts(wall)) views.push(postView(post, this.#context.self));
    return views;
  }

  async #write(wall: HeldWall, item: WallItem): Promise<Awaited<ReturnType<WallGroups['send']>>> {
    const text = encodeWallItem(item);
    if (!wall.group.isMember) throw noSuchWall();
    const sent = await this.#groups.send(wall.group.id, text);
    this.#context.emit({ type: 'wall', owner: wall.owner });
    return sent;
  }

  /** A post (or, with `comments`, a post or comment) by id or prefix, on the walls we are in. */
  async #find(reference: string, comments = false): Promise<Found> {
    const prefix = typeof reference === 'string' ? reference.toLowerCase() : '';
    if (prefix.length < 4) throw noSuchWallPost();
    const matches: Found[] = [];
    for (const wall of await this.#reader.walls()) {
      for (const post of await this.#reader.posts(wall)) {
        if (post.id.startsWith(prefix)) matches.push({ wall, post });
        if (comments)
          for (const comment of post.comments) if (comment.id.startsWith(prefix)) matches.push({ wall, post, comment });
      }
    }
    const [only, ...more] = matches;
    if (only === undefined || more.length > 0) throw noSuchWallPost();
    return only;
  }

  /** Our wall, if it was created. */
  async #existingOwnWall(): Promise<HeldWall | undefined> {
    return (await this.#reader.walls())
      .filter((wall) => wall.owner === this.#context.self && wall.group.isMember)
      .sort((a, b) => (a.group.id < b.group.id ? -1 : 1))[0];
  }

  /** Our wall, created on first use (once, even when a post and a reconciliation ask together). */
  #ownWall(): Promise<HeldWall> {
    this.#creating ??= this.#findOrCreateOwnWall().finally(() => {
      this.#creating = undefined;
    });
    return this.#creating;
  }

  async #findOrCreateOwnWall(): Promise<HeldWall> {
    const own = await this.#existingOwnWall();
    if (own !== undefined) return own;
    const group = await this.#groups.create(WALL_GROUP_NAME);
    const created = (await this.#reader.walls()).find((wall) => wall.group.id === group.id);
    if (created === undefined) return { group, owner: this.#context.self };
    await this.#inviteAll(created);
    return created;
  }

  /** Runs one reconciliation after those already queued (see the module comment). */
  #reconcile(): void {
    const run = this.#queue.then(async () => {
      if (this.#context.signal.aborted) return;
      try {
        await this.#acceptWalls();
        const wall = this.#used ? await this.#ownWall() : await this.#existingOwnWall();
        if (wall !== undefined) await this.#inviteAll(wall);
      } catch (error) {
        log.warn('the wall audience could not be brought in step with the friend list', { error });
      }
    });
    this.#queue = run;
    this.#context.track(run);
  }

  async #inviteAll(wall: HeldWall): Promise<void> {
    const group = await this.#groups.get(wall.group.id);
    const changes = audienceChanges({
      self: this.#context.self,
      members: group.members.map((member) => member.onion),
      invited: group.invited,
      friends: this.#context.friends(),
    });
    for (const onion of changes.remove) await this.#groups.remove(group.id, onion);
    for (const onion of changes.invite) await this.#groups.invite(group.id, onion);
  }

  /** Accepts the walls friends shared with us. */
  async #acceptWalls(): Promise<void> {
    for (const invite of await this.#groups.invitations())
      if (invite.groupName === WALL_GROUP_NAME && this.#isFriend(invite.inviter)) await this.#groups.accept(invite.id);
  }

  async #run<T>(body: () => Promise<T>): Promise<T> {
    if (this.#context.signal.aborted) throw nodeStopped();
    if (!this.#used) {
      this.#used = true;
      this.#reconcile();
    }
    return body();
  }

  #isFriend(onion: string): boolean {
    return isOnionAddress(onion) && this.#context.isFriend(parseOnionAddress(onion));
  }
}

function newestFirst(a: WallPostView, b: WallPostView): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1);
}
