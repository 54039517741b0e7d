/**
 * Typed errors of the profile store. Each one names the profile directory (never a secret) and
 * says what the user can do, so the CLI can print `error.message` as it is.
 */
import { BurrowError } from '../errors.js';

/** No profile in the directory: nothing to open yet. */
export class ProfileNotFoundError extends BurrowError {
  override readonly name = 'ProfileNotFoundError';
  constructor(readonly dir: string) {
    super(`No Burrow profile in ${dir}. Run \`burrow init\` to create one (or pick another with --profile DIR / BURROW_HOME).`, {
      action: 'tell-user',
    });
  }
}

/** `createProfile` found a profile (or the remains of one) where it would write. */
export class ProfileExistsError extends BurrowError {
  override readonly name = 'ProfileExistsError';
  constructor(readonly dir: string, detail = 'a profile already exists there') {
    super(`Cannot create a profile in ${dir}: ${detail}. Open it instead, or choose another directory with --profile DIR.`, {
      action: 'tell-user',
    });
  }
}

/** The passphrase does not unlock this profile. Nothing was written. */
export class WrongPassphraseError extends BurrowError {
  override readonly name = 'WrongPassphraseError';
  constructor(readonly dir: string) {
    super(`Wrong passphrase for the profile in ${dir}. Nothing was changed; try again.`, { action: 'tell-user' });
  }
}

/** The profile's files are damaged (or not Burrow's). Nothing was changed. */
export class ProfileCorruptError extends BurrowError {
  override readonly name = 'ProfileCorruptError';
  constructor(readonly dir: string, readonly detail: string, cause?: unknown) {
    super(
      `The profile in ${dir} is damaged: ${detail}. Burrow changed nothing. Restore the directory from a backup, ` +
        `or move it away and run \`burrow init\` to start a new profile.`,
      { action: 'tell-user', cause },
    );
  }
}

/** Another process (or another handle in this one) has the profile open. */
export class ProfileLockedError extends BurrowError {
  override readonly name = 'ProfileLockedError';
  constructor(readonly dir: string, readonly holderPid: number | undefined) {
    super(
      `The profile in ${dir} is in use by another Burrow${holderPid === undefined ? '' : ` (process ${holderPid})`}. ` +
        `Close it first, or use another profile with --profile DIR.`,
      { action: 'tell-user' },
    );
  }
}

/** The profile was written by a newer Burrow whose schema this one does not know. */
export class ProfileTooNewError extends BurrowError {
  override readonly name = 'ProfileTooNewError';
  constructor(readonly dir: string, readonly found: number, readonly supported: number) {
    super(`The profile in ${dir} has format ${found}, this Burrow understands up to ${supported}. Upgrade Burrow to open it.`, {
      action: 'tell-user',
    });
  }
}

/** No passphrase source was given in a non-interactive run. */
export class PassphraseRequiredError extends BurrowError {
  override readonly name = 'PassphraseRequiredError';
  constructor() {
    super('A passphrase is needed. Set BURROW_PASSPHRASE or pass --passphrase-file FILE (a file only you can read).', {
      action: 'tell-user',
    });
  }
}

/** The passphrase is empty, too long or not valid text. */
export class PassphraseInvalidError extends BurrowError {
  override readonly name = 'PassphraseInvalidError';
  constructor(readonly reason: string) {
    super(`Unusable passphrase: ${reason}.`, { action: 'tell-user' });
  }
}

/** The passphrase file cannot be used (missing, unreadable, too big, readable by others). */
export class PassphraseFileError extends BurrowError {
  override readonly name = 'PassphraseFileError';
  constructor(readonly path: string, reason: string, cause?: unknown) {
    super(`Cannot use passphrase file ${path}: ${reason}.`, { action: 'tell-user', cause });
  }
}

/** The disk refused a read or write (full, read-only, I/O error). What was acknowledged before is safe. */
export class StoreIoError extends BurrowError {
  override readonly name = 'StoreIoError';
  constructor(readonly dir: string, detail: string, cause?: unknown) {
    super(`Cannot read or write the profile in ${dir}: ${detail}. Check free disk space and the directory's permissions, then retry.`, {
      action: 'tell-user',
      cause,
    });
  }
}

/** A write broke a schema rule (unknown contact, wrong state for the direction …): a caller bug. */
export class StoreConstraintError extends BurrowError {
  override readonly name = 'StoreConstraintError';
  constructor(detail: string, cause?: unknown) {
    super(`The profile store refused a write: ${detail}`, { action: 'bug', cause });
  }
}

/** SQLite failed in a way the store does not expect (malformed SQL, misuse): a Burrow bug. */
export class StoreInternalError extends BurrowError {
  override readonly name = 'StoreInternalError';
  constructor(detail: string, cause?: unknown) {
    super(`Unexpected database error: ${detail}. This is a Burrow bug; please report it.`, { action: 'bug', cause });
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends BurrowError {
  override readonly name = 'StoreClosedError';
  constructor() {
    super('The profile store is closed', { action: 'bug' });
  }
}

/** preferences.json does not match its schema (hand-edited?). */
export class PreferencesInvalidError extends BurrowError {
  override readonly name = 'PreferencesInvalidError';
  constructor(readonly path: string, detail: string, cause?: unknown) {
    super(`The preferences file ${path} is invalid (${detail}). Fix it, or delete it to go back to the defaults.`, {
      action: 'tell-user',
      cause,
    });
  }
}
