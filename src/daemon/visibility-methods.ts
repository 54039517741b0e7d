/** The daemon method of our public address's visibility (node/api.ts `visibility`, `setVisibility`), which belongs to no service. */
import type { Visibility } from '../node/api.js';
import { method, type AnyMethod } from './method.js';
import { badRequest, optionalIntegerParam, optionalStringParam, type Params } from './params.js';

/** `{}` shows; `{ state }` sets, `{ state: 'open', forSeconds }` opens for a window. */
function visibilityParams(params: Params): { state?: Visibility['state']; forSeconds?: number } {
  const state = optionalStringParam(params, 'state');
  const forSeconds = optionalIntegerParam(params, 'forSeconds');
  if (state !== undefined && state !== 'open' && state !== 'closed')
    throw badRequest('params.state must be "open" or "closed"');
  if (forSeconds !== undefined && state !== 'open') throw badRequest('params.forSeconds goes with state "open" only');
  return { ...(state === undefined ? {} : { state }), ...(forSeconds === undefined ? {} : { forSeconds }) };
}

/** Spread into METHODS (daemon/methods.ts). */
export const VISIBILITY_METHODS: Readonly<Record<string, AnyMethod>> = {
  visibility: method(visibilityParams, (api, { state, forSeconds }) =>
    state === undefined ? api.visibility() : api.setVisibility(state, forSeconds),
  ),
};
