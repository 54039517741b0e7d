/**
 * Typed errors of the node itself (the services' errors live in src/contacts/ and src/chat/).
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
