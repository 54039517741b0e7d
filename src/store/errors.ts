/**
 * Typed errors of the profile store. Each one names the profile directory (never a secret) and
 * says what the user can do, so the CLI can print `error.message` as it is.
 */
import { BurrowError, BurrowFailure, withFields } from '../errors.js';

/** 'ProfileNotFoundError': no profile in the directory: nothing to open yet. */
export function profileNotFound(dir: string): BurrowFailure {
  return new BurrowFailure(
    'ProfileNotFoundError',
    `No Burrow profile in ${dir}. Run \`burrow init\` to create one (or pick another with --profile DIR / BURROW_HOME).`,
    {
      action: 'tell-user',
    },
  );
}

/** `createProfile` found a profile (or the remains of one) where it would write. */
export class ProfileExistsError extends BurrowError {
  override readonly name = 'ProfileExistsError';
  constructor(
    readonly dir: string,
    detail = 'a profile already exists there',
  ) {
    super(
      `Cannot create a profile in ${dir}: ${detail}. Open it instead, or choose another directory with --profile DIR.`,
      {
        action: 'tell-user',
      },
    );
  }
}

/** 'WrongPassphraseError': the passphrase does not unlock this profile. Nothing was written. */
export function wrongPassphrase(dir: string): BurrowFailure {
  return new BurrowFailure(
    'WrongPassphraseError',
    `Wrong passphrase for the profile in ${dir}. Nothing was changed; try again.`,
    { action: 'tell-user' },
  );
}

/** The profile's files are damaged (or not Burrow's). Nothing was changed. */
export class ProfileCorruptError extends BurrowError {
  override readonly name = 'ProfileCorruptError';
  constructor(
    readonly dir: string,
    readonly detail: string,
    cause?: unknown,
  ) {
    super(
      `The profile in ${dir} is damaged: ${detail}. Burrow changed nothing. Restore the directory from a backup, ` +
        `or move it away and run \`burrow init\` to start a new profile.`,
      { action: 'tell-user', cause },
    );
  }
}

/** 'ProfileLockedError': another process (or another handle in this one) has the profile open; `holderPid` is that process, if known. */
export function profileLocked(
  dir: string,
  holderPid: number | undefined,
): BurrowFailure & { readonly holderPid: number | undefined } {
  const message =
    `The profile in ${dir} is in use by another Burrow${holderPid === undefined ? '' : ` (process ${holderPid})`}. ` +
    `Close it first, or use another profile with --profile DIR.`;
  return withFields(new BurrowFailure('ProfileLockedError', message, { action: 'tell-user' }), { holderPid });
}

/** 'ProfileTooNewError': the profile was written by a newer Burrow whose schema (format `found`) this one does not know. */
export function profileTooNew(
  dir: string,
  found: number,
  supported: number,
): BurrowFailure & { readonly found: number } {
  const message = `The profile in ${dir} has format ${found}, this Burrow understands up to ${supported}. Upgrade Burrow to open it.`;
  return withFields(new BurrowFailure('ProfileTooNewError', message, { action: 'tell-user' }), { found });
}

/** 'PassphraseRequiredError': no passphrase source was given in a non-interactive run. */
export function passphraseRequired(): BurrowFailure {
  return new BurrowFailure(
    'PassphraseRequiredError',
    'A passphrase is needed. Set BURROW_PASSPHRASE or pass --passphrase-file FILE (a file only you can read).',
    {
      action: 'tell-user',
    },
  );
}

/** 'PassphraseInvalidError': the passphrase is empty, too long or not valid text. */
export function passphraseInvalid(reason: string): BurrowFailure {
  return new BurrowFailure('PassphraseInvalidError', `Unusable passphrase: ${reason}.`, { action: 'tell-user' });
}

/** 'PassphraseFileError': the passphrase file cannot be used (missing, unreadable, too big, readable by others). */
export function passphraseFileUnusable(path: string, reason: string, cause?: unknown): BurrowFailure {
  return new BurrowFailure('PassphraseFileError', `Cannot use passphrase file ${path}: ${reason}.`, {
    action: 'tell-user',
    cause,
  });
}

/** 'StoreIoError': the disk refused a read or write (full, read-only, I/O error). What was acknowledged before is safe. */
export function storeIo(dir: string, detail: string, cause?: unknown): BurrowFailure {
  return new BurrowFailure(
    'StoreIoError',
    `Cannot read or write the profile in ${dir}: ${detail}. Check free disk space and the directory's permissions, then retry.`,
    {
      action: 'tell-user',
      cause,
    },
  );
}

/**
 * 'StoreFullError': the disk holding the profile is full. Nothing half-written is kept (the
 * transaction rolled back), nothing unstored was acknowledged: friends send it again later.
 */
export function storeFull(dir: string, cause?: unknown): BurrowFailure {
  return new BurrowFailure(
    'StoreFullError',
    `The disk holding your profile (${dir}) is full: Burrow cannot store what friends send until you free some space. Nothing is lost; they send it again.`,
    { action: 'tell-user', cause },
  );
}

/** A write broke a schema rule (unknown contact, wrong state for the direction …): a caller bug. */
export class StoreConstraintError extends BurrowError {
  override readonly name = 'StoreConstraintError';
  constructor(detail: string, cause?: unknown) {
    super(`The profile store refused a write: ${detail}`, { action: 'bug', cause });
  }
}

/** 'StoreInternalError': SQLite failed in a way the store does not expect (malformed SQL, misuse): a Burrow bug. */
export function storeInternal(detail: string, cause?: unknown): BurrowFailure {
  return new BurrowFailure(
    'StoreInternalError',
    `Unexpected database error: ${detail}. This is a Burrow bug; please report it.`,
    { action: 'bug', cause },
  );
}

/** 'StoreClosedError': the store was used after `close()`. */
export function storeClosed(): BurrowFailure {
  return new BurrowFailure('StoreClosedError', 'The profile store is closed', { action: 'bug' });
}

/** 'PreferencesInvalidError': preferences.json does not match its schema (hand-edited?). */
export function preferencesInvalid(path: string, detail: string, cause?: unknown): BurrowFailure {
  return new BurrowFailure(
    'PreferencesInvalidError',
    `The preferences file ${path} is invalid (${detail}). Fix it, or delete it to go back to the defaults.`,
    {
      action: 'tell-user',
      cause,
    },
  );
}
