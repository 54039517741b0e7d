/** `burrow init`: creates a profile and prints its onion address. */
import { jsonSafe } from '../text/json-safe.js';
import { createProfile } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { newPassphraseFrom, profileDirFrom, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from './profile-flags.js';
import { helpRows, OPTION_COLUMN } from './help-text.js';
import { promptLine } from './prompt.js';

const HELP = `Usage: burrow init [--name NAME] [--profile DIR] [--passphrase-file FILE]
                   [--json]

Creates a new profile: a fresh identity (your onion address), encrypted with
your passphrase.

${helpRows([['--name NAME', 'the name friends see with your contact requests (asked if omitted on a terminal)']], 30, OPTION_COLUMN)}
${PROFILE_OPTIONS_HELP}`;

export async function runInitCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('init', argv, { ...PROFILE_OPTIONS, name: { type: 'string' } });
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 0) {
    console.error(`burrow init: unexpected argument "${positionals[0]}". See \`burrow init --help\`.`);
    return 2;
  }
  const dir = profileDirFrom(values);
  const displayName =
    values.name ?? (process.stdin.isTTY ? (await promptLine('Your name (friends see it): ')).trim() : '');
  const passphrase = await newPassphraseFrom(values);
  const store = await createProfile(dir, passphrase, { displayName: displayName === '' ? 'anonymous' : displayName });
  try {
    const identity = store.identity.get();
    if (values.json === true) {
      console.log(
        jsonSafe({ onion: identity.keyPair.onionAddress, displayName: identity.displayName, profile: dir }, 2),
      );
    } else {
      console.log(`Profile created in ${dir}`);
      console.log(`Your address: ${identity.keyPair.onionAddress}.onion`);
      console.log('Give it to friends so they can add you. Start Burrow with `burrow` (or headless: `burrow daemon`).');
    }
  } finally {
    store.close();
  }
  return 0;
}
