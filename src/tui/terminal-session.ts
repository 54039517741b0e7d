/**
 * The terminal while the TUI holds it: the modes it turns on (alternate screen, bracketed
 * paste, the mouse: terminal-sequences.ts TAKE_TERMINAL) and gives back, also across a
 * suspend. Ctrl+Z arrives as a key (the terminal is in raw mode, so it sends no SIGTSTP
 * itself); a SIGTSTP from elsewhere (`kill -TSTP`) does the same. Either gives the terminal
 * back as the shell left it, then stops the process with SIGSTOP (which cannot be caught, so
 * the job really stops); `fg` sends SIGCONT, and the modes are taken again and the screen
 * redrawn by the resume listeners.
 */
import { GIVE_BACK_TERMINAL, TAKE_TERMINAL } from './terminal-sequences.js';

/** A terminal held by the TUI. */
export interface TerminalSession {
  /** Gives the terminal back and stops the process (see the file comment). */
  readonly suspend: () => void;
  readonly onResume: (listener: () => void) => () => void;
  /** Gives the terminal back for good and stops listening for signals. */
  readonly release: () => void;
}

/** Takes `stdout`'s terminal (when it is one) and returns how to suspend and release it. */
export function takeTerminal(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): TerminalSession {
  const isTerminal = stdout.isTTY;
  const listeners = new Set<() => void>();
  const setRaw = (raw: boolean): void => {
    if (stdin.isTTY) stdin.setRawMode(raw);
  };
  if (isTerminal) stdout.write(TAKE_TERMINAL);
  const suspend = (): void => {
    if (isTerminal) stdout.write(GIVE_BACK_TERMINAL);
    setRaw(false);
    process.kill(process.pid, 'SIGSTOP');
  };
  const resume = (): void => {
    setRaw(true);
    if (isTerminal) stdout.write(TAKE_TERMINAL);
    for (const listener of [...listeners]) listener();
  };
  process.on('SIGTSTP', suspend);
  process.on('SIGCONT', resume);
  return {
    suspend,
    onResume: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    release: () => {
      process.off('SIGTSTP', suspend);
      process.off('SIGCONT', resume);
      if (isTerminal) stdout.write(GIVE_BACK_TERMINAL);
    },
  };
}
