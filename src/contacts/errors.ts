/**
 * Typed errors of the contacts service. User-facing ones name the fix; peer-caused ones
 * (action 'drop-peer') close the offending session and never reach the user.
 *
 * Messages contain no onion address or nickname: errors end up in log lines (src/log.ts). A
 * front end that wants to say which contact failed adds it itself.
 */
import { BurrowError, BurrowFailure, withFields } from '../errors.js';
import { MAX_REQUEST_MESSAGE_BYTES } from '../protocol/envelope/limits.js';

/** 'UnknownContactError': the onion address is not in the contact list. */
export function unknownContact(): BurrowFailure {
  return new BurrowFailure(
    'UnknownContactError',
    'That onion address is not one of your contacts. Add it first with `add <onion> <message>`.',
    { action: 'tell-user' },
  );
}

/** 'NotAFriendError': chat needs a friend; the contact (in `state`) has not accepted yet, or is blocked. */
export function notAFriend(state: string): BurrowFailure & { readonly state: string } {
  const fix =
    state === 'outgoing-request'
      ? 'They have not accepted your contact request yet; you can chat once they do.'
      : state === 'incoming-request'
        ? 'They asked to be your friend: accept their request first.'
        : state === 'blocked'
          ? 'You blocked them: remove the block (remove the contact, then add it again) to chat.'
          : 'Send them a contact request first.';
  return withFields(
    new BurrowFailure('NotAFriendError', `You can only chat with friends. ${fix}`, { action: 'tell-user' }),
    { state },
  );
}

/** 'CannotAddSelfError': our own onion address was given where a contact's is needed. */
export function cannotAddSelf(): BurrowFailure {
  return new BurrowFailure(
    'CannotAddSelfError',
    'That is your own onion address. Give it to a friend and add theirs instead.',
    { action: 'tell-user' },
  );
}

/** 'AlreadyFriendsError': a contact request for someone who is already a friend. */
export function alreadyFriends(): BurrowFailure {
  return new BurrowFailure('AlreadyFriendsError', 'You are already friends: just send them a message.', {
    action: 'tell-user',
  });
}

/** 'NoPendingRequestError': accept or reject for a contact who did not send us a request. */
export function noPendingRequest(): BurrowFailure {
  return new BurrowFailure(
    'NoPendingRequestError',
    'There is no contact request from them to answer. See waiting requests with `requests`.',
    { action: 'tell-user' },
  );
}

/** 'RequestMessageTooLongError': the message to send with a contact request (`bytes` long in UTF-8) is too long. */
export function requestMessageTooLong(bytes: number): BurrowFailure & { readonly bytes: number } {
  const message = `The contact request message is ${bytes} bytes; the limit is ${MAX_REQUEST_MESSAGE_BYTES} bytes (UTF-8). Shorten it.`;
  return withFields(new BurrowFailure('RequestMessageTooLongError', message, { action: 'tell-user' }), { bytes });
}

/** 'InvalidNicknameError': a nickname that is too long or has control characters. */
export function invalidNickname(reason: string): BurrowFailure {
  return new BurrowFailure('InvalidNicknameError', `That nickname cannot be used: ${reason}.`, { action: 'tell-user' });
}

/** 'UnexpectedMessageError': a stranger (or a contact in the wrong `standing`) sent a `kind` of message it may not send. */
export function unexpectedMessage(kind: string, standing: string): BurrowFailure {
  return new BurrowFailure(
    'UnexpectedMessageError',
    standing === 'stranger'
      ? `A stranger sent a ${kind} message; strangers may only send a contact request. Closed the session.`
      : `A contact in state ${standing} sent a ${kind} message, which that state does not allow. Closed the session.`,
    { action: 'drop-peer' },
  );
}

/** Contact requests arrive faster than the rate limits allow; the session is closed and the request dropped. */
export class ContactRequestRateLimitedError extends BurrowError {
  override readonly name = 'ContactRequestRateLimitedError';
  constructor(readonly limit: 'identity-limit' | 'overall-limit') {
    super(
      limit === 'identity-limit'
        ? 'A stranger sent too many contact requests; this one was dropped. They may try again later.'
        : 'Too many contact requests are arriving at once; this one was dropped. Senders retry later.',
      { action: 'drop-peer' },
    );
  }
}

/** 'InvalidTextError': text that cannot be encoded as UTF-8 (it holds a lone UTF-16 surrogate, e.g. from a broken JSON client). */
export function invalidText(field: string): BurrowFailure {
  return new BurrowFailure(
    'InvalidTextError',
    `The ${field} is not valid text (it contains a lone UTF-16 surrogate). Check the client that sent it.`,
    { action: 'tell-user' },
  );
}
