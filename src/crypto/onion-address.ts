/**
 * Tor v3 onion addresses (rend-spec-v3 §6 "Encoding onion addresses"):
 *
 *   onion_address = base32(PUBKEY | CHECKSUM | VERSION) + ".onion"
 *   CHECKSUM = SHA3-256(".onion checksum" | PUBKEY | VERSION)[:2]
 *   VERSION = 0x03
 *
 * Burrow's `OnionAddress` is the 56-character lowercase label without ".onion": the form Tor's
 * ADD_ONION returns as ServiceID. Only {@link parseOnionAddress} and
 * {@link onionAddressFromPublicKey} make one, so holding the type means the checksum was checked.
 */
import { createHash } from 'node:crypto';
import { BurrowFailure } from '../errors.js';
import { base32Decode, base32Encode } from './base32.js';

declare const onionBrand: unique symbol;
/** A checked v3 onion address: 56 lowercase base32 characters, no ".onion" suffix. */
export type OnionAddress = string & { readonly [onionBrand]: true };

const VERSION = 0x03;
const CHECKSUM_PREFIX = Buffer.from('.onion checksum', 'ascii');

/** 'InvalidOnionAddressError': the text (or key) is not a usable v3 onion address. */
export function invalidOnionAddress(reason: string): BurrowFailure {
  return new BurrowFailure(
    'InvalidOnionAddressError',
    `Not a Tor v3 onion address: ${reason}. An onion address is 56 letters and digits, optionally followed by .onion`,
    {
      action: 'tell-user',
    },
  );
}

function checksum(publicKey: Uint8Array): Uint8Array {
  return createHash('sha3-256')
    .update(CHECKSUM_PREFIX)
    .update(publicKey)
    .update(Uint8Array.of(VERSION))
    .digest()
    .subarray(0, 2);
}

/**
 * The onion address of an ed25519 public key.
 * @example onionAddressFromPublicKey(publicKey) // 'pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd'
 */
export function onionAddressFromPublicKey(publicKey: Uint8Array): OnionAddress {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new TypeError('publicKey must be a 32-byte Uint8Array');
  }
  const bytes = new Uint8Array(35);
  bytes.set(publicKey, 0);
  bytes.set(checksum(publicKey), 32);
  bytes[34] = VERSION;
  return base32Encode(bytes) as OnionAddress;
}

/**
 * Parses user or peer input into an onion address: accepts an optional ".onion" suffix and any
 * letter case, checks length, alphabet, version and checksum, else throws
 * an 'InvalidOnionAddressError'.
 */
export function parseOnionAddress(input: string): OnionAddress {
  if (typeof input !== 'string') throw invalidOnionAddress('not a string');
  let label = input.trim().toLowerCase();
  if (label.endsWith('.onion')) label = label.slice(0, -'.onion'.length);
  if (label.length !== 56) throw invalidOnionAddress(`expected 56 characters, got ${Math.min(label.length, 9999)}`);
  const bytes = base32Decode(label);
  if (bytes === undefined || bytes.length !== 35)
    throw invalidOnionAddress('it contains characters outside a–z and 2–7');
  if (bytes[34] !== VERSION) throw invalidOnionAddress('unsupported version (only v3 addresses exist)');
  const publicKey = bytes.subarray(0, 32);
  const expected = checksum(publicKey);
  if (bytes[32] !== expected[0] || bytes[33] !== expected[1])
    throw invalidOnionAddress('the checksum does not match (a typo?)');
  return label as OnionAddress;
}

/** Whether `input` parses as an onion address. */
export function isOnionAddress(input: string): boolean {
  try {
    parseOnionAddress(input);
    return true;
  } catch {
    return false;
  }
}

/** The ed25519 public key inside a checked onion address. */
export function publicKeyFromOnionAddress(address: OnionAddress): Uint8Array {
  const bytes = base32Decode(address);
  if (bytes === undefined) throw invalidOnionAddress('undecodable');
  return bytes.slice(0, 32);
}
