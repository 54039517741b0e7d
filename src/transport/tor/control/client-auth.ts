/**
 * ONION_CLIENT_AUTH_ADD, ONION_CLIENT_AUTH_REMOVE and ONION_CLIENT_AUTH_VIEW (control-spec
 * §3.30–§3.32): giving our tor the x25519 key that opens a client-authorised onion service
 * (docs/PROTOCOL.md "Endpoints"), taking it back, and listing what it holds.
 *
 *   ONION_CLIENT_AUTH_ADD HSAddress x25519:<base64 private key>   → 250 OK | 251 replaced
 *   ONION_CLIENT_AUTH_REMOVE HSAddress                            → 250 OK | 251 none held
 *   ONION_CLIENT_AUTH_VIEW [HSAddress]
 *     → 250-ONION_CLIENT_AUTH_VIEW [HSAddress]  *(250-CLIENT HSAddress x25519:<key> …)  250 OK
 *
 * Pure functions; the client sends.
 */
import { parseOnionAddress, type OnionAddress } from '../../../crypto/onion-address.js';
import { TorControlProtocolError } from './errors.js';
import type { ControlReply } from './reply.js';

/** Length of an x25519 private key (the client-authorisation key tor holds per service). */
export const X25519_CLIENT_KEY_BYTES = 32;

/** `x25519:` followed by the standard base64 of 32 bytes (44 characters with its `=`). */
const CLIENT_KEY_BLOB = /^x25519:([A-Za-z0-9+/]{43}=)$/;

/** One credential tor holds (a `CLIENT` line of ONION_CLIENT_AUTH_VIEW). */
export interface ClientAuthCredential {
  readonly address: OnionAddress;
  /** The 32-byte x25519 private key. */
  readonly privateKey: Uint8Array;
}

/** The arguments of ONION_CLIENT_AUTH_ADD; throws TypeError on a bad address or key before anything is sent. */
export function clientAuthAddArguments(address: string, privateKey: Uint8Array): string[] {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== X25519_CLIENT_KEY_BYTES)
    throw new TypeError(`a client-authorisation key is ${X25519_CLIENT_KEY_BYTES} bytes of x25519 private key`);
  const blob = Buffer.from(privateKey.buffer, privateKey.byteOffset, privateKey.byteLength).toString('base64');
  return [onionArgument(address), `x25519:${blob}`];
}

/** The argument of ONION_CLIENT_AUTH_REMOVE (and of a filtered ONION_CLIENT_AUTH_VIEW). */
export function clientAuthRemoveArguments(address: string): string[] {
  return [onionArgument(address)];
}

/**
 * Reads ONION_CLIENT_AUTH_VIEW's reply strictly: the header line first, then only `CLIENT`
 * lines with a v3 address and an x25519 key (tor may add `ClientName=`/`Flags=`, which are kept out).
 */
export function parseClientAuthViewReply(reply: ControlReply): ClientAuthCredential[] {
  const lines = reply.lines;
  const last = lines[lines.length - 1];
  if (last === undefined || last.divider !== ' ' || last.text !== 'OK')
    throw new TorControlProtocolError('ONION_CLIENT_AUTH_VIEW reply does not end with OK');
  const [header, ...clients] = lines.slice(0, -1);
  if (header === undefined || !/^ONION_CLIENT_AUTH_VIEW( [a-z2-7]{56})?$/.test(header.text))
    throw new TorControlProtocolError('ONION_CLIENT_AUTH_VIEW reply does not start with its header');
  return clients.map((line) => {
    const [keyword, address, blob] = line.text.split(' ');
    const key = CLIENT_KEY_BLOB.exec(blob ?? '');
    if (keyword !== 'CLIENT' || address === undefined || key === null)
      throw new TorControlProtocolError('ONION_CLIENT_AUTH_VIEW reply has a line that is not a CLIENT credential');
    let onion: OnionAddress;
    try {
      onion = parseOnionAddress(address);
    } catch {
      throw new TorControlProtocolError('ONION_CLIENT_AUTH_VIEW named an address that is not a v3 onion address');
    }
    const privateKey = new Uint8Array(Buffer.from(key[1]!, 'base64'));
    if (privateKey.length !== X25519_CLIENT_KEY_BYTES)
      throw new TorControlProtocolError('ONION_CLIENT_AUTH_VIEW returned a key of the wrong length');
    return { address: onion, privateKey };
  });
}

function onionArgument(address: string): string {
  try {
    return parseOnionAddress(address);
  } catch {
    throw new TypeError('a client-authorisation address must be a v3 onion address');
  }
}
