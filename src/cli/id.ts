/**
 * `burrow id`: prints the profile's onion address. Asks the running daemon when there is one
 * (no passphrase needed then); otherwise unlocks the profile to read it.
 */
import { jsonSafe } from '../text/json-safe.js';
import { DaemonClient, DaemonNotRunningError } from '../daemon/client.js';
import { daemonSocketPath } from '../daemon/socket-path.js';
import type { NodeStatus } from '../node/api.js';
import { openProfile } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { passphraseFrom, profileDirFrom, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from './profile-flags.js';

const HELP = `Usage: burrow id [--profile DIR] [--passphrase-file FILE] [--json]

Prints your onion address: the address friends add you by.

${PROFILE_OPTIONS_HELP}`;

export async function runIdCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs('id', argv, PROFILE_OPTIONS);
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  const dir = profileDirFrom(values);
  const { onion, displayName } = await readIdentity(dir, values);
  console.log(values.json === true ? jsonSafe({ onion, displayName }, 2) : `${onion}.onion`);
  return 0;
}

async function readIdentity(
  dir: string,
  values: Parameters<typeof passphraseFrom>[0],
): Promise<{ onion: string; displayName: string }> {
  try {
    const client = await DaemonClient.connect(daemonSocketPath(dir));
    try {
      const status = (await client.call('status')) as NodeStatus;
      return { onion: status.onion, displayName: status.displayName };
    } finally {
      client.close();
    }
  } catch (error) {
    if (!(error instanceof DaemonNotRunningError)) throw error;
  }
  const store = await openProfile(dir, await passphraseFrom(values));
  try {
    const identity = store.identity.get();
    return { onion: identity.keyPair.onionAddress, displayName: identity.displayName };
  } finally {
    store.close();
  }
}
