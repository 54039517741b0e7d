/**
 * The daemon's local API: JSON lines over a Unix socket inside the profile (mode 0600).
 *
 *   → {"id":1,"method":"send","params":{"onion":"…","text":"hi"}}
 *   ← {"id":1,"result":{…MessageView…}}
 *   ← {"id":2,"error":{"name":"NotAFriendError","message":"…"}}
 *   → {"id":3,"method":"subscribe"}            then, until the socket closes:
 *   ← {"event":{"type":"message",…}}
 *
 * One method per NodeApi command, same names and shapes (src/node/api.ts; the table is in
 * methods.ts). Requests are untrusted input even on a private socket: every field is checked,
 * and a malformed line gets an error reply, never a crash.
 */
import { BurrowError } from '../errors.js';
import type { NodeApi } from '../node/api.js';
import { METHODS } from './methods.js';
import { badRequest, type Params } from './params.js';

/** Longest request line accepted (a chat message is at most 16 KiB of UTF-8, JSON-escaped up to 6×). */
export const MAX_REQUEST_LINE_BYTES = 256 * 1024;

/** A decoded request: a known method with checked params, or a subscription. */
export type Request =
  | { readonly kind: 'subscribe'; readonly id: number }
  | {
      readonly kind: 'call';
      readonly id: number;
      readonly method: string;
      readonly call: (api: NodeApi) => Promise<unknown>;
    };

export interface ErrorBody {
  readonly name: string;
  readonly message: string;
}

export type Response =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: ErrorBody }
  | { readonly event: unknown };

/** Decodes one request line, or throws 'BadRequestError' ({@link badRequest}). */
export function decodeRequest(line: string): Request {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw badRequest('request is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('request must be a JSON object');
  const raw = parsed as Record<string, unknown>;
  const id = raw['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw badRequest('request.id must be an integer');
  const name = raw['method'];
  const paramsValue = raw['params'] ?? {};
  if (typeof paramsValue !== 'object' || paramsValue === null || Array.isArray(paramsValue))
    throw badRequest('request.params must be an object');
  if (name === 'subscribe') return { kind: 'subscribe', id };
  const spec = typeof name === 'string' && Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (spec === undefined)
    throw badRequest(`unknown method ${JSON.stringify(typeof name === 'string' ? name.slice(0, 40) : name)}`);
  const params: unknown = spec.decode(paramsValue as Params);
  return { kind: 'call', id, method: name as string, call: (api) => spec.call(api, params as never) };
}

/** The id of a request line that failed to decode, when it has one (so the error reply can carry it). */
export function requestIdOf(line: string): number {
  try {
    const parsed = JSON.parse(line) as { id?: unknown };
    return typeof parsed.id === 'number' && Number.isSafeInteger(parsed.id) ? parsed.id : 0;
  } catch {
    return 0;
  }
}

/** The error body sent for a failed request: typed errors keep their name and message; anything else is an internal error. */
export function errorBody(error: unknown): ErrorBody {
  if (error instanceof BurrowError) return { name: error.name, message: error.message };
  return { name: 'InternalError', message: 'internal error (see the daemon log)' };
}
