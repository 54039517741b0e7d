/**
 * The flags every profile-using command shares, and turning them into a profile directory and
 * a passphrase (file > BURROW_PASSPHRASE > prompt).
 */
import { newPassphraseProblem } from '../lib/passphrase-rules.js';
import { passphraseInvalid, readPassphrase, resolveProfileDir } from '../store/index.js';
import { helpRows, OPTION_COLUMN } from './help-text.js';
import { promptHidden, promptNewPassphrase } from './prompt.js';

export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  'passphrase-file': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const PROFILE_DIR_HELP = [
  '--profile DIR',
  'the profile directory (default: $BURROW_HOME, else $XDG_DATA_HOME/burrow)',
] as const;

export const PROFILE_OPTIONS_HELP = helpRows(
  [
    PROFILE_DIR_HELP,
    ['--passphrase-file FILE', 'read the passphrase from FILE (else $BURROW_PASSPHRASE, else ask)'],
    ['--json', 'print JSON'],
    ['-h, --help', 'show this help'],
  ],
  30,
  OPTION_COLUMN,
);

export interface ProfileFlagValues {
  readonly profile?: string | undefined;
  readonly 'passphrase-file'?: string | undefined;
}

export function profileDirFrom(values: ProfileFlagValues): string {
  return resolveProfileDir({ profileFlag: values.profile, env: process.env });
}

/** The passphrase of an existing profile. */
export function passphraseFrom(values: ProfileFlagValues): Promise<string> {
  return readPassphrase({
    passphraseFile: values['passphrase-file'],
    env: process.env,
    prompt: () => promptHidden('Passphrase: '),
  });
}

/** The passphrase for a new profile (asked twice when interactive), refused when too short. */
export async function newPassphraseFrom(values: ProfileFlagValues): Promise<string> {
  const passphrase = await readPassphrase({
    passphraseFile: values['passphrase-file'],
    env: process.env,
    prompt: promptNewPassphrase,
  });
  const problem = newPassphraseProblem(passphrase);
  if (problem !== undefined) throw passphraseInvalid(problem);
  return passphrase;
}
