/**
 * Reading tor's SOCKS5 reply code, and what each code means for a dial.
 *
 * The `socks` package reports a rejected CONNECT as text with the code's RFC 1928 name, and
 * "undefined" for tor's extended codes 0xF0–0xF7, which are the ones that say *why* an onion
 * could not be reached. So the dialer also records the first bytes tor sends and reads the
 * code from them with {@link socks5ReplyCode}.
 */
import type { DialFailureReason } from '../errors.js';

/** RFC 1928 §6 reply codes, and tor's extended ones (socks-extensions §3 / proposal 304, with `ExtendedErrors`). */
export const SocksReply = {
  succeeded: 0x00,
  generalFailure: 0x01,
  notAllowed: 0x02,
  networkUnreachable: 0x03,
  hostUnreachable: 0x04,
  connectionRefused: 0x05,
  ttlExpired: 0x06,
  commandNotSupported: 0x07,
  addressTypeNotSupported: 0x08,
  onionDescriptorNotFound: 0xf0,
  onionDescriptorInvalid: 0xf1,
  onionIntroFailed: 0xf2,
  onionRendezvousFailed: 0xf3,
  onionClientAuthMissing: 0xf4,
  onionClientAuthBad: 0xf5,
  onionBadAddress: 0xf6,
  onionIntroTimedOut: 0xf7,
} as const;

const REASON_BY_CODE: ReadonlyMap<number, DialFailureReason> = new Map<number, DialFailureReason>([
  [SocksReply.generalFailure, 'unreachable'],
  [SocksReply.notAllowed, 'refused'],
  [SocksReply.networkUnreachable, 'unreachable'],
  [SocksReply.hostUnreachable, 'unreachable'],
  // tor maps END_STREAM_REASON_CONNECTREFUSED here: the onion's tor could not connect to its target port.
  [SocksReply.connectionRefused, 'refused'],
  // tor's answer when a stream attempt timed out (END_STREAM_REASON_TIMEOUT).
  [SocksReply.ttlExpired, 'unreachable'],
  [SocksReply.onionDescriptorNotFound, 'descriptor-not-found'],
  [SocksReply.onionDescriptorInvalid, 'descriptor-invalid'],
  [SocksReply.onionIntroFailed, 'intro-failed'],
  [SocksReply.onionRendezvousFailed, 'rendezvous-failed'],
  [SocksReply.onionClientAuthMissing, 'client-auth'],
  [SocksReply.onionClientAuthBad, 'client-auth'],
  [SocksReply.onionBadAddress, 'bad-address'],
  [SocksReply.onionIntroTimedOut, 'intro-failed'],
]);

/** What a non-zero SOCKS5 reply code means for the dial; unknown codes are `'protocol'`. */
export function dialFailureReason(replyCode: number): DialFailureReason {
  return REASON_BY_CODE.get(replyCode) ?? 'protocol';
}

const SOCKS_VERSION = 0x05;
const METHOD_USERNAME_PASSWORD = 0x02;

/**
 * The reply code of a CONNECT, from the first bytes the proxy sent, or undefined if they do not
 * reach it yet. The proxy's side of the exchange is (RFC 1928 §3, §6; RFC 1929 §2):
 *
 *   VER METHOD                      method selection
 *   [AUTH-VER STATUS]               only when METHOD is 0x02 (username/password)
 *   VER REP RSV ATYP …              the reply; REP is the code
 *
 * @example socks5ReplyCode(Uint8Array.of(5, 2, 1, 0, 5, 0xf0)) // 0xf0
 */
export function socks5ReplyCode(fromProxy: Uint8Array): number | undefined {
  if (fromProxy.length < 2 || fromProxy[0] !== SOCKS_VERSION) return undefined;
  const replyStart = fromProxy[1] === METHOD_USERNAME_PASSWORD ? 4 : 2;
  if (fromProxy.length < replyStart + 2 || fromProxy[replyStart] !== SOCKS_VERSION) return undefined;
  return fromProxy[replyStart + 1];
}

/** How many bytes {@link socks5ReplyCode} needs at most (method selection + auth status + VER REP). */
export const SOCKS5_REPLY_CODE_PREFIX_BYTES = 6;
