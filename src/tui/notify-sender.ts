/**
 * Shows desktop notifications (notifications.ts says what and how): the terminal sequence on
 * `stdout`, and `notify-send` when it is installed and a desktop session is there. The
 * command runs without a shell, detached, its output ignored; a failure only means no pop-up.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  hasDesktopSession,
  notifySendArguments,
  terminalNotificationSequence,
  terminalNotifyStyle,
  type DesktopNotification,
} from './notifications.js';

/** The notify-send on the PATH, if any. */
function findNotifySend(path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'notify-send');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A notifier for the environment `env`, writing terminal sequences to `stdout`. */
export function desktopNotifier(
  stdout: NodeJS.WritableStream,
  env: Readonly<Record<string, string | undefined>>,
): (notification: DesktopNotification) => void {
  const style = terminalNotifyStyle(env);
  const command = hasDesktopSession(env) ? findNotifySend(env['PATH'] ?? '') : undefined;
  return (notification) => {
    stdout.write(terminalNotificationSequence(notification, style));
    if (command === undefined) return;
    const child = spawn(command, notifySendArguments(notification), { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  };
}
