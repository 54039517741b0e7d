/**
 * The one rule a new passphrase must pass, wherever a profile is created (the TUI's
 * onboarding, `burrow init`): long enough that the key derivation is not the only thing
 * between a stolen disk and the profile. Existing profiles open with whatever they were
 * created with.
 */

/** A new passphrase has at least this many characters (code points). */
export const MIN_NEW_PASSPHRASE_CHARS = 8;

/** Why `passphrase` may not protect a new profile, or undefined when it may. */
export function newPassphraseProblem(passphrase: string): string | undefined {
  return [...passphrase].length < MIN_NEW_PASSPHRASE_CHARS
    ? `it is shorter than ${MIN_NEW_PASSPHRASE_CHARS} characters`
    : undefined;
}
