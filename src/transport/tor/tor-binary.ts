/**
 * Finding the `tor` executable. Burrow never downloads tor: it uses the operating system's
 * package (Debian/Ubuntu: `apt-get install -y tor`), or the path in `BURROW_TOR`.
 */
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BurrowFailure } from '../../errors.js';

/** 'TorMissingError': no usable `tor` executable; the message names the install command, or what is wrong with BURROW_TOR. */
export function torMissing(override?: string): BurrowFailure {
  return new BurrowFailure(
    'TorMissingError',
    override === undefined
      ? 'tor is not installed (or not on PATH). Install it with: sudo apt-get install -y tor — or set BURROW_TOR to the tor executable.'
      : `BURROW_TOR is set to ${override}, which is not an executable file. Point it at tor, or unset it to use the tor on PATH.`,
    {
      action: 'tell-user',
    },
  );
}

/** The path of the `tor` executable, or throws a 'TorMissingError'. */
export function findTorBinary(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['BURROW_TOR'];
  const candidates =
    override !== undefined && override !== ''
      ? [override]
      : (env['PATH'] ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, 'tor'));
  if (override === undefined || override === '') candidates.push('/usr/bin/tor', '/usr/sbin/tor', '/usr/local/bin/tor');
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  throw torMissing(override === undefined || override === '' ? undefined : override);
}

/** The sibling `tor-gencert` tool (same package), used by the private test network. */
export function findTorGencert(env: NodeJS.ProcessEnv = process.env): string {
  // Debian's /usr/sbin/tor is a symlink to /usr/bin/tor, where tor-gencert lives: look beside the real file.
  const tor = realpathSync(findTorBinary(env));
  const sibling = join(tor, '..', 'tor-gencert');
  try {
    accessSync(sibling, constants.X_OK);
    return sibling;
  } catch {
    throw torMissing();
  }
}
