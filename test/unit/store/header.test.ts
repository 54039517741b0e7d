import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BurrowError } from '../../../src/errors.js';
import {
  decodeProfileHeader,
  encodeProfileHeader,
  HEADER_VERSION,
  type ProfileHeader,
} from '../../../src/store/header.js';
import { isValidScryptParams } from '../../../src/store/kdf.js';

const header: ProfileHeader = {
  version: HEADER_VERSION,
  cipher: 'chacha20',
  kdf: { name: 'scrypt', logN: 17, r: 8, p: 1 },
  salt: new Uint8Array(randomBytes(32)),
  check: new Uint8Array(randomBytes(32)),
};

function expectTypedRefusal(text: string): void {
  try {
    decodeProfileHeader(text, '/profile');
  } catch (error) {
    expect(error).toBeInstanceOf(BurrowError);
    expect(['ProfileCorruptError', 'ProfileTooNewError']).toContain((error as Error).name);
    return;
  }
  // Accepted: then it must be a header that re-encodes to equivalent JSON.
  const decoded = decodeProfileHeader(text, '/profile');
  expect(JSON.parse(encodeProfileHeader(decoded))).toEqual(JSON.parse(text));
}

describe('profile header', () => {
  it('round-trips', () => {
    expect(decodeProfileHeader(encodeProfileHeader(header), '/p')).toEqual(header);
  });

  it.each<[string, (h: Record<string, unknown>) => unknown]>([
    ['an extra field', (h) => ({ ...h, extra: 1 })],
    ['a missing field', ({ check: _check, ...rest }) => rest],
    ['a non-canonical base64 salt', (h) => ({ ...h, salt: `${String(h['salt'])}\n` })],
    ['a 31-byte check', (h) => ({ ...h, check: Buffer.alloc(31).toString('base64') })],
    ['N too large', (h) => ({ ...h, kdf: { name: 'scrypt', logN: 23, r: 8, p: 1 } })],
    ['memory too large', (h) => ({ ...h, kdf: { name: 'scrypt', logN: 20, r: 32, p: 1 } })],
    ['a fractional r', (h) => ({ ...h, kdf: { name: 'scrypt', logN: 10, r: 8.5, p: 1 } })],
    ['a string logN', (h) => ({ ...h, kdf: { name: 'scrypt', logN: '17', r: 8, p: 1 } })],
    ['argon2 (not supported yet)', (h) => ({ ...h, kdf: { name: 'argon2id', logN: 17, r: 8, p: 1 } })],
    ['an array', () => []],
    ['null', () => null],
    ['a version 0', (h) => ({ ...h, version: 0 })],
  ])('refuses %s with ProfileCorruptError', (_label, mutate) => {
    const text = JSON.stringify(mutate(JSON.parse(encodeProfileHeader(header)) as Record<string, unknown>));
    expect(() => decodeProfileHeader(text, '/p')).toThrow(expect.objectContaining({ name: 'ProfileCorruptError' }));
  });

  it('reports a newer version as ProfileTooNewError', () => {
    const text = encodeProfileHeader(header).replace('"version": 1', '"version": 7');
    expect(() => decodeProfileHeader(text, '/p')).toThrow(
      expect.objectContaining({ name: 'ProfileTooNewError', found: 7 }),
    );
  });

  it('only returns a header or throws a typed error, for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), expectTypedRefusal), { numRuns: 500 });
    fc.assert(fc.property(fc.json({ maxDepth: 3 }), expectTypedRefusal), { numRuns: 500 });
  });

  it('only returns a header or throws a typed error, for mutations of a valid one', () => {
    const valid = JSON.parse(encodeProfileHeader(header)) as Record<string, unknown>;
    fc.assert(
      fc.property(
        fc.constantFrom('format', 'version', 'cipher', 'kdf', 'salt', 'check'),
        fc.jsonValue({ maxDepth: 2 }),
        (key, value) => {
          expectTypedRefusal(JSON.stringify({ ...valid, [key]: value }));
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.constantFrom('logN', 'r', 'p'), fc.oneof(fc.integer(), fc.double(), fc.string()), (key, value) => {
        const kdf = { ...(valid['kdf'] as Record<string, unknown>), [key]: value };
        expectTypedRefusal(JSON.stringify({ ...valid, kdf }));
        if (typeof value === 'number') {
          // Accepted exactly when the parameters are within the documented limits.
          const accepted = (() => {
            try {
              decodeProfileHeader(JSON.stringify({ ...valid, kdf }), '/p');
              return true;
            } catch {
              return false;
            }
          })();
          expect(accepted).toBe(isValidScryptParams({ logN: 17, r: 8, p: 1, [key]: value }));
        }
      }),
      { numRuns: 300 },
    );
  });
});
