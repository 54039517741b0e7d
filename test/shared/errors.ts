/**
 * Matching Burrow errors by `name`. Most errors are a `BurrowFailure` told apart by its name (a
 * code) rather than by a class of its own (src/errors.ts), so a test asserts the name where it
 * would assert a class.
 */
import { expect } from 'vitest';
import { BurrowError } from '../../src/errors.js';

/** What vitest takes as an asymmetric matcher (`toThrow`, `toEqual`, `rejects.toThrow`, …). */
export interface ErrorMatcher {
  readonly $$typeof: symbol;
  asymmetricMatch(other: unknown): boolean;
  toAsymmetricMatcher(): string;
  toString(): string;
}

/**
 * Matches an instance of `base` (a `BurrowError` unless given, e.g. `DecodeError` for the errors
 * of a family) whose `name` is `name` and that has `fields` (if given).
 * @example expect(() => compose('')).toThrow(errorNamed('EmptyMessageError'))
 * @example await expect(open()).rejects.toThrow(errorNamed('ProfileTooNewError', { found: 7 }))
 * @example expect(await session.closed).toEqual(errorNamed('FrameDecryptError', {}, FrameError))
 */
export function errorNamed(
  name: string,
  fields: Readonly<Record<string, unknown>> = {},
  base: abstract new (...args: never[]) => BurrowError = BurrowError,
): ErrorMatcher {
  const shape = expect.objectContaining({ name, ...fields }) as { asymmetricMatch(other: unknown): boolean };
  const description = `${base.name} named ${name}${Object.keys(fields).length === 0 ? '' : ` with ${JSON.stringify(fields)}`}`;
  return {
    $$typeof: Symbol.for('jest.asymmetricMatcher'),
    asymmetricMatch: (other) => other instanceof base && shape.asymmetricMatch(other),
    toAsymmetricMatcher: () => description,
    toString: () => description,
  };
}
