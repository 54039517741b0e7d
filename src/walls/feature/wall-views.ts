/** Views of folded wall items for the node API (walls/feature/api.ts). */
import type { GroupPersonView } from '../../groups/feature/api.js';
import type { WallComment, WallPost } from '../wall-fold.js';
import type { WallCommentView, WallPostView } from './api.js';

/** The API view of a comment. */
export function commentView(comment: WallComment<GroupPersonView>): WallCommentView {
  const { id, author, text, createdAt } = comment;
  return { id, author, text, createdAt, ...(comment.edited === true ? { edited: true } : {}) };
}

/** The API view of a post; `self` marks our reactions. */
export function postView(post: WallPost<GroupPersonView>, self: string): WallPostView {
  return {
    id: post.id,
    author: post.author,
    text: post.text,
    createdAt: post.createdAt,
    ...(post.edited === true ? { edited: true } : {}),
    comments: post.comments.map(commentView),
    reactions: post.reactions.map((reaction) => ({
      emoji: reaction.emoji,
      count: reaction.by.length,
      mine: reaction.by.some((person) => person.onion === self),
      by: reaction.by.map((person) => person.onion),
    })),
  };
}
