/**
 * Hints that repeat the `--profile` the user gave, so the command they are told to run works on
 * the same profile when pasted.
 */
import { BurrowFailure } from '../errors.js';

/** ` --profile DIR` (quoted for a POSIX shell when needed), or '' when no --profile was given. */
export function profileFlagHint(profileFlag: string | undefined): string {
  if (profileFlag === undefined) return '';
  const quoted = /^[\w@%+=:,./-]+$/.test(profileFlag) ? profileFlag : `'${profileFlag.replaceAll("'", "'\\''")}'`;
  return ` --profile ${quoted}`;
}

/** 'ProfileNotFoundError' as the CLI says it: which directory, and the `burrow init` to run. */
export function profileMissing(dir: string, profileFlag: string | undefined): BurrowFailure {
  return new BurrowFailure(
    'ProfileNotFoundError',
    `no Burrow profile in ${dir}. Create one with \`burrow init${profileFlagHint(profileFlag)}\`.`,
    { action: 'tell-user' },
  );
}
