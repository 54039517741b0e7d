/**
 * The daemon's local API: JSON lines over a Unix socket inside the profile (mode 0600).
 *
 *   → {"id":1,"method":"send","params":{"onion":"…","text":"hi"}}
 *   ← {"id":1,"result":{…MessageView…}}
 *   ← {"id":2,"error":{"name":"NotAFriendError","message":"…"}}
 *   → {"id":3,"method":"subscribe"}            then, until the socket closes:
 *   ← {"event":{"type":"message",…}}
 *
 * One method per NodeApi command, same names and shapes (src/node/api.ts). Requests are
 * untrusted input even on a private socket: every field is checked here, and a malformed
 * line gets an error reply, never a crash.
 */
import { BurrowError } from '../errors.js';

/** Longest request line accepted (a chat message is at most 16 KiB of UTF-8, JSON-escaped up to 6×). */
export const MAX_REQUEST_LINE_BYTES = 256 * 1024;

export class BadRequestError extends BurrowError {
  override readonly name = 'BadRequestError';
  constructor(message: string) {
    super(message, { action: 'tell-user' });
  }
}

export type Method =
  | 'status'
  | 'contacts'
  | 'requests'
  | 'add'
  | 'accept'
  | 'reject'
  | 'block'
  | 'remove'
  | 'nick'
  | 'send'
  | 'history'
  | 'read'
  | 'subscribe';

export type Request =
  | { readonly id: number; readonly method: 'status' | 'contacts' | 'requests' }
  | { readonly id: number; readonly method: 'subscribe' }
  | { readonly id: number; readonly method: 'accept' | 'reject' | 'block' | 'remove' | 'read'; readonly params: { readonly onion: string } }
  | { readonly id: number; readonly method: 'add'; readonly params: { readonly onion: string; readonly message: string } }
  | { readonly id: number; readonly method: 'nick'; readonly params: { readonly onion: string; readonly nickname: string } }
  | { readonly id: number; readonly method: 'send'; readonly params: { readonly onion: string; readonly text: string } }
  | { readonly id: number; readonly method: 'history'; readonly params: { readonly onion: string; readonly limit?: number; readonly before?: string } };

export interface ErrorBody {
  readonly name: string;
  readonly message: string;
}

export type Response = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: ErrorBody } | { readonly event: unknown };

type Params = Record<string, unknown>;

function stringField(params: Params, key: string): string {
  const value = params[key];
  if (typeof value !== 'string') throw new BadRequestError(`params.${key} must be a string`);
  return value;
}

function optionalString(params: Params, key: string): string | undefined {
  return params[key] === undefined ? undefined : stringField(params, key);
}

function optionalInteger(params: Params, key: string): number | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new BadRequestError(`params.${key} must be an integer`);
  return value;
}

/** Decodes one request line, or throws {@link BadRequestError} (with the id when one could be read). */
export function decodeRequest(line: string): Request {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BadRequestError('request is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadRequestError('request must be a JSON object');
  const raw = parsed as Record<string, unknown>;
  const id = raw['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new BadRequestError('request.id must be an integer');
  const method = raw['method'];
  const paramsValue = raw['params'] ?? {};
  if (typeof paramsValue !== 'object' || paramsValue === null || Array.isArray(paramsValue)) throw new BadRequestError('request.params must be an object');
  const params = paramsValue as Params;
  switch (method) {
    case 'status':
    case 'contacts':
    case 'requests':
      return { id, method };
    case 'subscribe':
      return { id, method };
    case 'accept':
    case 'reject':
    case 'block':
    case 'remove':
    case 'read':
      return { id, method, params: { onion: stringField(params, 'onion') } };
    case 'add':
      return { id, method, params: { onion: stringField(params, 'onion'), message: stringField(params, 'message') } };
    case 'nick':
      return { id, method, params: { onion: stringField(params, 'onion'), nickname: stringField(params, 'nickname') } };
    case 'send':
      return { id, method, params: { onion: stringField(params, 'onion'), text: stringField(params, 'text') } };
    case 'history': {
      const limit = optionalInteger(params, 'limit');
      const before = optionalString(params, 'before');
      return {
        id,
        method,
        params: { onion: stringField(params, 'onion'), ...(limit === undefined ? {} : { limit }), ...(before === undefined ? {} : { before }) },
      };
    }
    default:
      throw new BadRequestError(`unknown method ${JSON.stringify(typeof method === 'string' ? method.slice(0, 40) : method)}`);
  }
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
