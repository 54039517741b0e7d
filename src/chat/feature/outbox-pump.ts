/**
 * Writes each friend's unacknowledged chat messages to their session, in store order (a new
 * session gets them all again: the peer drops duplicates by id). One pump runs per friend at a
 * time; a trigger while it runs makes it look again when done, so a message composed mid-round
 * is never overtaken nor forgotten.
 *
 * A message still unacknowledged {@link RESEND_UNACKED_MS} after it was written is written
 * again on the same session, the wait doubling each time up to {@link MAX_RESEND_UNACKED_MS}:
 * the receiver refuses, without an ack, what is over its budget for us (chat-budget.ts), and
 * takes it when it is written again later.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import { formatMessageId } from '../../protocol/chat/message-id.js';
import type { StoredMessage } from '../store/messages-repository.js';
import { SessionClosedError } from '../../session/session-errors.js';
import type { FeatureSession } from '../../node/feature.js';

const log = logger('outbox-pump');

/** A message unacknowledged this long after it was written is written again on the same session. */
export const RESEND_UNACKED_MS = 30_000;
/** The longest wait between two writes of one unacknowledged message (the wait doubles up to it). */
export const MAX_RESEND_UNACKED_MS = 30 * 60_000;

/** When a message was last written on a session, and how often. */
interface Written {
  readonly at: number;
  readonly times: number;
}

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
  /** Unix ms. */
  readonly now: () => number;
  /** The first wait before writing an unacknowledged message again (default {@link RESEND_UNACKED_MS}). */
  readonly resendAfterMs?: number | undefined;
}

/** The per-friend send loop. */
export class OutboxPump {
  readonly #options: OutboxPumpOptions;
  readonly #running = new Set<OnionAddress>();
  readonly #again = new Set<OnionAddress>();
  /** The messages written on each session, by hex id (all are written again on the next session). */
  readonly #written = new WeakMap<FeatureSession, Map<string, Written>>();
  /** Per friend: the timer of the next write of an unacknowledged message. */
  readonly #timers = new Map<OnionAddress, NodeJS.Timeout>();
  readonly #resendAfterMs: number;
  #stopped = false;

  constructor(options: OutboxPumpOptions) {
    this.#options = options;
    this.#resendAfterMs = options.resendAfterMs ?? RESEND_UNACKED_MS;
  }

  /** Sends what is pending for `peer` now, or after the round that is running. */
  trigger(peer: OnionAddress): void {
    if (this.#stopped) return;
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

  /**
   * Writes everything unacknowledged to `peer` again now, whatever the waits: the peer has just
   * read our messages, which frees its budget of unread bytes for us.
   */
  retryNow(peer: OnionAddress): void {
    const link = this.#options.linkFor(peer);
    if (link !== undefined) this.#written.get(link)?.clear();
    this.trigger(peer);
  }

  /** Cancels the timers; nothing is written any more. */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  async #run(peer: OnionAddress): Promise<void> {
    try {
      let nextWrite = Number.POSITIVE_INFINITY;
      do {
        this.#again.delete(peer);
        nextWrite = Number.POSITIVE_INFINITY;
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
          const now = this.#options.now();
          const before = written.get(id);
          if (before !== undefined && now < before.at + this.#wait(before.times)) {
            nextWrite = Math.min(nextWrite, before.at + this.#wait(before.times));
            continue;
          }
          const times = (before?.times ?? 0) + 1;
          written.set(id, { at: now, times });
          nextWrite = Math.min(nextWrite, now + this.#wait(times));
          await this.#options.send(link, message);
          this.#options.sent(message);
        }
      } while (this.#again.has(peer));
      this.#armResend(peer, nextWrite);
    } catch (error) {
      // A closed session ends this round; the next session starts a new one.
      if (!(error instanceof SessionClosedError))
        log.error('sending queued messages failed', { peer: sensitive(peer), error });
    }
  }

  /** How long after its `times`-th write an unacknowledged message is written again. */
  #wait(times: number): number {
    return Math.min(this.#resendAfterMs * 2 ** (times - 1), Math.max(this.#resendAfterMs, MAX_RESEND_UNACKED_MS));
  }

  /** Runs the pump for `peer` again at `at` (unix ms), when the first unacknowledged message is due. */
  #armResend(peer: OnionAddress, at: number): void {
    clearTimeout(this.#timers.get(peer));
    this.#timers.delete(peer);
    if (this.#stopped || at === Number.POSITIVE_INFINITY) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(peer);
        this.trigger(peer);
      },
      Math.max(0, at - this.#options.now()),
    );
    timer.unref();
    this.#timers.set(peer, timer);
  }

  #writtenOn(link: FeatureSession): Map<string, Written> {
    let written = this.#written.get(link);
    if (written === undefined) this.#written.set(link, (written = new Map<string, Written>()));
    return written;
  }
}
