/**
 * Strict readers for request params (the daemon socket's input is untrusted even though only
 * the profile's owner can reach it): each returns the typed value or throws 'BadRequestError' ({@link badRequest}).
 */
import { BurrowFailure } from '../errors.js';

/** 'BadRequestError': a request line or its params that the daemon refuses; `message` says what is wrong. */
export function badRequest(message: string): BurrowFailure {
  return new BurrowFailure('BadRequestError', message, { action: 'tell-user' });
}

export type Params = Readonly<Record<string, unknown>>;

export function stringParam(params: Params, key: string): string {
  const value = params[key];
  if (typeof value !== 'string') throw badRequest(`params.${key} must be a string`);
  return value;
}

export function optionalStringParam(params: Params, key: string): string | undefined {
  return params[key] === undefined ? undefined : stringParam(params, key);
}

export function optionalIntegerParam(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw badRequest(`params.${key} must be an integer`);
  return value;
}

export function optionalBooleanParam(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`params.${key} must be true or false`);
  return value;
}

/** The `onion` param most contact and chat methods take. */
export function onionParams(params: Params): { onion: string } {
  return { onion: stringParam(params, 'onion') };
}
