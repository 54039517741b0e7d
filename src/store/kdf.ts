/**
 * Passphrase → keys. scrypt (RFC 7914) stretches the passphrase once into a master secret; two
 * HMAC-SHA256 labels (RFC 2104, used as a PRF as in HKDF-Expand, RFC 5869 §2.3) split it into
 *
 * - the database key (32 bytes, handed to SQLite3 Multiple Ciphers as a raw ChaCha20 key), and
 * - a passphrase check stored in the non-secret header, so a wrong passphrase is told apart from
 *   a damaged database *before* SQLite opens the file.
 *
 * The check gives an attacker nothing new: testing a guess against it costs the same scrypt run
 * as testing it against the encrypted first page, and the PRF keeps it independent of the key.
 */
import { createHmac, scrypt, timingSafeEqual } from 'node:crypto';
import { AbortedError } from '../errors.js';

/** scrypt cost parameters, with N given as log2(N). */
export interface ScryptParams {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** N = 2^17, r = 8, p = 1: ≈ 0.4 s and 128 MiB on this project's 2-core test machine (docs/ARCHITECTURE.md "Storage"). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ logN: 17, r: 8, p: 1 });

/** Largest scrypt working memory accepted from a header (128·N·r bytes): bounds what a forged header can make us allocate. */
export const MAX_SCRYPT_MEMORY_BYTES = 512 * 1024 * 1024;
/** Bounds on each parameter accepted from a header. logN ≥ 4 lets the test-suite run fast; createProfile defaults to 17. */
export const SCRYPT_LIMITS = Object.freeze({ minLogN: 4, maxLogN: 22, maxR: 32, maxP: 16 });

/** Length of the random salt kept in the header. */
export const SALT_BYTES = 32;
/** Length of the database key and of the passphrase check. */
export const KEY_BYTES = 32;

const DATABASE_KEY_LABEL = 'burrow/v1/database-key';
const PASSPHRASE_CHECK_LABEL = 'burrow/v1/passphrase-check';

/** Whether the parameters are integers within {@link SCRYPT_LIMITS} and {@link MAX_SCRYPT_MEMORY_BYTES}. */
export function isValidScryptParams(params: ScryptParams): boolean {
  const { logN, r, p } = params;
  if (![logN, r, p].every((value) => Number.isSafeInteger(value))) return false;
  if (logN < SCRYPT_LIMITS.minLogN || logN > SCRYPT_LIMITS.maxLogN) return false;
  if (r < 1 || r > SCRYPT_LIMITS.maxR || p < 1 || p > SCRYPT_LIMITS.maxP) return false;
  return scryptMemory(params) <= MAX_SCRYPT_MEMORY_BYTES;
}

function scryptMemory({ logN, r }: ScryptParams): number {
  return 128 * r * 2 ** logN;
}

/** Keys derived from a passphrase. Zero `databaseKey` with `.fill(0)` once SQLite has it. */
export interface ProfileKeys {
  readonly databaseKey: Uint8Array;
  readonly check: Uint8Array;
}

/**
 * Runs scrypt off the main thread (libuv pool) and derives the database key and the check.
 * The passphrase is NFC-normalised first, so the same words typed on terminals that compose
 * accents differently give the same key.
 *
 * @example const { databaseKey, check } = await deriveProfileKeys('correct horse', salt, DEFAULT_SCRYPT_PARAMS);
 */
export async function deriveProfileKeys(
  passphrase: string,
  salt: Uint8Array,
  params: ScryptParams,
  signal?: AbortSignal,
): Promise<ProfileKeys> {
  if (!isValidScryptParams(params)) throw new RangeError('scrypt parameters out of range');
  if (!(salt instanceof Uint8Array) || salt.length !== SALT_BYTES)
    throw new TypeError(`salt must be a ${SALT_BYTES}-byte Uint8Array`);
  throwIfAborted(signal);
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  let master: Buffer | undefined;
  try {
    master = await new Promise<Buffer>((resolve, reject) => {
      const N = 2 ** params.logN;
      // Node refuses to allocate more than `maxmem`; give it what these parameters need plus slack.
      scrypt(
        secret,
        salt,
        KEY_BYTES,
        { N, r: params.r, p: params.p, maxmem: scryptMemory(params) + 16 * 1024 * 1024 },
        (error, key) => (error === null ? resolve(key) : reject(error)),
      );
    });
    // scrypt cannot be interrupted; an abort during it is honoured as soon as it returns.
    throwIfAborted(signal);
    return {
      databaseKey: new Uint8Array(createHmac('sha256', master).update(DATABASE_KEY_LABEL).digest()),
      check: new Uint8Array(createHmac('sha256', master).update(PASSPHRASE_CHECK_LABEL).digest()),
    };
  } finally {
    secret.fill(0);
    master?.fill(0);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortedError('key derivation', signal.reason);
}

/** Constant-time comparison of a derived check with the header's. */
export function checkMatches(derived: Uint8Array, stored: Uint8Array): boolean {
  return derived.length === stored.length && timingSafeEqual(derived, stored);
}
