/**
 * Desktop notifications, opt-in (`/set notify on`): a line naming who wrote, and the message
 * text only when the user asks for it too (`/set preview on`). Two ways out, both used when
 * present:
 *
 * - the terminal's own: OSC 777 (`ESC ] 777 ; notify ; title ; body BEL`: foot, urxvt, VTE
 *   with the notify patch, WezTerm, Ghostty) or OSC 9 (`ESC ] 9 ; text BEL`: iTerm2, kitty,
 *   WezTerm, Ghostty), chosen by what the terminal says it is, so that none shows two;
 * - `notify-send` (libnotify) when it is on the PATH and a desktop session is there
 *   (DISPLAY or WAYLAND_DISPLAY); it is run without a shell, its text after `--`.
 *
 * Everything here is pure; notify-sender.ts runs the command.
 */
import { terminalSafe } from '../text/terminal-safe.js';

/** One notification: a title and a body, both ours or already terminal-safe. */
export interface DesktopNotification {
  readonly title: string;
  readonly body: string;
}

/** Which terminal notification a terminal understands. */
export type TerminalNotifyStyle = 'osc9' | 'osc777';

/** The terminal notification style for the environment the UI runs in. */
export function terminalNotifyStyle(env: Readonly<Record<string, string | undefined>>): TerminalNotifyStyle {
  const program = env['TERM_PROGRAM'] ?? '';
  if (/^(iTerm\.app|WezTerm|ghostty)$/i.test(program) || (env['TERM'] ?? '').includes('kitty')) return 'osc9';
  return 'osc777';
}

/** Whether notify-send is worth running: a desktop session is there. */
export function hasDesktopSession(env: Readonly<Record<string, string | undefined>>): boolean {
  return (env['DISPLAY'] ?? '') !== '' || (env['WAYLAND_DISPLAY'] ?? '') !== '';
}

/** Longest body sent (a preview is a glance, not the message). */
export const MAX_NOTIFICATION_BODY = 120;

/** Text fit for an OSC string: no controls, no `;` (OSC 777 separates fields with it), cut short. */
function oscText(text: string, max: number): string {
  const safe = terminalSafe(text).replace(/;/g, ',');
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** The escape sequence that shows `notification` in a terminal of `style`. */
export function terminalNotificationSequence(notification: DesktopNotification, style: TerminalNotifyStyle): string {
  const title = oscText(notification.title, 60);
  const body = oscText(notification.body, MAX_NOTIFICATION_BODY);
  return style === 'osc9' ? `\u001b]9;${title}: ${body}\u0007` : `\u001b]777;notify;${title};${body}\u0007`;
}

/** notify-send's arguments for `notification`: options first, then `--` and the text. */
export function notifySendArguments(notification: DesktopNotification): string[] {
  return [
    '--app-name=Burrow',
    '--',
    terminalSafe(notification.title),
    terminalSafe(notification.body).slice(0, MAX_NOTIFICATION_BODY),
  ];
}

/** What a notification about a message says: who wrote, and the text only when `preview` is on. */
export function messageNotification(from: string, text: string, preview: boolean): DesktopNotification {
  return { title: 'Burrow', body: preview ? `${from}: ${text.replace(/\s+/g, ' ')}` : `New message from ${from}` };
}
