/**
 * What the owner accepts from a reader for their wall (docs/PROTOCOL.md "Walls"): a comment or
 * reaction on a post there, or the edit or deletion of the reader's own comment, signed by the
 * reader who sent it, for this wall, and not published already. Posts (and their edits) come
 * from the owner alone. An edit must name its comment's post and created_at as they are, since
 * readers who never held the comment take them from the edit.
 */
import type { FoldedWall } from './wall-fold.js';
import type { WallEntryRecord } from './wall-entry.js';

/** Why a submission is refused, or undefined when it is to be published. */
export type SubmissionProblem =
  | 'another wall'
  | 'not the sender'
  | 'a post'
  | 'no such post'
  | 'not their comment'
  | 'not as the comment is'
  | 'already published';

/**
 * @example submissionProblem(entry, { owner, sender, wall, published: (id) => book.hasEntry(owner, id) })
 */
export function submissionProblem(
  entry: WallEntryRecord,
  context: {
    readonly owner: string;
    readonly sender: string;
    readonly wall: FoldedWall<unknown>;
    readonly published: (id: string) => boolean;
  },
): SubmissionProblem | undefined {
  if (entry.owner !== context.owner) return 'another wall';
  if (entry.author !== context.sender) return 'not the sender';
  if (context.published(entry.id)) return 'already published';
  const item = entry.item;
  switch (item.type) {
    case 'post':
      return 'a post';
    case 'comment':
    case 'react':
      return context.wall.posts.some((post) => post.id === item.post) ? undefined : 'no such post';
    case 'delete':
      return context.wall.posts.some((post) =>
        post.comments.some((comment) => comment.id === item.target && comment.authorOnion === context.sender),
      )
        ? undefined
        : 'not their comment';
    case 'edit': {
      if (item.target === item.post) return 'a post';
      const post = context.wall.posts.find((shown) => shown.comments.some((comment) => comment.id === item.target));
      const comment = post?.comments.find((shown) => shown.id === item.target);
      if (post === undefined || comment === undefined || comment.authorOnion !== context.sender)
        return 'not their comment';
      return post.id === item.post && comment.createdAt === item.targetCreatedAt ? undefined : 'not as the comment is';
    }
  }
}
