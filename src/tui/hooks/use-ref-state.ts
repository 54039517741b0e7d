/**
 * A screen's state that its key handler reads and writes through a ref, not through the state
 * of the last render: Ink hands every key of one input chunk to the handler before React
 * renders again (and the handler itself is always the latest render's: use-key-handler.ts).
 */
import { useCallback, useRef, useState, type RefObject } from 'react';

/** The state as rendered, the ref holding the newest state, and a way to change some of it. */
export function useRefState<S extends object>(initial: S): readonly [S, RefObject<S>, (change: Partial<S>) => void] {
  const [state, setState] = useState<S>(initial);
  const ref = useRef(state);
  const patch = useCallback((change: Partial<S>): void => {
    ref.current = { ...ref.current, ...change };
    setState(ref.current);
  }, []);
  return [state, ref, patch] as const;
}
