/**
 * One method of the daemon socket: how to read its params strictly and which node API call
 * serves it. Methods are grouped by service in <service>/ctl/daemon-methods.ts and joined in
 * methods.ts.
 */
import type { NodeApi } from '../node/api.js';
import type { Params } from './params.js';

export interface Method<P = unknown> {
  /** Checks the request's params; throws 'BadRequestError'. */
  decode(params: Params): P;
  /** Serves the request. */
  call(api: NodeApi, params: P): Promise<unknown>;
}

/** Any method, whatever its params (the table's element type). */
export interface AnyMethod {
  decode(params: Params): unknown;
  call(api: NodeApi, params: never): Promise<unknown>;
}

/** Declares a method with its params type inferred from `decode`. */
export function method<P>(
  decode: (params: Params) => P,
  call: (api: NodeApi, params: P) => Promise<unknown>,
): Method<P> {
  return { decode, call };
}

/** A method without params. */
export function plainMethod(call: (api: NodeApi) => Promise<unknown>): Method<undefined> {
  return { decode: () => undefined, call: (api) => call(api) };
}
