/**
 * Typed failures of opening and checking a sealed envelope. The "peer" at fault is the
 * envelope's unknown sender, never the friend who carried it: the relay engine turns these into
 * a `rejected` verdict and keeps the session. Only callers that open envelopes see them.
 */
import { BurrowError, BurrowFailure } from '../errors.js';

/**
 * An envelope that does not open: not sealed to us, tampered with on the way, or a plaintext
 * that is not a well-formed inner payload (the sender sealed garbage).
 */
export class EnvelopeUnreadableError extends BurrowError {
  override readonly name = 'EnvelopeUnreadableError';
  constructor(
    readonly reason: 'undecryptable' | 'malformed' | 'commitment',
    cause?: unknown,
  ) {
    super(`A relayed message could not be read (${reason}); it was dropped`, { action: 'drop-peer', cause });
  }
}

/** The inner payload's MAC does not verify under the pair key of the sender it names and us, for this envelope id. */
export class InnerAuthenticationError extends BurrowError {
  override readonly name = 'InnerAuthenticationError';
  constructor() {
    super('A relayed message did not authenticate as from the sender it names; it was dropped', {
      action: 'drop-peer',
    });
  }
}

/** The sender of a relayed message may not send us that kind of message (not a friend, not a member). */
export class UnauthorizedRelaySenderError extends BurrowError {
  override readonly name = 'UnauthorizedRelaySenderError';
  constructor(readonly kind: string) {
    super(`A relayed ${kind} came from someone who may not send it to you; it was dropped`, { action: 'drop-peer' });
  }
}

/** 'InvalidRelayLimitError': the relay quota `limit` the user asked for is not a non-negative whole number. */
export function invalidRelayLimit(limit: string): BurrowFailure {
  return new BurrowFailure(
    'InvalidRelayLimitError',
    `${limit} must be a whole number of 0 or more (0 holds nothing for friends)`,
    { action: 'tell-user' },
  );
}
