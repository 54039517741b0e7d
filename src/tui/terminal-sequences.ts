/**
 * The escape sequences the TUI itself sends to its own terminal (never with peer text in
 * them): bell, window title, clipboard, alternate screen. Each is documented in xterm's
 * "Control Sequences" (ctlseqs); terminals that do not know one ignore it.
 */
import { terminalSafe } from '../text/terminal-safe.js';
import type { DesktopNotification } from './notifications.js';

const ESC = '\u001b';
const BEL = '\u0007';

/** BEL: the terminal bell (or its visual flash). */
export const BELL = BEL;

/** OSC 2: set the window title. The title is ours, but it is still cleaned of controls. */
export function setTitleSequence(title: string): string {
  return `${ESC}]2;${terminalSafe(title)}${BEL}`;
}

/** XTWINOPS 22;0 / 23;0: save the title on the terminal's stack, and restore it when we leave. */
export const PUSH_TITLE = `${ESC}[22;0t`;
/** See PUSH_TITLE. */
export const POP_TITLE = `${ESC}[23;0t`;

/**
 * OSC 52: put `text` on the system clipboard ("c"). Works in xterm, kitty, iTerm2, WezTerm,
 * foot, Windows Terminal, and in tmux with `set -g set-clipboard on`.
 */
export function copyToClipboardSequence(text: string): string {
  return `${ESC}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${BEL}`;
}

/**
 * DEC private mode 1049: the alternate screen, so the shell's scrollback is left as it was;
 * then CUP to the top left, since switching keeps the cursor where the shell left it.
 */
export const ENTER_ALTERNATE_SCREEN = `${ESC}[?1049h${ESC}[H`;
/** See ENTER_ALTERNATE_SCREEN. */
export const LEAVE_ALTERNATE_SCREEN = `${ESC}[?1049l`;
/** xterm mode 2004: the terminal marks pastes with ESC [200~ … ESC [201~ (use-key-handler.ts). */
export const ENABLE_BRACKETED_PASTE = `${ESC}[?2004h`;
/** See ENABLE_BRACKETED_PASTE. */
export const DISABLE_BRACKETED_PASTE = `${ESC}[?2004l`;

/** DECTCEM: show the cursor again (Ink hides it while it draws). */
export const SHOW_CURSOR = `${ESC}[?25h`;

/**
 * xterm modes 1000 (report button presses, which include the wheel) and 1006 (in SGR form,
 * `ESC [ < b ; x ; y M`): the wheel scrolls the conversation (input/mouse-sequences.ts).
 * Terminals keep Shift+drag for selecting text while it is on.
 */
export const ENABLE_MOUSE = `${ESC}[?1000h${ESC}[?1006h`;
/** See ENABLE_MOUSE. */
export const DISABLE_MOUSE = `${ESC}[?1006l${ESC}[?1000l`;

/** ED 2 + CUP: clear the screen (Ctrl+L; the UI then draws every row again). */
export const CLEAR_SCREEN = `${ESC}[2J${ESC}[H`;

/** Everything the TUI turns on when it takes the terminal (and again after a suspend). */
export const TAKE_TERMINAL = ENTER_ALTERNATE_SCREEN + PUSH_TITLE + ENABLE_BRACKETED_PASTE + ENABLE_MOUSE;
/** Everything it turns off when it gives the terminal back (exit, suspend). */
export const GIVE_BACK_TERMINAL =
  DISABLE_MOUSE + DISABLE_BRACKETED_PASTE + POP_TITLE + LEAVE_ALTERNATE_SCREEN + SHOW_CURSOR;

/**
 * What the TUI does to the terminal besides drawing. Injected, so tests can watch it and the
 * frames Ink draws stay free of these bytes.
 */
export interface TerminalEffects {
  bell(): void;
  setTitle(title: string): void;
  copyToClipboard(text: string): void;
  /** A desktop notification (notifications.ts), only when the user turned them on. */
  notify(notification: DesktopNotification): void;
  /** Ctrl+Z: give the terminal back and stop, as a shell job does; resumes on SIGCONT. */
  suspend(): void;
  /** Calls `listener` after a suspended UI took the terminal back; returns the removal. */
  onResume(listener: () => void): () => void;
}

/** How {@link terminalEffects} suspends, notifies and hears of a resume (terminal-session.ts, notifications.ts). */
export interface TerminalEffectsParts {
  readonly notify: (notification: DesktopNotification) => void;
  readonly suspend: () => void;
  readonly onResume: (listener: () => void) => () => void;
}

/** {@link TerminalEffects} that write to `stdout`. */
export function terminalEffects(stdout: NodeJS.WritableStream, parts: TerminalEffectsParts): TerminalEffects {
  return {
    bell: () => stdout.write(BELL),
    setTitle: (title) => stdout.write(setTitleSequence(title)),
    copyToClipboard: (text) => stdout.write(copyToClipboardSequence(text)),
    ...parts,
  };
}
