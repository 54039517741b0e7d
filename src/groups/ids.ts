/**
 * How the group service names things in memory and to front ends: ids (group, op, message) as
 * 64 lowercase hex characters, members by their onion address. Wire formats carry raw bytes.
 */
import { onionAddressFromPublicKey, publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';

/** 64 lowercase hex characters of a 32-byte id. */
export type HexId = string;

const HEX_ID = /^[0-9a-f]{64}$/;

/** The hex form of a 32-byte id. @example toHexId(groupIdBytes) // '9f86d0…' */
export function toHexId(bytes: Uint8Array): HexId {
  return Buffer.from(bytes).toString('hex');
}

/** The bytes of a hex id. */
export function fromHexId(id: HexId): Uint8Array {
  return new Uint8Array(Buffer.from(id, 'hex'));
}

/** The id as typed by a user or a script (either case), or undefined if it is not 64 hex characters. */
export function parseHexId(text: string): HexId | undefined {
  if (typeof text !== 'string') return undefined;
  const lower = text.trim().toLowerCase();
  return HEX_ID.test(lower) ? lower : undefined;
}

/** A member's onion address from their 32-byte identity key. */
export function memberFromKey(key: Uint8Array): OnionAddress {
  return onionAddressFromPublicKey(key);
}

/** A member's 32-byte identity key from their onion address. */
export function keyOfMember(member: OnionAddress): Uint8Array {
  return publicKeyFromOnionAddress(member);
}
