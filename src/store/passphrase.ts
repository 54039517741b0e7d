/**
 * Getting the profile passphrase without a terminal prompt (scripts, bots, `burrow daemon`):
 * `--passphrase-file FILE` first, then `BURROW_PASSPHRASE`, then the caller's interactive prompt.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { AbortedError, BurrowError } from '../errors.js';
import { logger, sensitive } from '../log.js';
import { passphraseFileUnusable, passphraseInvalid, passphraseRequired } from './errors.js';

const log = logger('store');

/** Longest passphrase accepted, in UTF-8 bytes: far above any typed one, small enough to read whole. */
export const MAX_PASSPHRASE_BYTES = 1024;

/**
 * Checks a passphrase and returns it: non-empty, at most {@link MAX_PASSPHRASE_BYTES} UTF-8
 * bytes, and well-formed Unicode (a lone surrogate would be silently replaced when encoded, so
 * two different strings would unlock the same profile). Throws `PassphraseInvalidError`.
 */
export function validatePassphrase(passphrase: unknown): string {
  if (typeof passphrase !== 'string') throw passphraseInvalid('it is not text');
  if (passphrase === '') throw passphraseInvalid('it is empty');
  const bytes = Buffer.from(passphrase, 'utf8');
  if (bytes.length > MAX_PASSPHRASE_BYTES) throw passphraseInvalid(`it is longer than ${MAX_PASSPHRASE_BYTES} bytes`);
  if (bytes.toString('utf8') !== passphrase)
    throw passphraseInvalid('it contains an unpaired surrogate (not valid Unicode)');
  return passphrase;
}

/** Options of {@link readPassphrase}. */
export interface ReadPassphraseOptions {
  /** The value of `--passphrase-file FILE`; wins over the environment. */
  readonly passphraseFile?: string | undefined;
  /** The environment (`BURROW_PASSPHRASE`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks the user interactively; used only when neither the file nor the variable is set. */
  readonly prompt?: (() => Promise<string>) | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The passphrase from `--passphrase-file`, `BURROW_PASSPHRASE` or `prompt`, in that order.
 * One trailing newline (`\n` or `\r\n`, as `echo` and editors leave) is dropped from a file.
 * Throws `PassphraseRequiredError`, `PassphraseInvalidError` or
 * `PassphraseFileError` (e.g. when the file is readable by other users).
 *
 * @example const passphrase = await readPassphrase({ passphraseFile: flags.passphraseFile, env: process.env });
 */
export async function readPassphrase(options: ReadPassphraseOptions): Promise<string> {
  options.signal?.throwIfAborted();
  if (options.passphraseFile !== undefined) {
    const text = await readPassphraseFile(options.passphraseFile, options.signal);
    return validatePassphrase(dropOneNewline(text));
  }
  const fromEnv = options.env['BURROW_PASSPHRASE'];
  if (fromEnv !== undefined) return validatePassphrase(fromEnv);
  if (options.prompt === undefined) throw passphraseRequired();
  let answer: string;
  try {
    answer = await options.prompt();
  } catch (error) {
    if (error instanceof BurrowError) throw error;
    throw new AbortedError('passphrase prompt', error);
  }
  if (options.signal?.aborted === true) throw new AbortedError('passphrase prompt');
  return validatePassphrase(dropOneNewline(answer));
}

function dropOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/**
 * Reads a bounded amount from a regular file or a pipe
 * (`--passphrase-file <(pass show burrow)`), refusing files other users can read.
 */
async function readPassphraseFile(path: string, signal: AbortSignal | undefined): Promise<string> {
  if (typeof path !== 'string' || path === '') throw passphraseFileUnusable(String(path), 'no file name given');
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOCTTY);
  } catch (error) {
    throw passphraseFileUnusable(path, describeFsError(error), error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() && !stat.isFIFO()) throw passphraseFileUnusable(path, 'it is not a regular file or a pipe');
    if ((stat.mode & 0o004) !== 0) {
      throw passphraseFileUnusable(path, `every user on this machine can read it. Run: chmod 600 ${path}`);
    }
    if ((stat.mode & 0o040) !== 0)
      log.warn('passphrase file is readable by its group; chmod 600 recommended', { path: sensitive(path) });
    // Room for a maximal passphrase, its "\r\n", and one byte more to notice an oversized file.
    const buffer = Buffer.alloc(MAX_PASSPHRASE_BYTES + 3);
    let filled = 0;
    try {
      while (filled < buffer.length) {
        signal?.throwIfAborted();
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled === buffer.length)
        throw passphraseFileUnusable(path, `it is larger than ${MAX_PASSPHRASE_BYTES} bytes`);
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer.subarray(0, filled));
      } catch {
        throw passphraseFileUnusable(path, 'it is not UTF-8 text');
      }
    } finally {
      buffer.fill(0);
    }
  } catch (error) {
    if (error instanceof BurrowError) throw error;
    if (error instanceof Error && error.name === 'AbortError')
      throw new AbortedError('reading the passphrase file', error);
    throw passphraseFileUnusable(path, describeFsError(error), error);
  } finally {
    await handle.close();
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return code ?? 'it cannot be read';
  }
}
