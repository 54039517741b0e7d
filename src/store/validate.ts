/**
 * Labelled input checks for the repositories (noble's `abytes(key, 32, 'key')` habit): a caller
 * bug shows up as a TypeError naming the argument, never as a half-written row.
 */
import { parseOnionAddress, type OnionAddress } from '../crypto/onion-address.js';

/** Checks `value` is a Uint8Array of exactly `length` bytes. */
export function assertBytes(value: unknown, length: number, label: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length)
    throw new TypeError(`${label} must be a ${length}-byte Uint8Array`);
}

/** Checks `value` is a millisecond timestamp (or count): a non-negative safe integer. */
export function assertTime(value: unknown, label: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new TypeError(`${label} must be a non-negative integer`);
}

/** Checks `value` is a string. */
export function assertText(value: unknown, label: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${label} must be a string`);
}

/** Checks `value` is one of `allowed`. */
export function assertOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  label: string,
): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new TypeError(`${label} must be one of ${allowed.join(', ')}`);
}

/** Checks `value` is a positive integer at most `max`. */
export function assertLimit(value: unknown, max: number, label: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max)
    throw new TypeError(`${label} must be an integer from 1 to ${max}`);
}

/** Returns `onion` if it is a canonical onion address (what `parseOnionAddress` returns), else throws. */
export function checkedOnion(onion: OnionAddress): OnionAddress {
  try {
    if (parseOnionAddress(onion) === onion) return onion;
  } catch {
    // reported below with the argument's label
  }
  throw new TypeError('onion address must be a parsed OnionAddress (56 lowercase characters, no .onion)');
}
