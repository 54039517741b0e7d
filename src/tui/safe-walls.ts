/**
 * The walls part of the UI's sanitizing boundary (safe-node.ts): posts, comments and the names
 * of their authors come from peers, so each string is made terminal-safe before a component
 * sees it.
 */
import type { WallCommentView, WallPostView, WallsApi, WallView } from '../walls/feature/api.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { safePerson } from './safe-groups.js';

const line = (text: string): string => terminalSafe(text);

/** A comment made terminal-safe. */
export function safeWallComment(comment: WallCommentView): WallCommentView {
  return { ...comment, id: line(comment.id), author: safePerson(comment.author), text: line(comment.text) };
}

/** A post, its comments and reactions made terminal-safe. */
export function safeWallPost(post: WallPostView): WallPostView {
  return {
    ...post,
    id: line(post.id),
    author: safePerson(post.author),
    text: line(post.text),
    comments: post.comments.map(safeWallComment),
    reactions: post.reactions.map((reaction) => ({
      ...reaction,
      emoji: line(reaction.emoji),
      by: reaction.by.map(line),
    })),
  };
}

function safeWall(wall: WallView): WallView {
  return { ...wall, owner: line(wall.owner), posts: wall.posts.map(safeWallPost) };
}

/** `api` with every string it returns made terminal-safe. */
export function safeWallsApi(api: WallsApi): WallsApi {
  return {
    get: async (onion) => safeWall(await api.get(onion)),
    post: async (text) => safeWallPost(await api.post(text)),
    comment: async (post, text) => safeWallComment(await api.comment(post, text)),
    react: (post, emoji) => api.react(post, emoji),
    edit: (item, text) => api.edit(item, text),
    delete: (item) => api.delete(item),
    firstSync: (posts) => api.firstSync(posts),
    feed: async (options) => (await api.feed(options)).map(safeWallPost),
  };
}
