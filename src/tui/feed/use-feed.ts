/**
 * The feed for the main screen: everyone's posts, fetched once and again on every `wall` event
 * (the node sends one for each post, comment, reaction or deletion, ours too: walls/feature/api.ts),
 * with the view's selection, author filter and new-marks (feed-state.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { WallPostView } from '../../walls/feature/api.js';
import { useLiveView, type LiveViewSpec } from '../hooks/use-live-view.js';
import type { KeyAction } from '../input/key-bindings.js';
import { selectedPost, shownPosts, stepSelection, unseenCount, type FeedControl } from './feed-state.js';

/** How many posts the feed asks for. */
const FEED_LIMIT = 500;

const FEED: LiveViewSpec<readonly WallPostView[]> = {
  initial: [],
  async fetch(api) {
    const posts = await api.walls.feed({ limit: FEED_LIMIT });
    return () => posts;
  },
  apply: (posts) => posts,
  refetch: (event) => event.type === 'wall',
};

/** The feed as the main screen uses it. */
export interface FeedState {
  readonly open: boolean;
  /** The posts shown, newest first. */
  readonly posts: readonly WallPostView[];
  readonly selectedId: string | undefined;
  /** The author whose wall is shown, if only one's is. */
  readonly author: WallPostView['author'] | undefined;
  readonly isNew: (post: WallPostView) => boolean;
  /** Posts of others not seen yet (0 while open). */
  readonly unseen: number;
  readonly error: string | undefined;
  readonly control: FeedControl;
  /** ↑/↓ while the feed is open choose a post; true when the key was the feed's. */
  onKey(action: KeyAction): boolean;
}

/** The feed, kept current; `open` says whether it is the open pane. */
export function useFeed(api: NodeApi, open: boolean): FeedState {
  const live = useLiveView(api, FEED);
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const [author, setAuthor] = useState<string | undefined>(undefined);
  const seen = useRef(new Set<string>());
  const [seenBeforeOpen, setSeenBeforeOpen] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (open) setSeenBeforeOpen(new Set(seen.current));
  }, [open]);
  useEffect(() => {
    if (open) for (const post of live.state) seen.current.add(post.id);
  }, [open, live.state]);

  const posts = useMemo(() => shownPosts(live.state, author), [live.state, author]);
  const selected = open ? selectedPost(posts, selectedId) : undefined;
  return {
    open,
    posts,
    selectedId: selected?.id,
    author: author === undefined ? undefined : live.state.find((post) => post.author.onion === author)?.author,
    isNew: (post) => !post.author.isSelf && !seenBeforeOpen.has(post.id),
    unseen: open ? 0 : unseenCount(live.state, seen.current),
    error: live.error,
    control: {
      open,
      selected,
      showWall: (onion) => {
        setAuthor(onion);
        setSelectedId(undefined);
      },
      refresh: live.refresh,
    },
    onKey(action) {
      if (!open || (action.type !== 'up' && action.type !== 'down')) return false;
      setSelectedId(stepSelection(posts, selected?.id, action.type === 'up' ? -1 : 1));
      return true;
    },
  };
}
