/**
 * Typed errors of the session host itself (each service has its own errors.ts).
 */
import { BurrowError } from '../errors.js';

/** A command reached a node after `stop()`. */
export class NodeStoppedError extends BurrowError {
  override readonly name = 'NodeStoppedError';
  constructor() {
    super('The Burrow node is stopped. Start it again (restart the daemon or the app) to continue.', { action: 'tell-user' });
  }
}

/** An impossible state inside the node (a bug). */
export class NodeInvariantError extends BurrowError {
  override readonly name = 'NodeInvariantError';
  constructor(what: string) {
    super(`Internal error in the Burrow node: ${what}. Please report it.`, { action: 'bug' });
  }
}

/** A peer sent a kind of message no feature of this node receives (a service it does not run). */
export class UnhandledMessageKindError extends BurrowError {
  override readonly name = 'UnhandledMessageKindError';
  constructor(readonly kind: string) {
    super(`A friend sent a ${kind} message, which no service of this node handles. Closed the session.`, { action: 'drop-peer' });
  }
}
