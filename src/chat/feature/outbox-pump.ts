/**
 * Writes each friend's unacknowledged chat messages to their session, in store order, each
 * once per session (a new session gets them all again: the peer drops duplicates by id). One
 * pump runs per friend at a time; a trigger while it runs makes it look again when done, so
 * a message composed mid-round is never overtaken nor forgotten.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import { formatMessageId } from '../../protocol/chat/message-id.js';
import type { StoredMessage } from '../store/messages-repository.js';
import { SessionClosedError } from '../../session/session-errors.js';
import type { FeatureSession } from '../../node/feature.js';

const log = logger('outbox-pump');

/** What the pump needs from the chat feature. */
export interface OutboxPumpOptions {
  /** The session in use with friend `peer`, if it may carry chat now (open and greeted). */
  readonly linkFor: (peer: OnionAddress) => FeatureSession | undefined;
  /** Unacknowledged messages to `peer`, oldest first. */
  readonly pending: (peer: OnionAddress) => StoredMessage[];
  /** Writes one message to the session; rejects with SessionClosedError if it closed. */
  readonly send: (link: FeatureSession, message: StoredMessage) => Promise<void>;
  /** The message was written (mark it sent). */
  readonly sent: (message: StoredMessage) => void;
  /** Registers a background task so `stop()` can wait for it. */
  readonly track: (task: Promise<unknown>) => void;
}

/** The per-friend send loop. */
export class OutboxPump {
  readonly #options: OutboxPumpOptions;
  readonly #running = new Set<OnionAddress>();
  readonly #again = new Set<OnionAddress>();
  /** Hex ids of the messages written on each session (each is written once per session; resent on the next). */
  readonly #written = new WeakMap<FeatureSession, Set<string>>();

  constructor(options: OutboxPumpOptions) {
    this.#options = options;
  }

  /** Sends what is pending for `peer` now, or after the round that is running. */
  trigger(peer: OnionAddress): void {
    if (this.#running.has(peer)) {
      this.#again.add(peer);
      return;
    }
    this.#running.add(peer);
    this.#options.track(
      this.#run(peer).finally(() => {
        this.#running.delete(peer);
        this.#again.delete(peer);
      }),
    );
  }

  async #run(peer: OnionAddress): Promise<void> {
    try {
      do {
        this.#again.delete(peer);
        const link = this.#options.linkFor(peer);
        if (link === undefined) return;
        const written = this.#writtenOn(link);
        for (const message of this.#options.pending(peer)) {
          if (this.#options.linkFor(peer) !== link) {
            // The session changed under us: start over on the new one.
            this.#again.add(peer);
            break;
          }
          const id = formatMessageId(message.id);
          if (written.has(id)) continue;
          written.add(id);
          await this.#options.send(link, message);
          this.#options.sent(message);
        }
      } while (this.#again.has(peer));
    } catch (error) {
      // A closed session ends this round; the next session starts a new one.
      if (!(error instanceof SessionClosedError))
        log.error('sending queued messages failed', { peer: sensitive(peer), error });
    }
  }

  #writtenOn(link: FeatureSession): Set<string> {
    let written = this.#written.get(link);
    if (written === undefined) this.#written.set(link, (written = new Set()));
    return written;
  }
}
