// `burrow init` holds a headless profile to the same passphrase rule as the TUI's onboarding.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runInitCommand } from '../../../src/cli/init.js';
import { profileExists } from '../../../src/store/index.js';
import { errorNamed } from '../../shared/errors.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'burrow-init-'));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

describe('burrow init', () => {
  it('refuses a passphrase shorter than 8 characters and creates nothing', async () => {
    vi.stubEnv('BURROW_PASSPHRASE', 'abc1234');
    const dir = join(root, 'short');
    await expect(runInitCommand(['--profile', dir, '--name', 'Ada'])).rejects.toThrow(
      errorNamed('PassphraseInvalidError'),
    );
    expect(existsSync(dir) && profileExists(dir)).toBe(false);
  });

  it('creates a profile with a passphrase of 8 characters or more', async () => {
    vi.stubEnv('BURROW_PASSPHRASE', 'abcd1234');
    const dir = join(root, 'long');
    await expect(runInitCommand(['--profile', dir, '--name', 'Ada'])).resolves.toBe(0);
    expect(profileExists(dir)).toBe(true);
  });
});
