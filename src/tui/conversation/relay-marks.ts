/**
 * The mark column of an outgoing message sealed for an offline friend (relay/feature/api.ts): instead
 * of ' ·' / ' ✓' it shows where the sealed copy stands, two columns like every mark:
 *
 *     »2   held by 2 friends for the recipient (»+ for ten or more)
 *     »0   sealed, no friend has taken it yet
 *     »!   no friend holds it any more (it waits for the recipient or another friend)
 *
 * Once the message is delivered (directly or through friends) the usual ✓✓ shows.
 */
import type { MessageView } from '../../node/api.js';
import type { MessageRelayView } from '../../relay/feature/api.js';

/** The legend line of the help screen. */
export const RELAY_MARKS_LEGEND = {
  left: '»2 »0 »!',
  right: 'sealed for an offline friend: held by 2 friends, by none yet, by none any more',
} as const;

/** The two-column relay mark of one of our messages, or undefined when the usual delivery mark applies. */
export function relayMark(message: MessageView): string | undefined {
  const relay = message.relay;
  if (relay === undefined || message.direction !== 'out' || message.state === 'delivered' || message.state === 'read')
    return undefined;
  switch (relay.state) {
    case 'waiting':
      return '»0';
    case 'held':
      return relay.holders > 9 ? '»+' : `»${relay.holders}`;
    case 'dropped':
      return '»!';
    case 'delivered':
      return undefined;
  }
}

/** `message` with where its sealed copy stands now (`relay` undefined: it has none any more). */
export function withRelay(message: MessageView, relay: MessageRelayView | undefined): MessageView {
  if (relay !== undefined) return { ...message, relay };
  const rest: { -readonly [K in keyof MessageView]?: MessageView[K] } = { ...message };
  delete rest.relay;
  return rest as MessageView;
}
