/**
 * `burrow ctl send … --wait DURATION`: a script that must know whether a message arrived waits
 * for the friend's node to confirm it (its receipt, docs/PROTOCOL.md "Receipts"), up to DURATION.
 * When the time runs out the command fails with 'PeerUnreachableError' (exit status 7) and the
 * message stays queued: Burrow keeps retrying, and hands it to mutual friends as usual.
 */
import { BurrowFailure } from '../../errors.js';
import type { DaemonClient } from '../../daemon/client.js';
import type { NodeEvent } from '../../node/api.js';
import { describeTimer, parseTimer } from '../../lib/disappearing-timer.js';
import { UsageError } from '../../cli/usage-error.js';
import type { MessageState, MessageView } from '../feature/api.js';

/** The longest wait (seconds): an hour; a script that waits longer should poll `history`. */
export const MAX_DELIVERY_WAIT_SECONDS = 3600;

/** States that mean the friend's node has the message. */
const ARRIVED: ReadonlySet<MessageState> = new Set(['delivered', 'read']);

/** `--wait`'s value as seconds (`30s`, `2m`, `1h`); a usage error when it is not one. */
export function parseDeliveryWait(text: string): number {
  const seconds = parseTimer(text);
  if (seconds === undefined || seconds === 0 || seconds > MAX_DELIVERY_WAIT_SECONDS) {
    throw new UsageError(`--wait takes a duration from 5s to 1h (e.g. 30s, 2m), not "${text}".`);
  }
  return seconds;
}

/** 'PeerUnreachableError': the friend did not confirm the message within `seconds`. */
export function notDeliveredInTime(seconds: number): BurrowFailure {
  return new BurrowFailure(
    'PeerUnreachableError',
    `The friend did not confirm the message within ${describeTimer(seconds)}: they are offline or unreachable. ` +
      'It stays queued; Burrow delivers it when they come online, or through a mutual friend.',
    { action: 'retry' },
  );
}

/**
 * Starts watching the daemon's events for `client` (call before sending, so no receipt is missed)
 * and returns a function that waits until message `id` has arrived, or rejects after `seconds`.
 */
export async function watchDelivery(
  client: DaemonClient,
  seconds: number,
): Promise<(message: MessageView) => Promise<MessageView>> {
  const states = new Map<string, MessageState>();
  const waiters = new Map<string, () => void>();
  await client.subscribe((event: NodeEvent) => {
    if (event.type !== 'message-state' || !ARRIVED.has(event.state)) return;
    states.set(event.id, event.state);
    waiters.get(event.id)?.();
  });
  return (message) =>
    new Promise((resolve, reject) => {
      const arrived = (): void => {
        clearTimeout(timer);
        resolve({ ...message, state: states.get(message.id) ?? message.state });
      };
      const timer = setTimeout(() => {
        waiters.delete(message.id);
        reject(notDeliveredInTime(seconds));
      }, seconds * 1000);
      if (ARRIVED.has(message.state) || states.has(message.id)) arrived();
      else waiters.set(message.id, arrived);
    });
}
