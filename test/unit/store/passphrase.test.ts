import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BurrowError } from '../../../src/errors.js';
import { configureLogging } from '../../../src/log.js';
import { MAX_PASSPHRASE_BYTES, readPassphrase } from '../../../src/store/passphrase.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

const logLines: string[] = [];
beforeAll(() => configureLogging({ sink: (line) => logLines.push(line) }));
afterAll(() => {
  configureLogging({ sink: (line) => process.stderr.write(line + '\n') });
  removeTempDirs();
});

const dir = tempDir('burrow-passphrase-');
let counter = 0;
function file(content: string | Uint8Array, mode = 0o600): string {
  const path = join(dir, `pass-${counter++}`);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('readPassphrase', () => {
  it('takes --passphrase-file over BURROW_PASSPHRASE over the prompt', async () => {
    const prompt = () => Promise.resolve('from prompt');
    const env = { BURROW_PASSPHRASE: 'from env' };
    expect(await readPassphrase({ passphraseFile: file('from file\n'), env, prompt })).toBe('from file');
    expect(await readPassphrase({ env, prompt })).toBe('from env');
    expect(await readPassphrase({ env: {}, prompt })).toBe('from prompt');
  });

  it('drops exactly one trailing newline from a file, LF or CRLF, and keeps other whitespace', async () => {
    expect(await readPassphrase({ passphraseFile: file('two\n\n'), env: {} })).toBe('two\n');
    expect(await readPassphrase({ passphraseFile: file('dos\r\n'), env: {} })).toBe('dos');
    expect(await readPassphrase({ passphraseFile: file('  spaced  '), env: {} })).toBe('  spaced  ');
  });

  it('accepts a passphrase of the maximum length and refuses a longer one', async () => {
    const longest = 'é'.repeat(MAX_PASSPHRASE_BYTES / 2);
    expect(await readPassphrase({ passphraseFile: file(`${longest}\r\n`), env: {} })).toBe(longest);
    await expect(readPassphrase({ passphraseFile: file(`${longest}x`), env: {} })).rejects.toMatchObject({
      name: 'PassphraseInvalidError',
    });
    await expect(readPassphrase({ passphraseFile: file('x'.repeat(100_000)), env: {} })).rejects.toMatchObject({
      name: 'PassphraseFileError',
    });
  });

  it('refuses an empty passphrase from every source', async () => {
    await expect(readPassphrase({ passphraseFile: file('\n'), env: {} })).rejects.toMatchObject({
      name: 'PassphraseInvalidError',
    });
    await expect(readPassphrase({ env: { BURROW_PASSPHRASE: '' } })).rejects.toMatchObject({
      name: 'PassphraseInvalidError',
    });
    await expect(readPassphrase({ env: {}, prompt: () => Promise.resolve('') })).rejects.toMatchObject({
      name: 'PassphraseInvalidError',
    });
  });

  it('refuses a world-readable file, and names the fix', async () => {
    const path = file('secret\n', 0o644);
    await expect(readPassphrase({ passphraseFile: path, env: {} })).rejects.toMatchObject({
      name: 'PassphraseFileError',
      message: expect.stringContaining(`chmod 600 ${path}`) as string,
    });
  });

  it('accepts a group-readable file but warns, without logging the path', async () => {
    logLines.length = 0;
    const path = file('grouped\n', 0o640);
    expect(await readPassphrase({ passphraseFile: path, env: {} })).toBe('grouped');
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toContain('chmod 600');
    expect(logLines[0]).not.toContain(path);
  });

  it('refuses a missing file, a directory and a non-UTF-8 file', async () => {
    await expect(readPassphrase({ passphraseFile: join(dir, 'missing'), env: {} })).rejects.toMatchObject({
      name: 'PassphraseFileError',
    });
    await expect(readPassphrase({ passphraseFile: dir, env: {} })).rejects.toMatchObject({
      name: 'PassphraseFileError',
    });
    await expect(
      readPassphrase({ passphraseFile: file(Uint8Array.of(0xff, 0xfe, 0x41)), env: {} }),
    ).rejects.toMatchObject({ name: 'PassphraseFileError' });
  });

  it('refuses an unpaired surrogate (it would silently become U+FFFD)', async () => {
    await expect(readPassphrase({ env: { BURROW_PASSPHRASE: 'a\uD800b' } })).rejects.toMatchObject({
      name: 'PassphraseInvalidError',
    });
  });

  it('asks for a source when there is none and no prompt', async () => {
    await expect(readPassphrase({ env: {} })).rejects.toMatchObject({
      name: 'PassphraseRequiredError',
      message: expect.stringContaining('BURROW_PASSPHRASE') as string,
    });
  });

  it('only ever returns a non-empty well-formed passphrase or throws a Burrow error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.string({ unit: 'binary', maxLength: 40 }), { nil: undefined }),
        fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
        fc.constantFrom(0o600, 0o640, 0o644, 0o400),
        fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
        async (envValue, fileBytes, mode, promptAnswer) => {
          try {
            const result = await readPassphrase({
              env: { BURROW_PASSPHRASE: envValue },
              passphraseFile: fileBytes === undefined ? undefined : file(fileBytes, mode),
              prompt: promptAnswer === undefined ? undefined : () => Promise.resolve(promptAnswer),
            });
            expect(typeof result).toBe('string');
            expect(result.length).toBeGreaterThan(0);
            expect(Buffer.from(result, 'utf8').toString('utf8')).toBe(result);
          } catch (error) {
            expect(error).toBeInstanceOf(BurrowError);
            expect(['PassphraseRequiredError', 'PassphraseInvalidError', 'PassphraseFileError']).toContain(
              (error as Error).name,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
