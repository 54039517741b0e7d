/**
 * Labelled input checks for public functions (docs/ARCHITECTURE.md "Conventions", noble's `abytes(key, 32, 'key')` habit).
 *
 * A failed check is a bug in the caller, never a peer's fault, so it throws an
 * 'InvalidArgumentError' ({@link invalidArgument}) with action 'bug' and a message naming the
 * argument. Bytes from peers are checked by the codecs in src/protocol/, which throw decode errors instead.
 */
import { BurrowFailure } from '../errors.js';

/** 'InvalidArgumentError': a function was called with an argument of the wrong type, length or range. */
export function invalidArgument(argument: string, expectation: string): BurrowFailure {
  return new BurrowFailure('InvalidArgumentError', `${argument} must be ${expectation}`, { action: 'bug' });
}

/**
 * Throws unless `value` is a Uint8Array (a Buffer is one), of exactly `length` bytes when given.
 * @example checkBytes(key, 'key', 32)
 */
export function checkBytes(value: unknown, label: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array))
    throw invalidArgument(label, length === undefined ? 'a Uint8Array' : `a ${length}-byte Uint8Array`);
  if (length !== undefined && value.length !== length)
    throw invalidArgument(label, `a ${length}-byte Uint8Array (got ${value.length} bytes)`);
}

/**
 * Throws unless `value` is an integer in [min, max] (NaN, fractions, bigints and strings fail).
 * @example checkInteger(port, 'port', 1, 65535)
 */
export function checkInteger(value: unknown, label: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(label, `an integer from ${min} to ${max}`);
  }
}
