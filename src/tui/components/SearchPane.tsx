/**
 * The search results view (/search): the matches, one row each, drawn by the conversation
 * pane with the chosen row kept in view (search/search-results.ts).
 */
import { searchLines, searchTitle, type SearchResults } from '../search/search-results.js';
import { ConversationPane } from './ConversationPane.js';

/** Props of SearchPane. */
export interface SearchPaneProps {
  readonly results: SearchResults;
  readonly selected: number;
  readonly width: number;
  readonly height: number;
}

/** The results, the `selected` one marked and in view. */
export function SearchPane({ results, selected, width, height }: SearchPaneProps) {
  const lines = searchLines(results, selected, width);
  // The pane counts its scroll from the bottom; keep the chosen row within its body.
  const end = Math.min(lines.length, Math.max(height - 1, selected + 1));
  return (
    <ConversationPane
      header={{ kind: 'title', title: searchTitle(results) }}
      lines={lines}
      scroll={lines.length - end}
      width={width}
      height={height}
      status={undefined}
      anchorTop
    />
  );
}
