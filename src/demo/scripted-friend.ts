/**
 * A scripted friend for `burrow demo`: a real Burrow node (its own profile and onion service)
 * whose "user" is this script. It talks only to the demo's user: greets them the first time
 * they are online as friends, and answers each of their messages after marking it read, with
 * pauses so the exchange reads like a person typing. Everything goes through the node API, as
 * a bot on `burrow daemon` would.
 */
import type { NodeApi, NodeEvent } from '../node/api.js';
import { logger, sensitive } from '../log.js';
import type { Persona } from './personas.js';

const log = logger('demo-friend');

/** The pauses of a scripted friend, in ms. */
export interface ScriptTiming {
  /** From the user coming online to the greeting. */
  readonly greetAfterMs: number;
  /** From a message arriving to marking it read. */
  readonly readAfterMs: number;
  /** From marking it read to the answer. */
  readonly answerAfterMs: number;
}

/** Long enough to look like reading and typing, short enough not to bore. */
export const DEFAULT_SCRIPT_TIMING: ScriptTiming = Object.freeze({
  greetAfterMs: 1_000,
  readAfterMs: 600,
  answerAfterMs: 1_200,
});

/** Options of {@link ScriptedFriend.attach}. */
export interface ScriptedFriendOptions {
  /** The friend's own node. */
  readonly api: NodeApi;
  /** The onion address of the one contact the script talks to. */
  readonly user: string;
  readonly persona: Persona;
  readonly timing?: Partial<ScriptTiming>;
}

/**
 * Drives a node as a persona would.
 *
 * @example
 * const ada = ScriptedFriend.attach({ api: adaNode, user: userOnion, persona: ADA });
 * // … later
 * ada.stop();
 */
export class ScriptedFriend {
  readonly #api: NodeApi;
  readonly #user: string;
  readonly #persona: Persona;
  readonly #timing: ScriptTiming;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #unsubscribe: () => void;
  #greeted = false;
  #answered = 0;
  #stopped = false;

  private constructor(options: ScriptedFriendOptions) {
    this.#api = options.api;
    this.#user = options.user;
    this.#persona = options.persona;
    this.#timing = { ...DEFAULT_SCRIPT_TIMING, ...options.timing };
    this.#unsubscribe = this.#api.subscribe((event) => this.#onEvent(event));
  }

  /** Starts following `options.api`'s events. */
  static attach(options: ScriptedFriendOptions): ScriptedFriend {
    return new ScriptedFriend(options);
  }

  /** Stops listening and cancels every pending greeting or answer. Idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #onEvent(event: NodeEvent): void {
    if (event.type === 'presence' && event.onion === this.#user && event.online && !this.#greeted) {
      // Presence is only ever reported for friends, so this is the first time we can talk.
      this.#greeted = true;
      this.#after(this.#timing.greetAfterMs, () => this.#say(this.#persona.greeting));
    } else if (
      event.type === 'message' &&
      event.message.direction === 'in' &&
      event.message.conversation === this.#user
    ) {
      const answer = this.#persona.reply(event.message.text, this.#answered++);
      this.#after(this.#timing.readAfterMs, async () => {
        await this.#api.markRead(this.#user);
        this.#after(this.#timing.answerAfterMs, () => this.#say(answer));
      });
    }
  }

  async #say(text: string): Promise<void> {
    await this.#api.sendMessage(this.#user, text);
  }

  /** Runs `step` after `ms` unless stopped first; a failure (the node stopping, say) is only logged. */
  #after(ms: number, step: () => Promise<void>): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      step().catch((error: unknown) =>
        log.info('a scripted step failed', { persona: sensitive(this.#persona.name), error }),
      );
    }, ms);
    this.#timers.add(timer);
  }
}
