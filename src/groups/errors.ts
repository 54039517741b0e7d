/**
 * Typed errors of the group service. Each has a stable `name` and says what the caller can do:
 * 'drop-peer' when the peer sent something no honest Burrow sends (a forgery, an op from a
 * non-admin), 'retry' when the item may become acceptable later (state we do not have yet, a
 * rate limit), 'tell-user' for a local command that cannot be done. None contains a name, an
 * onion address or message text (errors end up in log lines).
 */
import { BurrowError, BurrowFailure, withFields } from '../errors.js';
import { MAX_GROUP_MEMBERS, MAX_GROUP_TEXT_BYTES } from '../protocol/groups/limits.js';

/** Why a membership operation is refused. */
export type GroupOpRefusal =
  /** The op names another group. */
  | 'wrong-group'
  /** A `create` op where the group already has one, or whose id is not the group id. */
  | 'bad-genesis'
  /** The author was not a member where the op says it was written. */
  | 'not-member'
  /** The author was not an admin where the op says it was written. */
  | 'not-admin'
  /** Adding a member already in the group. */
  | 'already-member'
  /** Removing or promoting someone who is not a member. */
  | 'not-a-member'
  /** Promoting an admin. */
  | 'already-admin'
  /** Removing oneself (that is a `leave`). */
  | 'self-removal'
  /** The last admin leaving while others stay. */
  | 'last-admin'
  /** Adding to a full group. */
  | 'group-full'
  /** A new epoch key not sealed to exactly the members after the op. */
  | 'bad-recipients'
  /** A member key that is not a usable ed25519 identity key. */
  | 'bad-member-key';

/** 'GroupOpSignatureError': the op's signature does not verify: a forgery or corruption. */
export function groupOpSignatureInvalid(): BurrowFailure {
  return new BurrowFailure(
    'GroupOpSignatureError',
    'A group membership operation has an invalid signature; it was refused',
    { action: 'drop-peer' },
  );
}

/** The op is well signed but breaks the group's rules where its author wrote it. */
export class GroupOpRefusedError extends BurrowError {
  override readonly name = 'GroupOpRefusedError';
  constructor(readonly reason: GroupOpRefusal) {
    super(`A group membership operation was refused (${reason})`, { action: 'drop-peer' });
  }
}

/** Why a group message is refused. */
export type GroupMessageRefusal =
  /** The message names another group. */
  | 'wrong-group'
  /** The epoch it names is an op that grants no key. */
  | 'not-an-epoch'
  /** The sender did not receive that epoch's key: they cannot have written it. */
  | 'sender-not-recipient'
  /** The sender is not a member, or left or was removed before writing it (past their cut-off). */
  | 'sender-departed'
  /** Its plaintext is not valid content. */
  | 'bad-content'
  /** Its sender already signed another message for the same (epoch, seq) slot: the first stands. */
  | 'equivocation'
  /** It was handed over by someone who is not a member (now): members take messages only from members. */
  | 'not-from-member';

/** 'GroupMessageSignatureError': the message's signature does not verify against its sender's key. */
export function groupMessageSignatureInvalid(): BurrowFailure {
  return new BurrowFailure('GroupMessageSignatureError', 'A group message has an invalid signature; it was refused', {
    action: 'drop-peer',
  });
}

/** 'GroupMessageRefusedError': the message is well signed but not acceptable in this group; `reason` says why. */
export function groupMessageRefused(
  reason: GroupMessageRefusal,
  cause?: unknown,
): BurrowFailure & { readonly reason: GroupMessageRefusal } {
  // A departed sender's late message or an equivocator's second one may come from an honest
  // member forwarding what it holds: neither is the forwarder's fault.
  const action =
    reason === 'sender-departed' || reason === 'equivocation' || reason === 'not-from-member' ? 'retry' : 'drop-peer';
  return withFields(
    new BurrowFailure('GroupMessageRefusedError', `A group message was refused (${reason})`, { action, cause }),
    { reason },
  );
}

/**
 * 'GroupMessageUnreadableError': we hold no key for the message's epoch: we were not among its
 * recipients (added later, removed before), or our copy of the key did not open.
 */
export function groupMessageUnreadable(): BurrowFailure {
  return new BurrowFailure(
    'GroupMessageUnreadableError',
    'A group message is encrypted under an epoch key this member does not hold',
    { action: 'retry' },
  );
}

/** 'GroupMessageDecryptionError': the ciphertext did not decrypt under the epoch key: tampered with, or sealed under another key. */
export function groupMessageUndecryptable(): BurrowFailure {
  return new BurrowFailure('GroupMessageDecryptionError', 'A group message could not be decrypted; it was refused', {
    action: 'drop-peer',
  });
}

/** 'EpochKeyUnreadableError': our own copy of an epoch key did not open or does not match the key's commitment. */
export function epochKeyUnreadable(): BurrowFailure {
  return new BurrowFailure(
    'EpochKeyUnreadableError',
    'The new group key sealed to this member could not be opened; a new key will be requested by rotating',
    {
      action: 'retry',
    },
  );
}

/**
 * 'UnknownGroupError': data for a group this node does not hold (and was not invited to), or a
 * request from a peer who is not a member. Ignored rather than fatal to the session ('retry'): a
 * friend may not know yet that we deleted the group or that they were removed, and the 1:1
 * session must survive that.
 */
export function unknownGroup(): BurrowFailure {
  return new BurrowFailure(
    'UnknownGroupError',
    'The peer sent data for a group this node is not a member of; it was ignored',
    { action: 'retry' },
  );
}

/** 'GroupRateLimitedError': a member sent more than the group's rate limits allow; the item was dropped (sync fetches it later). */
export function groupRateLimited(what: 'message' | 'op'): BurrowFailure {
  return new BurrowFailure(
    'GroupRateLimitedError',
    `A group member sent ${what}s faster than the rate limit allows; the excess is fetched later`,
    { action: 'retry' },
  );
}

/** 'GroupBacklogFullError': too many items wait for something we do not have (a parent op, an epoch); the newest is dropped. */
export function groupBacklogFull(what: 'ops' | 'messages'): BurrowFailure {
  return new BurrowFailure(
    'GroupBacklogFullError',
    `Too many group ${what} are waiting for missing data; this one was dropped and will be fetched again by sync`,
    {
      action: 'retry',
    },
  );
}

/** 'GroupInviteFromStrangerError': an invitation from someone who is not a friend. */
export function groupInviteFromStranger(): BurrowFailure {
  return new BurrowFailure(
    'GroupInviteFromStrangerError',
    'A group invitation arrived from someone who is not a friend; it was refused',
    { action: 'drop-peer' },
  );
}

/** An answer to an invitation we did not send (or that expired). */
export class UnknownGroupInviteError extends BurrowError {
  override readonly name = 'UnknownGroupInviteError';
  constructor() {
    super('No such group invitation: it was never sent to this contact, was already answered, or expired', {
      action: 'tell-user',
    });
  }
}

/** 'GroupInviteLimitError': too many unanswered invitations are held; the new one was dropped. */
export function groupInviteLimit(): BurrowFailure {
  return new BurrowFailure(
    'GroupInviteLimitError',
    'Too many group invitations are waiting for an answer; answer or let some expire first',
    { action: 'retry' },
  );
}

/** 'NotGroupAdminError': a local command that needs admin rights. */
export function notGroupAdmin(): BurrowFailure {
  return new BurrowFailure(
    'NotGroupAdminError',
    'Only an admin of the group can do that. Ask an admin, or ask to be made admin.',
    { action: 'tell-user' },
  );
}

/** 'NotGroupMemberError': a local command in a group we are not (or no longer) a member of. */
export function notGroupMember(): BurrowFailure {
  return new BurrowFailure(
    'NotGroupMemberError',
    'You are not a member of this group (you left or were removed). Ask an admin to invite you again.',
    {
      action: 'tell-user',
    },
  );
}

/** 'NoSuchGroupError': a local command naming a group this node does not know. */
export function noSuchGroup(): BurrowFailure {
  return new BurrowFailure('NoSuchGroupError', 'No such group. List your groups to find its id (64 hex characters).', {
    action: 'tell-user',
  });
}

/** Why a local membership command cannot be made. */
export type GroupCommandRefusal = GroupOpRefusal | 'not-a-friend' | 'empty-name';

/** 'InvalidGroupCommandError': a local membership command that would do nothing or break a rule; `reason` says which. */
export function invalidGroupCommand(
  reason: GroupCommandRefusal,
): BurrowFailure & { readonly reason: GroupCommandRefusal } {
  return withFields(
    new BurrowFailure('InvalidGroupCommandError', `That group change cannot be made: ${COMMAND_HINTS[reason]}`, {
      action: 'tell-user',
    }),
    { reason },
  );
}

const COMMAND_HINTS: Record<GroupCommandRefusal, string> = {
  'wrong-group': 'it names another group',
  'bad-genesis': 'the group already exists',
  'not-member': 'you are not a member',
  'not-admin': 'only admins can do it',
  'already-member': 'they are already a member',
  'not-a-member': 'they are not a member',
  'already-admin': 'they are already an admin',
  'self-removal': 'to remove yourself, leave the group',
  'last-admin': 'you are the last admin; make someone else admin first',
  'group-full': `a group holds at most ${MAX_GROUP_MEMBERS} members`,
  'bad-recipients': 'the group key could not be sealed to the members',
  'bad-member-key': 'that identity key is not usable',
  'not-a-friend': 'you can only invite friends',
  'empty-name': 'a group name cannot be empty',
};

/** 'GroupMessageTooLongError': a post (`bytes` long in UTF-8) longer than a group message may be. */
export function groupMessageTooLong(bytes: number): BurrowFailure & { readonly bytes: number } {
  const message = `The message is ${bytes} bytes; the limit is ${MAX_GROUP_TEXT_BYTES} bytes (UTF-8). Split it into several messages.`;
  return withFields(new BurrowFailure('GroupMessageTooLongError', message, { action: 'tell-user' }), { bytes });
}

/** 'InvalidGroupTextError': an empty or unencodable post. */
export function invalidGroupText(): BurrowFailure {
  return new BurrowFailure('InvalidGroupTextError', 'The message is empty or not valid text. Type some text to send.', {
    action: 'tell-user',
  });
}

/** 'AmbiguousGroupReferenceError': a group, invitation or member named by a prefix (or a name) that fits more than one. */
export function ambiguousGroupReference(what: 'group' | 'invitation' | 'member'): BurrowFailure {
  return new BurrowFailure(
    'AmbiguousGroupReferenceError',
    `More than one ${what} matches; type more characters of its id`,
    { action: 'tell-user' },
  );
}

/** 'NoSuchGroupMemberError': a member named (by address or prefix) who is not in the group. */
export function noSuchGroupMember(): BurrowFailure {
  return new BurrowFailure(
    'NoSuchGroupMemberError',
    'No member of this group has that address. List the members to find it.',
    { action: 'tell-user' },
  );
}

/** 'UnknownGroupEntryError': `history` was asked for a page before a line that is not in that group's history. */
export function unknownGroupEntry(): BurrowFailure {
  return new BurrowFailure(
    'UnknownGroupEntryError',
    "No line with that id in this group's history. Use an id from an earlier `history` page (64 hex characters).",
    {
      action: 'tell-user',
    },
  );
}
