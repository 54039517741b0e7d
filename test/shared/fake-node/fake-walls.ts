/**
 * The walls part of the NodeApi test double (fake-node.ts): posts a test sets, returned by
 * `get` and `feed`; every command recorded.
 */
import type { WallCommentView, WallPostView, WallsApi, WallView } from '../../../src/walls/feature/api.js';

/** What the fake needs from the fake node around it. */
export interface FakeWallsHost {
  record(method: string, ...args: unknown[]): void;
}

/** The fake. `posts` is public so a test can set what the node would show. */
export class FakeWalls implements WallsApi {
  readonly #host: FakeWallsHost;
  posts: WallPostView[] = [];

  constructor(host: FakeWallsHost) {
    this.#host = host;
  }

  get(onion?: string): Promise<WallView> {
    this.#host.record('walls.get', onion);
    const isSelf = onion === undefined;
    return Promise.resolve({ owner: onion ?? 'me', isSelf, ...(isSelf ? { audience: 1 } : {}), posts: this.posts });
  }

  post(text: string): Promise<WallPostView> {
    this.#host.record('walls.post', text);
    const post = this.posts[0];
    if (post === undefined) return Promise.reject(new Error('the fake has no post to answer with'));
    return Promise.resolve({ ...post, text });
  }

  comment(post: string, text: string): Promise<WallCommentView> {
    this.#host.record('walls.comment', post, text);
    const comment = this.posts.flatMap((held) => held.comments)[0];
    if (comment === undefined) return Promise.reject(new Error('the fake has no comment to answer with'));
    return Promise.resolve({ ...comment, text });
  }

  react(post: string, emoji: string): Promise<void> {
    this.#host.record('walls.react', post, emoji);
    return Promise.resolve();
  }

  edit(item: string, text: string): Promise<void> {
    this.#host.record('walls.edit', item, text);
    return Promise.resolve();
  }

  delete(item: string): Promise<void> {
    this.#host.record('walls.delete', item);
    return Promise.resolve();
  }

  firstSync(posts?: number): Promise<{ posts: number }> {
    this.#host.record('walls.firstSync', posts);
    return Promise.resolve({ posts: posts ?? 0 });
  }

  feed(): Promise<WallPostView[]> {
    this.#host.record('walls.feed');
    return Promise.resolve(this.posts);
  }
}
