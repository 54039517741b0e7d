/**
 * The sidebar's Feed row, under the conversations: opens the feed (Ctrl+N/P reach it after
 * the last group; /feed anywhere), with the count of friends' posts not seen yet.
 */
import { Text } from 'ink';
import { displayWidth, padToWidth } from '../text/text-width.js';

/** Props of FeedRow. */
export interface FeedRowProps {
  readonly unseen: number;
  readonly selected: boolean;
  readonly width: number;
}

/** "≡ Feed" and the count of new posts, inverse when the feed is open. */
export function FeedRow({ unseen, selected, width }: FeedRowProps) {
  const count = unseen > 0 ? ` ${unseen > 99 ? '99+' : unseen}` : '';
  return (
    <Text inverse={selected} bold={unseen > 0} wrap="truncate">
      <Text color="cyan">≡</Text> {padToWidth('Feed', Math.max(0, width - 2 - displayWidth(count)))}
      <Text color="cyan">{count}</Text>
    </Text>
  );
}
