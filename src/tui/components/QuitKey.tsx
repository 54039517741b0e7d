/**
 * Ctrl+C quits from the screens that have no key handling of their own for it (the main
 * screen handles Ctrl+C itself, with its other keys). Draws nothing.
 */
import { useKeyHandler } from '../hooks/use-key-handler.js';

/** Props of QuitKey. */
export interface QuitKeyProps {
  readonly onQuit: () => void;
  readonly isActive: boolean;
}

/** Listens for Ctrl+C while active. */
export function QuitKey({ onQuit, isActive }: QuitKeyProps) {
  useKeyHandler(
    (event) => {
      if (event.kind === 'key' && event.key.ctrl && event.input === 'c') onQuit();
    },
    { isActive },
  );
  return null;
}
