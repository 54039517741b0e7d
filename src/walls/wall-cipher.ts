/**
 * The crypto of a wall's star (docs/PROTOCOL.md "Walls"): an epoch key sealed to one reader at
 * a time, and items encrypted under it.
 *
 * - Sealing reuses the groups' sealing (groups/epoch-key-seal.ts) with a single recipient: a
 *   fresh ephemeral key per copy, and a commitment the reader checks. A copy names no other
 *   reader, and nothing tells a reader how many copies were made.
 * - An item is XChaCha20-Poly1305 under HKDF(epoch key, info = item-key label ‖ owner key),
 *   with a random nonce and, as associated data, the owner's key, the epoch and the seq: a
 *   copy cannot be passed off under another wall, epoch or place.
 */
import type { IdentityKeyPair } from '../crypto/identity.js';
import { publicKeyFromOnionAddress, type OnionAddress } from '../crypto/onion-address.js';
import type { RandomSource } from '../crypto/random.js';
import { hkdfSha256 } from '../crypto/hkdf.js';
import { xchachaPolyOpen, xchachaPolySeal } from '../crypto/xchacha20-poly1305.js';
import { openEpochKey, sealEpochKey } from '../groups/epoch-key-seal.js';
import { ByteWriter } from '../protocol/bytes.js';
import { WALL_NONCE_BYTES, type WallItemBody, type WallKeyBody } from '../protocol/walls/wall-wire.js';
import { ITEM_AAD_LABEL, ITEM_KEY_INFO } from './domains.js';
import { wallItemUnreadable } from './errors.js';

/** Bytes of an epoch key. */
export const WALL_EPOCH_KEY_BYTES = 32;

/** Seals epoch `epoch`'s key to one reader. */
export function sealWallKey(
  epoch: Uint8Array,
  key: Uint8Array,
  reader: OnionAddress,
  random: RandomSource,
): WallKeyBody {
  const grant = sealEpochKey(key, [publicKeyFromOnionAddress(reader)], random);
  const [entry] = grant.entries;
  if (entry === undefined) throw new Error('a grant to one reader has one entry');
  return { epoch, ephemeralKey: grant.ephemeralKey, commitment: grant.commitment, sealedKey: entry.sealedKey };
}

/** Opens a key sealed to us; throws `EpochKeyUnreadableError` when it does not open or match its commitment. */
export function openWallKey(body: WallKeyBody, identity: IdentityKeyPair): Uint8Array {
  const key = openEpochKey(
    {
      ephemeralKey: body.ephemeralKey,
      commitment: body.commitment,
      entries: [{ recipient: identity.publicKey, sealedKey: body.sealedKey }],
    },
    identity,
  );
  if (key === undefined) throw new Error('a key sealed to us has our entry');
  return key;
}

function itemKey(key: Uint8Array, owner: OnionAddress): Uint8Array {
  const info = new ByteWriter().writeBytes(ITEM_KEY_INFO).writeBytes(publicKeyFromOnionAddress(owner)).finish();
  return hkdfSha256(key, new Uint8Array(0), info, 32);
}

function itemAad(owner: OnionAddress, epoch: Uint8Array, seq: number): Uint8Array {
  return new ByteWriter()
    .writeBytes(ITEM_AAD_LABEL)
    .writeBytes(publicKeyFromOnionAddress(owner))
    .writeBytes(epoch)
    .writeU64(seq)
    .finish();
}

/** Encrypts a signed entry as item `seq` of `owner`'s wall in `epoch`. */
export function encryptWallItem(
  entry: Uint8Array,
  where: { readonly owner: OnionAddress; readonly epoch: Uint8Array; readonly key: Uint8Array; readonly seq: number },
  random: RandomSource,
): WallItemBody {
  const nonce = random(WALL_NONCE_BYTES);
  const key = itemKey(where.key, where.owner);
  try {
    const ciphertext = xchachaPolySeal(key, nonce, entry, itemAad(where.owner, where.epoch, where.seq));
    return { seq: where.seq, epoch: where.epoch, nonce, ciphertext };
  } finally {
    key.fill(0);
  }
}

/** The signed entry inside an item of `owner`'s wall; throws `WallItemUnreadableError`. */
export function decryptWallItem(item: WallItemBody, owner: OnionAddress, epochKey: Uint8Array): Uint8Array {
  const key = itemKey(epochKey, owner);
  try {
    return xchachaPolyOpen(key, item.nonce, item.ciphertext, itemAad(owner, item.epoch, item.seq));
  } catch {
    throw wallItemUnreadable();
  } finally {
    key.fill(0);
  }
}
