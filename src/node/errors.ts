/**
 * Typed errors of the session host itself (each service has its own errors.ts).
 */
import { BurrowFailure } from '../errors.js';

/** 'NodeStoppedError': a command reached a node after `stop()`. */
export function nodeStopped(): BurrowFailure {
  return new BurrowFailure(
    'NodeStoppedError',
    'The Burrow node is stopped. Start it again (restart the daemon or the app) to continue.',
    { action: 'tell-user' },
  );
}

/** 'NodeInvariantError': an impossible state inside the node (a bug). */
export function nodeInvariantBroken(what: string): BurrowFailure {
  return new BurrowFailure('NodeInvariantError', `Internal error in the Burrow node: ${what}. Please report it.`, {
    action: 'bug',
  });
}

/** 'UnhandledMessageKindError': a peer sent a kind of message no feature of this node receives (a service it does not run). */
export function unhandledMessageKind(kind: string): BurrowFailure {
  return new BurrowFailure(
    'UnhandledMessageKindError',
    `A friend sent a ${kind} message, which no service of this node handles. Closed the session.`,
    {
      action: 'drop-peer',
    },
  );
}

/** 'BulkSessionViolationError': a friend sent something other than file data on a bulk session (docs/PROTOCOL.md "2a. Session purpose"). */
export function bulkSessionViolation(kind: string): BurrowFailure {
  return new BurrowFailure(
    'BulkSessionViolationError',
    `A friend sent a ${kind} message on a session opened for file data only. Closed that session.`,
    { action: 'drop-peer' },
  );
}
