/**
 * What a scripted friend's reactions share (scripted-friend.ts runs them): the friend's node,
 * the one user it talks to, its persona and pauses, and a timer that a stopped script cancels.
 * Each reaction (reactions/*.ts) answers one kind of event and keeps its own small state.
 */
import type { NodeApi, NodeEvent } from '../node/api.js';
import type { Persona } from './personas.js';

/** The pauses of a scripted friend, in ms. */
export interface ScriptTiming {
  /** From the user coming online to the greeting. */
  readonly greetAfterMs: number;
  /** From a message, invitation or file offer arriving to reading (or accepting) it. */
  readonly readAfterMs: number;
  /** From reading to the answer. */
  readonly answerAfterMs: number;
  /** From the greeting to making a group of their own (personas with `ownGroup`). */
  readonly ownGroupAfterMs: number;
}

/** Long enough to look like reading and typing, short enough not to bore. */
export const DEFAULT_SCRIPT_TIMING: ScriptTiming = Object.freeze({
  greetAfterMs: 1_000,
  readAfterMs: 600,
  answerAfterMs: 1_200,
  ownGroupAfterMs: 4_000,
});

/** Everything a reaction may use. */
export interface ScriptContext {
  /** The friend's own node. */
  readonly api: NodeApi;
  /** The onion address of the demo's user. */
  readonly user: string;
  /** The other scripted friends' onion addresses (members of a group this friend makes). */
  readonly fellows: readonly string[];
  readonly persona: Persona;
  readonly timing: ScriptTiming;
  /** Absolute folder where files the user sends are saved. */
  readonly downloads?: string;
  /** Absolute path of the persona's gift file, written before the script starts. */
  readonly giftPath?: string;
  /** Runs `step` after `ms` unless the script stopped first; a failure is only logged. */
  after(ms: number, step: () => Promise<void>): void;
}

/** One reaction: looks at every event of the friend's node and schedules what to do. */
export type Reaction = (event: NodeEvent, context: ScriptContext) => void;

/** Whether `event` says the user just came online (presence is only reported for friends). */
export function userCameOnline(event: NodeEvent, context: ScriptContext): boolean {
  return event.type === 'presence' && event.onion === context.user && event.online;
}
