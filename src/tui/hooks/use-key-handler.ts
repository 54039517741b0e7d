/**
 * Registers a screen's or a field's key handler with the KeyRouter (KeyRouter.tsx), which
 * turns raw input into {@link KeyEvent}s (keys and whole pastes). The handler that runs is
 * always the one from the latest render, and it is registered during the commit (a layout
 * effect), so a key that arrives right after a screen changed already finds the new one.
 */
import { useContext, useLayoutEffect, useRef } from 'react';
import { KeyRouterContext, type KeyEvent, type WheelListener } from '../components/KeyRouter.js';

export type { KeyEvent } from '../components/KeyRouter.js';

/** Calls `handler` with every key and paste while `isActive` (default true). */
export function useKeyHandler(handler: (event: KeyEvent) => void, options: { readonly isActive?: boolean } = {}): void {
  const router = useContext(KeyRouterContext);
  if (router === undefined) throw new Error('useKeyHandler needs a <KeyRouter> above it (App renders one)');
  const latest = useRef(handler);
  latest.current = handler;
  const active = options.isActive ?? true;
  useLayoutEffect(() => (active ? router.listen((event) => latest.current(event)) : undefined), [router, active]);
}

/** Calls `handler` with every notch of the mouse wheel (input/mouse-sequences.ts). */
export function useWheelHandler(handler: WheelListener): void {
  const router = useContext(KeyRouterContext);
  if (router === undefined) throw new Error('useWheelHandler needs a <KeyRouter> above it (App renders one)');
  const latest = useRef(handler);
  latest.current = handler;
  useLayoutEffect(() => router.listenWheel((direction) => latest.current(direction)), [router]);
}
