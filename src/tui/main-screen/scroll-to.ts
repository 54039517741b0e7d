/**
 * Where the page keys take a pane's scroll position (lines up from the newest), pure.
 */

/** What a page key asks for. */
export type ScrollTarget = 'page-up' | 'page-down' | 'top' | 'bottom';

/** The scroll position after `to`, from `current`, in a pane of `rows` rows that scrolls at most `maxScroll`. */
export function scrolledTo(to: ScrollTarget, current: number, maxScroll: number, rows: number): number {
  const page = Math.max(1, rows - 1);
  const from = Math.min(current, maxScroll);
  if (to === 'page-up') return Math.min(maxScroll, from + page);
  if (to === 'page-down') return Math.max(0, from - page);
  return to === 'top' ? maxScroll : 0;
}
