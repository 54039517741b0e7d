/**
 * The feed view (/feed, or the Feed row of the sidebar): a header with the count and what the
 * input line does here, then the posts (feed/feed-lines.ts), scrolled so that the selected
 * post's first line stays in view.
 */
import { Box, Text } from 'ink';
import type { WallPostView } from '../../walls/feature/api.js';
import { personName } from '../conversation/group-list.js';
import { feedLines, postHeadKey } from '../feed/feed-lines.js';
import { STYLES } from './ConversationPane.js';
import { Lines } from './Lines.js';

/** Props of FeedPane. */
export interface FeedPaneProps {
  readonly posts: readonly WallPostView[];
  readonly selectedId: string | undefined;
  readonly isNew: (post: WallPostView) => boolean;
  /** Whose wall is shown, when only one author's posts are. */
  readonly author: WallPostView['author'] | undefined;
  readonly width: number;
  /** With the header row. */
  readonly height: number;
  /** Why the feed could not be read, shown in place of the keys. */
  readonly status: string | undefined;
}

const EMPTY = 'Nothing here yet. Type a line to post it to your wall; your friends’ posts show up here.';

/** The header and the visible lines of the feed. */
export function FeedPane({ posts, selectedId, isNew, author, width, height, status }: FeedPaneProps) {
  const rows = Math.max(0, height - 1);
  const lines = feedLines({ posts, selectedId, isNew, width });
  const headAt = lines.findIndex((line) => line.key === postHeadKey(selectedId ?? ''));
  // The selected post starts a third of the way down, so its unfolded comments fit below it.
  const first = Math.max(0, Math.min(headAt - Math.floor(rows / 3), lines.length - rows));
  const title =
    author === undefined ? `Feed (${posts.length})` : `${author.isSelf ? 'Your' : `${personName(author)}’s`} wall`;
  const keys = status ?? '↑↓ choose · type to post · /comment /react /wall · /help';
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box height={1} overflow="hidden">
        <Text bold wrap="truncate">
          {title}
        </Text>
        <Text dimColor wrap="truncate">{`  ${keys}`}</Text>
      </Box>
      <Box flexDirection="column" height={rows} overflow="hidden">
        {posts.length === 0 ? (
          <Text dimColor wrap="wrap">
            {EMPTY}
          </Text>
        ) : (
          <Lines lines={lines.slice(first, first + rows)} styles={STYLES} />
        )}
      </Box>
    </Box>
  );
}
