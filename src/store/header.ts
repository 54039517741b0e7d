/**
 * The profile header, `profile.json`: the only plaintext a profile needs to be opened.
 *
 * ```json
 * { "format": "burrow-profile", "version": 1, "cipher": "chacha20",
 *   "kdf": { "name": "scrypt", "logN": 17, "r": 8, "p": 1 },
 *   "salt": "<32 bytes, base64>", "check": "<32 bytes, base64>" }
 * ```
 *
 * It holds no secret (see kdf.ts for why the check is safe to store). Decoding is strict: any
 * extra, missing or out-of-range field is a {@link ProfileCorruptError}, so a forged header cannot
 * make us allocate gigabytes for scrypt or open the database with some other cipher.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeSync, fstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ProfileCorruptError, profileTooNew } from './errors.js';
import { isValidScryptParams, KEY_BYTES, SALT_BYTES, type ScryptParams } from './kdf.js';
import { PROFILE_FILE_MODE } from './location.js';

/** Header format version this code writes and reads. */
export const HEADER_VERSION = 1;
/** Largest header file read; a real one is ~200 bytes. */
export const MAX_HEADER_BYTES = 4096;

/** The page cipher: ChaCha20-Poly1305 per page (SQLite3 Multiple Ciphers "chacha20", sqleet's scheme). */
export type ProfileCipher = 'chacha20';

/** The decoded header. */
export interface ProfileHeader {
  readonly version: typeof HEADER_VERSION;
  readonly cipher: ProfileCipher;
  readonly kdf: { readonly name: 'scrypt' } & ScryptParams;
  readonly salt: Uint8Array;
  readonly check: Uint8Array;
}

/** The header as JSON text (with a trailing newline). */
export function encodeProfileHeader(header: ProfileHeader): string {
  const { logN, r, p } = header.kdf;
  return (
    JSON.stringify(
      {
        format: 'burrow-profile',
        version: header.version,
        cipher: header.cipher,
        kdf: { name: 'scrypt', logN, r, p },
        salt: Buffer.from(header.salt).toString('base64'),
        check: Buffer.from(header.check).toString('base64'),
      },
      null,
      2,
    ) + '\n'
  );
}

/**
 * Parses and validates header text. Returns the header, or throws `ProfileTooNewError`
 * for a later header version and {@link ProfileCorruptError} for anything else unexpected.
 */
export function decodeProfileHeader(text: string, dir: string): ProfileHeader {
  const fail = (detail: string): never => {
    throw new ProfileCorruptError(dir, `profile.json ${detail}`);
  };
  if (typeof text !== 'string') return fail('is not text');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('is not valid JSON');
  }
  const top =
    exactObject(value, ['format', 'version', 'cipher', 'kdf', 'salt', 'check']) ??
    fail('does not have the expected fields');
  if (top['format'] !== 'burrow-profile') fail('is not a Burrow profile header');
  const version = top['version'];
  if (Number.isSafeInteger(version) && (version as number) > HEADER_VERSION)
    throw profileTooNew(dir, version as number, HEADER_VERSION);
  if (version !== HEADER_VERSION) fail(`has an invalid version ${safeShow(version)}`);
  if (top['cipher'] !== 'chacha20') fail(`names an unknown cipher ${safeShow(top['cipher'])}`);
  const kdf = exactObject(top['kdf'], ['name', 'logN', 'r', 'p']) ?? fail('has a malformed "kdf" field');
  if (kdf['name'] !== 'scrypt') fail(`names an unknown key derivation ${safeShow(kdf['name'])}`);
  const params = { logN: kdf['logN'], r: kdf['r'], p: kdf['p'] };
  if (!isScryptParamsShape(params) || !isValidScryptParams(params)) fail('has scrypt parameters out of range');
  const salt = strictBase64(top['salt'], SALT_BYTES) ?? fail('has a malformed salt');
  const check = strictBase64(top['check'], KEY_BYTES) ?? fail('has a malformed passphrase check');
  const { logN, r, p } = params as ScryptParams;
  return { version: HEADER_VERSION, cipher: 'chacha20', kdf: { name: 'scrypt', logN, r, p }, salt, check };
}

function exactObject(value: unknown, keys: readonly string[]): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const own = Object.keys(value);
  if (own.length !== keys.length || !keys.every((key) => Object.hasOwn(value, key))) return undefined;
  return value as Record<string, unknown>;
}

function isScryptParamsShape(value: Record<string, unknown>): value is Record<keyof ScryptParams, number> {
  return typeof value['logN'] === 'number' && typeof value['r'] === 'number' && typeof value['p'] === 'number';
}

/** Canonical base64 of exactly `length` bytes, else undefined (Buffer.from ignores junk; we do not). */
function strictBase64(value: unknown, length: number): Uint8Array | undefined {
  if (typeof value !== 'string' || value.length > 4 * Math.ceil(length / 3)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== length || bytes.toString('base64') !== value) return undefined;
  return new Uint8Array(bytes);
}

function safeShow(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value).slice(0, 40) : typeof value;
}

/**
 * Reads header text, refusing anything larger than {@link MAX_HEADER_BYTES}. Throws the fs error
 * (ENOENT …) unchanged, so the caller can tell "no profile" from "unreadable".
 */
export function readHeaderFile(path: string, dir: string): string {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size > MAX_HEADER_BYTES)
      throw new ProfileCorruptError(dir, `profile.json is larger than ${MAX_HEADER_BYTES} bytes`);
    const buffer = Buffer.alloc(MAX_HEADER_BYTES + 1);
    let filled = 0;
    for (;;) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
      if (filled > MAX_HEADER_BYTES)
        throw new ProfileCorruptError(dir, `profile.json is larger than ${MAX_HEADER_BYTES} bytes`);
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(buffer.subarray(0, filled));
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the header durably and atomically: a temporary file, fsync, rename over the target,
 * fsync of the directory (rename(2) is atomic; the directory fsync makes it survive power loss).
 * The header is the commit point of `createProfile`.
 */
export function writeHeaderFile(path: string, header: ProfileHeader): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', PROFILE_FILE_MODE);
  try {
    const data = Buffer.from(encodeProfileHeader(header), 'utf8');
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  fsyncDirectory(dirname(path));
}

/** fsync(2) on a directory, so a create or rename in it is durable. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
