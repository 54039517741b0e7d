// The npm package as a user installs it: `npm pack` of a clean copy of the checkout (its
// prepack builds dist/), installed globally into a temporary prefix, then `burrow --version`,
// `burrow --help` and `burrow init` run from there. The encrypted database's native module is
// not what is under test: it is copied from this checkout's build instead of compiled again
// (README.md "Install" says how a real install builds it).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../shared/temp-dirs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const NATIVE = 'better-sqlite3-multiple-ciphers';

afterAll(removeTempDirs);

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe' });
}

describe('npm package', () => {
  it('packs from a clean checkout, installs globally, and runs burrow --version and burrow init', () => {
    const work = tempDir('burrow-pack-');
    const checkout = join(work, 'checkout');
    const tracked = run('git', ['ls-files', '-z'], root).split('\0').filter(Boolean);
    for (const file of tracked) {
      if (!existsSync(join(root, file))) continue;
      mkdirSync(dirname(join(checkout, file)), { recursive: true });
      cpSync(join(root, file), join(checkout, file));
    }
    symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'));

    const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], checkout).trim().split('\n').at(-1);
    expect(tarball).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const files = run('tar', ['tzf', join(work, tarball ?? '')], work).split('\n');
    expect(files).toEqual(
      expect.arrayContaining(['package/LICENSE', 'package/dist/cli/main.js', 'package/dist/burrow.1']),
    );
    // Source maps carry their sources (tsconfig.build.json inlineSources): no map points at a file left out.
    const map = JSON.parse(readFileSync(join(checkout, 'dist', 'cli', 'main.js.map'), 'utf8')) as {
      sourcesContent?: unknown[];
    };
    expect(map.sourcesContent?.length).toBeGreaterThan(0);

    const prefix = join(work, 'prefix');
    run(
      'npm',
      [
        'install',
        '--global',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        join(work, tarball ?? ''),
      ],
      work,
    );
    const installed = join(prefix, 'lib', 'node_modules', pkg.name);
    cpSync(join(root, 'node_modules', NATIVE, 'build'), join(installed, 'node_modules', NATIVE, 'build'), {
      recursive: true,
    });

    const burrow = join(prefix, 'bin', 'burrow');
    expect(run(burrow, ['--version'], work).trim()).toBe(pkg.version);
    expect(run(burrow, ['--help'], work)).toContain('Exit statuses:');
    const profile = join(work, 'profile');
    const out = run(burrow, ['init', '--profile', profile, '--name', 'Ada'], work, {
      BURROW_PASSPHRASE: 'correct horse battery',
    });
    expect(out).toMatch(/Your address: [a-z2-7]{56}\.onion/);
  });
});
