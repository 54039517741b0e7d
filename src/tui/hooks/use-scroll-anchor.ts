/**
 * Keeps the pane still while the user has scrolled up: lines added below push the scroll
 * offset up with them. Another conversation opens at the bottom.
 */
import { useRef, type RefObject } from 'react';
import type { DisplayLine } from '../text/display-line.js';

/** Follows `lines` of conversation `key`; `scroll` holds the offset, `setScroll` changes it. */
export function useScrollAnchor(
  lines: readonly DisplayLine[],
  key: string | undefined,
  scroll: RefObject<{ readonly scroll: number }>,
  setScroll: (scroll: number) => void,
): void {
  const lastKey = lines.at(-1)?.key;
  const anchor = useRef({ key, lastKey });
  if (anchor.current.key === key && anchor.current.lastKey === lastKey) return;
  if (anchor.current.key !== key) {
    setScroll(0);
  } else if (scroll.current.scroll > 0) {
    const previous = lines.findIndex((line) => line.key === anchor.current.lastKey);
    if (previous >= 0) setScroll(scroll.current.scroll + (lines.length - 1 - previous));
  }
  anchor.current = { key, lastKey };
}
