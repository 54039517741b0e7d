/**
 * Typed errors of walls. None contains a name, an onion address or post text (errors end up
 * in log lines). What a friend sends that is not a well-formed, signed entry for the wall it
 * came with is a peer fault: their session is closed.
 */
import { BurrowFailure } from '../errors.js';
import { MAX_WALL_TEXT_BYTES } from './limits.js';

/** 'WallItemMalformedError': an item text that is not a wall item this version reads. */
export function wallItemMalformed(reason: string): BurrowFailure {
  return new BurrowFailure('WallItemMalformedError', `A wall item is malformed (${reason}); it is left out`, {
    action: 'drop-peer',
  });
}

/** 'WallEntryInvalidError': an entry that does not decode, verify or say what its wall allows. */
export function wallEntryInvalid(reason: string): BurrowFailure {
  return new BurrowFailure('WallEntryInvalidError', `A wall entry was refused (${reason})`, { action: 'drop-peer' });
}

/** 'WallItemUnreadableError': an item that does not open under the key of its epoch. */
export function wallItemUnreadable(): BurrowFailure {
  return new BurrowFailure('WallItemUnreadableError', 'A wall item does not open under its epoch key', {
    action: 'drop-peer',
  });
}

/** 'WallTextTooLongError': a post or comment over the limit. */
export function wallTextTooLong(): BurrowFailure {
  return new BurrowFailure(
    'WallTextTooLongError',
    `A post or comment is 1 byte to ${MAX_WALL_TEXT_BYTES} bytes of UTF-8 text; shorten it`,
    { action: 'tell-user' },
  );
}

/** 'InvalidWallReactionError': a reaction that is not exactly one emoji. */
export function invalidWallReaction(): BurrowFailure {
  return new BurrowFailure('InvalidWallReactionError', 'A reaction is exactly one emoji, e.g. 👍', {
    action: 'tell-user',
  });
}

/** 'NoSuchWallError': no wall of that person is held (not a friend, or their wall has not reached us yet). */
export function noSuchWall(): BurrowFailure {
  return new BurrowFailure(
    'NoSuchWallError',
    'No wall of that person is here: walls are shared with friends (a post reaches you once they post after you became friends)',
    { action: 'tell-user' },
  );
}

/** 'NoSuchWallPostError': no post or comment with that id (or prefix) on the walls held. */
export function noSuchWallPost(): BurrowFailure {
  return new BurrowFailure(
    'NoSuchWallPostError',
    'No post or comment has that id; `burrow ctl wall <onion>` lists them (a prefix of 4 or more characters works)',
    { action: 'tell-user' },
  );
}

/** 'NotWallItemAuthorError': deleting what is neither ours nor on our wall. */
export function notWallItemAuthor(): BurrowFailure {
  return new BurrowFailure(
    'NotWallItemAuthorError',
    'Only the author can edit a post or comment; the author can delete it, and the wall’s owner any comment on it',
    { action: 'tell-user' },
  );
}

/** 'InvalidWallFirstSyncError': `wall first-sync` given something other than none or 1–100. */
export function invalidWallFirstSync(): BurrowFailure {
  return new BurrowFailure(
    'InvalidWallFirstSyncError',
    'A new friend can be given your latest 1 to 100 posts, or none (they read from then on): e.g. `burrow ctl wall first-sync 10`',
    { action: 'tell-user' },
  );
}
