/**
 * Typed errors of the 1:1 chat service. Each names the fix; none contains message text or an
 * onion address (errors end up in log lines).
 */
import { BurrowFailure, withFields } from '../errors.js';
import { MAX_MESSAGE_BYTES } from '../protocol/envelope/limits.js';

/** 'MessageTooLongError': the message (`bytes` long in UTF-8) is longer than one chat message may be. */
export function messageTooLong(bytes: number): BurrowFailure & { readonly bytes: number } {
  const message = `The message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES} bytes (UTF-8). Split it into several messages.`;
  return withFields(new BurrowFailure('MessageTooLongError', message, { action: 'tell-user' }), { bytes });
}

/** 'EmptyMessageError': an empty message. */
export function emptyMessage(): BurrowFailure {
  return new BurrowFailure('EmptyMessageError', 'The message is empty. Type some text to send.', {
    action: 'tell-user',
  });
}

/** 'UnknownMessageError': `history` was asked for a page before a message that is not in that conversation. */
export function unknownMessage(): BurrowFailure {
  return new BurrowFailure(
    'UnknownMessageError',
    'No message with that id in this conversation. Use an id from an earlier `history` page (32 hex characters).',
    {
      action: 'tell-user',
    },
  );
}

/** 'InvalidHistoryLimitError': a history page size out of range (1 to `max`). */
export function invalidHistoryLimit(max: number): BurrowFailure {
  return new BurrowFailure(
    'InvalidHistoryLimitError',
    `The history limit must be a whole number from 1 to ${max}. Page through longer histories with \`before\`.`,
    {
      action: 'tell-user',
    },
  );
}

/** 'ChatInvariantError': the store broke an invariant the chat service relies on (a bug, or a damaged profile). */
export function chatInvariantBroken(what: string): BurrowFailure {
  return new BurrowFailure('ChatInvariantError', `Internal error in the chat service: ${what}. Please report it.`, {
    action: 'bug',
  });
}
