/**
 * Checks, before anything is asked or written, that the tor a command will launch is there and
 * runs: a missing tor or a wrong BURROW_TOR is then one clear message, not a failure after the
 * passphrase prompt or half-way through creating a profile.
 */
import { spawnSync } from 'node:child_process';
import { BurrowFailure } from '../errors.js';
import type { TorChoice } from '../runtime/launch-tor.js';
import { findTorBinary } from '../transport/tor/tor-binary.js';

/** Throws 'TorMissingError' when `choice` launches tor and no working tor executable is found. */
export function checkTorUsable(choice: TorChoice, env: NodeJS.ProcessEnv = process.env): void {
  if (choice.attach !== undefined) return;
  const tor = findTorBinary(env);
  const run = spawnSync(tor, ['--version'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status === 0 && /\bTor\b/i.test(run.stdout)) return;
  const source = env['BURROW_TOR'] !== undefined && env['BURROW_TOR'] !== '' ? `BURROW_TOR (${tor})` : tor;
  throw new BurrowFailure(
    'TorMissingError',
    `${source} does not run as tor (\`${tor} --version\` ${run.error === undefined ? `exited with ${run.status ?? run.signal}` : `failed: ${run.error.message}`}). Install tor with: sudo apt-get install -y tor`,
    { action: 'tell-user' },
  );
}
