/**
 * Relay messages on their way to friends: one queue per friend, so each gets them in the order
 * the engine made them, and word back to the engine about any that did not reach the friend.
 *
 * A message written to a session can still be lost when the session closes (a duplicate session
 * the friend was dropping, a friend going offline mid-send). Offers and hand-offs are answered,
 * so the engine makes them again after a reconnect; receipts, withdrawals and dropped notices are
 * not (OWED_UNTIL_HANDLED), so they count as delivered only once the friend handled them (the
 * host's `onHandled`), and one lost with a closing session goes again at once on the session
 * that replaced it: each resend waits for a close, so a failing friend cannot make it spin.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import type { FeatureContext } from '../../node/feature.js';
import type { RelayMessage } from '../../protocol/relay/relay-message-codec.js';
import { SessionClosedError } from '../../session/session-errors.js';
import { OWED_UNTIL_HANDLED } from '../engine.js';

const log = logger('relay-node');

/** Tells the engine a message did not reach `to`; with `resend`, sends what `to` is owed now. */
export type OwedAgain = (to: OnionAddress, message: RelayMessage, resend: boolean) => void;

/** Per-friend ordered sending of relay messages. */
export class RelaySender {
  readonly #context: Pick<FeatureContext, 'send' | 'onlineFriends' | 'track'>;
  readonly #owedAgain: OwedAgain;
  /** The tail of each friend's send queue. */
  readonly #sending = new Map<OnionAddress, Promise<void>>();

  constructor(context: Pick<FeatureContext, 'send' | 'onlineFriends' | 'track'>, owedAgain: OwedAgain) {
    this.#context = context;
    this.#owedAgain = owedAgain;
  }

  /** Queues `message` to `to` behind what is already on its way to them. */
  enqueue(to: OnionAddress, message: RelayMessage): void {
    const previous = this.#sending.get(to) ?? Promise.resolve();
    const next = previous.then(() => this.#sendOne(to, message));
    this.#sending.set(to, next);
    this.#context.track(next);
    void next.then(() => {
      if (this.#sending.get(to) === next) this.#sending.delete(to);
    });
  }

  /** Sends one relay message; never rejects. */
  async #sendOne(to: OnionAddress, message: RelayMessage): Promise<void> {
    const onHandled = (handled: boolean): void => {
      if (!handled) this.#owedAgain(to, message, this.#context.onlineFriends().includes(to));
    };
    let sent = false;
    try {
      sent = await this.#context.send(
        to,
        'relay',
        message,
        OWED_UNTIL_HANDLED.has(message.type) ? onHandled : undefined,
      );
    } catch (error) {
      if (!(error instanceof SessionClosedError))
        log.warn('sending a relay message failed', { peer: sensitive(to), type: message.type, error });
    }
    if (!sent) this.#owedAgain(to, message, false);
  }
}
