/**
 * Typed errors of taking messages back in 1:1 chat and groups (docs/PROTOCOL.md "Message lifecycle"):
 * edits, deletes, reactions and timers the user or a peer may not make. None contains message
 * text or an onion address (errors end up in log lines).
 */
import { BurrowFailure } from '../errors.js';
import { MAX_TIMER_SECONDS, MIN_TIMER_SECONDS } from './disappearing-timer.js';

/**
 * 'NotYourMessageError': an edit (or delete for everyone) of a message someone else wrote.
 * `inGroup`: group admins may delete anyone's message too.
 */
export function notYourMessage(what: 'edit' | 'delete', inGroup = false): BurrowFailure {
  return new BurrowFailure(
    'NotYourMessageError',
    what === 'edit'
      ? 'Only the author of a message can edit it.'
      : `Only the author of a message${inGroup ? ' or a group admin' : ''} can delete it for everyone; delete it for yourself instead.`,
    { action: 'tell-user' },
  );
}

/** 'MessageDeletedError': the message is deleted (or expired): nothing can change it any more. */
export function messageDeleted(): BurrowFailure {
  return new BurrowFailure('MessageDeletedError', 'That message is deleted; it cannot be changed.', {
    action: 'tell-user',
  });
}

/** 'NotAMessageError': the id names an edit, a reaction or a timer change, not a message. */
export function notAMessage(): BurrowFailure {
  return new BurrowFailure('NotAMessageError', 'That id is not a message you can act on.', { action: 'tell-user' });
}

/** 'InvalidReactionError': a reaction that is not exactly one emoji. */
export function invalidReaction(): BurrowFailure {
  return new BurrowFailure('InvalidReactionError', 'A reaction is exactly one emoji (e.g. 👍).', {
    action: 'tell-user',
  });
}

/** 'InvalidTimerError': a disappearing-message timer that is not off and not in range. */
export function invalidTimer(): BurrowFailure {
  return new BurrowFailure(
    'InvalidTimerError',
    `A timer is "off" or a duration from ${MIN_TIMER_SECONDS} seconds to ${MAX_TIMER_SECONDS / 86_400} days (e.g. 30s, 5m, 1h, 1d, 1w).`,
    { action: 'tell-user' },
  );
}
