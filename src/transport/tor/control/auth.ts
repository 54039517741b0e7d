/**
 * Authenticating a control connection (control-spec §3.5 AUTHENTICATE, §3.21 PROTOCOLINFO,
 * §3.24 AUTHCHALLENGE). Order of preference: SAFECOOKIE (tor proves it knows the cookie
 * before we reveal anything), COOKIE, HASHEDPASSWORD when a password is given, NULL.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { open } from 'node:fs/promises';
import { torControlAuthFailed, TorControlProtocolError, TorControlReplyError } from './errors.js';
import { parseReplyArguments, quoteString } from './quoting.js';
import type { ControlReply } from './reply.js';

/** Tor's auth cookie is exactly 32 bytes (control-spec §3.5). */
export const AUTH_COOKIE_BYTES = 32;
/** SAFECOOKIE nonces are 32 bytes each way (control-spec §3.24). */
export const SAFECOOKIE_NONCE_BYTES = 32;

/** control-spec §3.24: HMAC-SHA256 keys for the two SAFECOOKIE proofs. */
const SERVER_TO_CONTROLLER_KEY = 'Tor safe cookie authentication server-to-controller hash';
const CONTROLLER_TO_SERVER_KEY = 'Tor safe cookie authentication controller-to-server hash';

/** What PROTOCOLINFO 1 says about authentication. */
export interface ProtocolInfo {
  /** Offered methods, upper case: `NULL`, `HASHEDPASSWORD`, `COOKIE`, `SAFECOOKIE`. */
  readonly methods: ReadonlySet<string>;
  /** Where tor keeps its cookie, when it offers cookie authentication. */
  readonly cookieFile?: string;
  /** Tor's version, e.g. `0.4.9.11`. */
  readonly torVersion?: string;
}

/** How to authenticate: both optional; see {@link authenticateConnection}. */
export interface AuthenticateOptions {
  /** Overrides the cookie path PROTOCOLINFO reports (e.g. a tor in another mount namespace). */
  readonly cookieFile?: string;
  /** Used when tor only offers HASHEDPASSWORD (or the cookie cannot be read). */
  readonly password?: string;
  readonly signal?: AbortSignal;
}

/** The slice of the client that authentication needs. */
export interface ControlCommandSender {
  command(
    keyword: string,
    args?: readonly string[],
    options?: { readonly signal?: AbortSignal },
  ): Promise<ControlReply>;
}

/**
 * Parses a PROTOCOLINFO reply (control-spec §3.21), e.g.
 * `250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/var/lib/tor/control_auth_cookie"`.
 */
export function parseProtocolInfo(reply: ControlReply): ProtocolInfo {
  let methods: Set<string> | undefined;
  let cookieFile: string | undefined;
  let torVersion: string | undefined;
  for (const line of reply.lines) {
    const space = line.text.indexOf(' ');
    const keyword = space === -1 ? line.text : line.text.slice(0, space);
    const rest = space === -1 ? '' : line.text.slice(space + 1);
    if (keyword === 'AUTH') {
      const args = parseReplyArguments(rest).keywords;
      methods = new Set(
        (args.get('METHODS') ?? '')
          .split(',')
          .filter(Boolean)
          .map((m) => m.toUpperCase()),
      );
      cookieFile = args.get('COOKIEFILE');
    } else if (keyword === 'VERSION') {
      torVersion = parseReplyArguments(rest).keywords.get('Tor');
    }
  }
  if (methods === undefined) throw new TorControlProtocolError('PROTOCOLINFO reply has no AUTH line');
  return {
    methods,
    ...(cookieFile === undefined ? {} : { cookieFile }),
    ...(torVersion === undefined ? {} : { torVersion }),
  };
}

/**
 * The two SAFECOOKIE proofs (control-spec §3.24):
 * `HMAC-SHA256(key, cookie ‖ clientNonce ‖ serverNonce)` with the server-to-controller and the
 * controller-to-server key.
 */
export function safeCookieHashes(
  cookie: Uint8Array,
  clientNonce: Uint8Array,
  serverNonce: Uint8Array,
): { serverHash: Uint8Array; clientHash: Uint8Array } {
  const hmac = (key: string): Uint8Array =>
    new Uint8Array(createHmac('sha256', key).update(cookie).update(clientNonce).update(serverNonce).digest());
  return { serverHash: hmac(SERVER_TO_CONTROLLER_KEY), clientHash: hmac(CONTROLLER_TO_SERVER_KEY) };
}

/**
 * Reads tor's 32-byte auth cookie, reading at most one byte more than that so a wrong path
 * cannot make us load a large file. Throws `TorControlAuthError` with a fix in its message.
 */
export async function readAuthCookie(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const fix =
      code === 'EACCES'
        ? "this user may not read it: run Burrow as a user in tor's group (e.g. debian-tor) or let Burrow start its own tor"
        : 'check that tor runs with CookieAuthentication 1 and that the path is right';
    throw torControlAuthFailed(`Cannot read tor's auth cookie ${path} (${code ?? 'error'}): ${fix}.`, error);
  }
  const buffer = new Uint8Array(AUTH_COOKIE_BYTES + 1);
  let length = 0;
  try {
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
  } catch (error) {
    buffer.fill(0);
    throw torControlAuthFailed(
      `Cannot read tor's auth cookie ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Pass the right cookieFile.`,
      error,
    );
  } finally {
    await handle.close();
  }
  if (length !== AUTH_COOKIE_BYTES) {
    buffer.fill(0);
    throw torControlAuthFailed(
      `${path} is not a tor auth cookie (expected ${AUTH_COOKIE_BYTES} bytes). Pass the right cookieFile.`,
    );
  }
  return buffer.subarray(0, AUTH_COOKIE_BYTES);
}

/**
 * Runs PROTOCOLINFO 1 and then the best method tor offers. Tor closes the connection after a
 * failed attempt, so this is one-shot per connection. Rejections: `TorControlAuthError`
 * when authentication is impossible or refused; connection errors pass through unchanged.
 */
export async function authenticateConnection(
  sender: ControlCommandSender,
  options: AuthenticateOptions = {},
): Promise<ProtocolInfo> {
  if (options.password !== undefined) quoteString(options.password); // refuses CR/LF/NUL before anything is sent
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const info = parseProtocolInfo(await sender.command('PROTOCOLINFO', ['1'], signal));
  const cookieFile = options.cookieFile ?? info.cookieFile;
  const canPassword = info.methods.has('HASHEDPASSWORD') && options.password !== undefined;
  const cookieMethod = info.methods.has('SAFECOOKIE')
    ? 'SAFECOOKIE'
    : info.methods.has('COOKIE')
      ? 'COOKIE'
      : undefined;
  if (cookieMethod !== undefined && cookieFile !== undefined) {
    let cookie: Uint8Array | undefined;
    try {
      cookie = await readAuthCookie(cookieFile);
    } catch (error) {
      if (!canPassword) throw error;
    }
    if (cookie !== undefined) {
      try {
        await (cookieMethod === 'SAFECOOKIE'
          ? safeCookie(sender, cookie, cookieFile, signal)
          : sendAuthenticate(sender, [hex(cookie)], signal));
        return info;
      } finally {
        cookie.fill(0);
      }
    }
  }
  if (canPassword && options.password !== undefined) {
    await sendAuthenticate(sender, [quoteString(options.password)], signal);
    return info;
  }
  if (info.methods.has('NULL')) {
    await sendAuthenticate(sender, [], signal);
    return info;
  }
  throw torControlAuthFailed(noMethodMessage(info, cookieFile));
}

async function safeCookie(
  sender: ControlCommandSender,
  cookie: Uint8Array,
  cookieFile: string,
  signal: { signal?: AbortSignal },
): Promise<void> {
  const clientNonce = new Uint8Array(randomBytes(SAFECOOKIE_NONCE_BYTES));
  const reply = await sender.command('AUTHCHALLENGE', ['SAFECOOKIE', hex(clientNonce)], signal);
  const { serverHash, serverNonce } = parseAuthChallenge(reply);
  const expected = safeCookieHashes(cookie, clientNonce, serverNonce);
  if (!timingSafeEqual(expected.serverHash, serverHash)) {
    throw torControlAuthFailed(
      `tor's SAFECOOKIE proof does not match the cookie in ${cookieFile}: that cookie belongs to another tor, or this port is not the tor you meant. Pass the right cookieFile or port.`,
    );
  }
  await sendAuthenticate(sender, [hex(expected.clientHash)], signal);
}

/** Parses `250 AUTHCHALLENGE SERVERHASH=<64 hex> SERVERNONCE=<64 hex>` (control-spec §3.24). */
export function parseAuthChallenge(reply: ControlReply): { serverHash: Uint8Array; serverNonce: Uint8Array } {
  const text = reply.lines[0]?.text ?? '';
  if (!text.startsWith('AUTHCHALLENGE '))
    throw new TorControlProtocolError('AUTHCHALLENGE reply does not start with AUTHCHALLENGE');
  const args = parseReplyArguments(text.slice('AUTHCHALLENGE '.length)).keywords;
  const serverHash = fromHex(args.get('SERVERHASH'), 32, 'SERVERHASH');
  const serverNonce = fromHex(args.get('SERVERNONCE'), SAFECOOKIE_NONCE_BYTES, 'SERVERNONCE');
  return { serverHash, serverNonce };
}

async function sendAuthenticate(
  sender: ControlCommandSender,
  args: readonly string[],
  signal: { signal?: AbortSignal },
): Promise<void> {
  try {
    await sender.command('AUTHENTICATE', args, signal);
  } catch (error) {
    if (error instanceof TorControlReplyError) {
      throw torControlAuthFailed(
        `tor refused authentication: ${error.code} ${error.replyText}. Check the cookie file or password.`,
        error,
      );
    }
    throw error;
  }
}

function noMethodMessage(info: ProtocolInfo, cookieFile: string | undefined): string {
  const offered = [...info.methods].join(', ') || 'none';
  if (info.methods.has('HASHEDPASSWORD'))
    return `tor asks for its control password (methods offered: ${offered}). Pass the password.`;
  if ((info.methods.has('COOKIE') || info.methods.has('SAFECOOKIE')) && cookieFile === undefined) {
    return `tor offers cookie authentication but did not say where the cookie is (methods offered: ${offered}). Pass cookieFile.`;
  }
  return `tor offers no authentication method Burrow supports (methods offered: ${offered}).`;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function fromHex(text: string | undefined, length: number, what: string): Uint8Array {
  if (text === undefined || text.length !== length * 2 || !/^[0-9A-Fa-f]*$/.test(text)) {
    throw new TorControlProtocolError(`AUTHCHALLENGE ${what} is not ${length} bytes of hex`);
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}
