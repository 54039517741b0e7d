/**
 * What `burrow ctl delete|react|timer` and `burrow ctl group delete|react|timer` share: the same
 * verbs on a 1:1 conversation or a group (docs/PROTOCOL.md "Message lifecycle"); only the
 * daemon method and how a message is printed differ.
 */
import type { DaemonClient } from '../daemon/client.js';
import { describeTimer } from '../lib/disappearing-timer.js';
import type { CtlOutput } from './ctl-command.js';
import { UsageError } from './usage-error.js';

/** Calls a delete method and says what was deleted where. */
export async function runDelete(
  client: DaemonClient,
  method: string,
  params: Readonly<Record<string, string>>,
  forEveryone: boolean,
  output: CtlOutput,
): Promise<number> {
  await client.call(method, { ...params, forEveryone });
  return output.print({ id: params['id'], deleted: true, forEveryone }, () =>
    forEveryone ? 'deleted for everyone' : 'deleted here',
  );
}

/** A react command's emoji parameter: exactly one of an emoji and `--remove`. */
export function reactionParams(emoji: string | undefined, remove: boolean): { emoji?: string } {
  if (remove === (emoji !== undefined)) throw new UsageError('give one emoji or --remove.');
  return remove || emoji === undefined ? {} : { emoji };
}

/** Prints a timer command's answer: the timer when only asked, else the system line that set it. */
export function printTimerAnswer<Line>(
  answer: unknown,
  asked: boolean,
  output: CtlOutput,
  formatLine: (line: Line) => string,
): number {
  if (!asked) return output.print(answer, () => formatLine(answer as Line));
  const { seconds } = answer as { seconds: number };
  return output.print(answer, () => `messages disappear: ${seconds === 0 ? 'off' : `after ${describeTimer(seconds)}`}`);
}
