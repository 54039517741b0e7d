// scripts/burrow.service: its ExecStart, with %d as systemd fills it (the credentials directory
// holding the passphrase), is a daemon command that reads the passphrase from that file.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { runBurrow } from '../../shared/burrow-cli.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

const unit = readFileSync(new URL('../../../scripts/burrow.service', import.meta.url), 'utf8');
const PASSPHRASE = 'correct horse battery';

afterAll(removeTempDirs);

/** The ExecStart arguments after `burrow`, with %d replaced by `credentials`. */
function execStartArgs(credentials: string): string[] {
  const line = /^ExecStart=\/usr\/bin\/env burrow (.+)$/m.exec(unit)?.[1];
  if (line === undefined) throw new Error('no ExecStart running burrow');
  return line.split(' ').map((word) => word.replace('%d', credentials));
}

describe('the systemd user unit', () => {
  let profile: string;
  beforeAll(async () => {
    profile = join(tempDir('burrow-unit-'), 'profile');
    expect((await runBurrow(['init', '--profile', profile], { BURROW_PASSPHRASE: PASSPHRASE })).code).toBe(0);
  });

  it('loads the passphrase as a credential and runs `burrow daemon` with it, not from the environment', async () => {
    expect(unit).toMatch(/^LoadCredential=passphrase:/m);
    expect(unit).not.toMatch(/BURROW_PASSPHRASE/);
    const credentials = tempDir('burrow-creds-');
    const file = join(credentials, 'passphrase');
    // A tor control port nobody listens on: the daemon gets past the passphrase, then fails on tor.
    const args = [...execStartArgs(credentials), '--profile', profile, '--tor-control', '127.0.0.1:1'];
    writeFileSync(file, PASSPHRASE);
    chmodSync(file, 0o400);
    const unlocked = await runBurrow(args, { BURROW_PASSPHRASE: '' });
    expect(unlocked.stderr).toContain('Nothing listens on 127.0.0.1:1');
    expect(unlocked.code).toBe(EXIT.tor);
    chmodSync(file, 0o600);
    writeFileSync(file, 'not the passphrase');
    expect((await runBurrow(args, { BURROW_PASSPHRASE: '' })).code).toBe(EXIT.wrongPassphrase);
  });
});
