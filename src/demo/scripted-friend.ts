/**
 * A scripted friend for `burrow demo`: a real Burrow node (its own profile and onion service)
 * whose "user" is this script. It talks to the demo's user the way a person would, with pauses
 * so the exchange reads like someone typing: chat (reactions/chat.ts), groups
 * (reactions/groups.ts), files (reactions/files.ts) and taking messages back
 * (reactions/lifecycle.ts). Everything goes through the node API,
 * as a bot on `burrow daemon` would.
 */
import type { NodeApi, NodeEvent } from '../node/api.js';
import { logger, sensitive } from '../log.js';
import type { Persona } from './personas.js';
import { chatReaction } from './reactions/chat.js';
import { filesReaction } from './reactions/files.js';
import { groupsReaction, ownGroupReaction } from './reactions/groups.js';
import { lifecycleReaction } from './reactions/lifecycle.js';
import { DEFAULT_SCRIPT_TIMING, type Reaction, type ScriptContext, type ScriptTiming } from './script-context.js';

export { DEFAULT_SCRIPT_TIMING, type ScriptTiming } from './script-context.js';

const log = logger('demo-friend');

/** Options of {@link ScriptedFriend.attach}. */
export interface ScriptedFriendOptions {
  /** The friend's own node. */
  readonly api: NodeApi;
  /** The onion address of the demo's user. */
  readonly user: string;
  readonly persona: Persona;
  readonly timing?: Partial<ScriptTiming>;
  /** The other scripted friends (invited to a group of this friend's own). */
  readonly fellows?: readonly string[];
  /** Absolute folder for files the user sends (default: the node's download folder). */
  readonly downloads?: string;
  /** Absolute path of the persona's gift file, if it has one. */
  readonly giftPath?: string;
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
  readonly #context: ScriptContext;
  readonly #reactions: readonly Reaction[] = [
    chatReaction(),
    groupsReaction(),
    ownGroupReaction(),
    filesReaction(),
    lifecycleReaction(),
  ];
  readonly #timers = new Set<NodeJS.Timeout>();
  #api: NodeApi;
  #unsubscribe: () => void;
  #stopped = false;

  private constructor(options: ScriptedFriendOptions) {
    this.#api = options.api;
    const currentApi = (): NodeApi => this.#api;
    this.#context = {
      get api() {
        return currentApi();
      },
      user: options.user,
      fellows: options.fellows ?? [],
      persona: options.persona,
      timing: { ...DEFAULT_SCRIPT_TIMING, ...options.timing },
      ...(options.downloads === undefined ? {} : { downloads: options.downloads }),
      ...(options.giftPath === undefined ? {} : { giftPath: options.giftPath }),
      after: (ms, step) => this.#after(ms, step),
    };
    this.#unsubscribe = options.api.subscribe((event) => this.#onEvent(event));
  }

  /** Starts following `options.api`'s events. */
  static attach(options: ScriptedFriendOptions): ScriptedFriend {
    return new ScriptedFriend(options);
  }

  /**
   * Follows `api` from now on instead: the friend's node was started again (a friend who goes
   * offline now and then). What the script remembers (greeted, answered) stays.
   */
  moveTo(api: NodeApi): void {
    if (this.#stopped) return;
    this.#unsubscribe();
    this.#api = api;
    this.#unsubscribe = api.subscribe((event) => this.#onEvent(event));
  }

  /** Stops listening and cancels every pending step. Idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #onEvent(event: NodeEvent): void {
    if (this.#stopped) return;
    for (const react of this.#reactions) react(event, this.#context);
  }

  /** Runs `step` after `ms` unless stopped first; a failure (the node stopping, say) is only logged. */
  #after(ms: number, step: () => Promise<void>): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      step().catch((error: unknown) =>
        log.info('a scripted step failed', { persona: sensitive(this.#context.persona.name), error }),
      );
    }, ms);
    this.#timers.add(timer);
  }
}
