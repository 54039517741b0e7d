/**
 * Who may fetch what ("serves chunks to the people the file was offered to, and only to
 * them"). Pure: the node implements {@link FileAccessPolicy} over its store and asks before
 * answering any hash-request, chunk-request or `have`.
 *
 * Rule: we serve file F to peer P only if
 *   1. some offer of F we know of (one we made or one we received) was made to P directly, or
 *      to a group P is a member of now (a member removed since has no access), or was made by
 *      P (the offerer has the file anyway), and
 *   2. access to a group's file follows the group's membership alone: once F is known as a
 *      group file, P's own direct offer of it opens nothing (else a removed member could
 *      re-offer the file directly and fetch it again), and
 *   3. for a chunk: we hold that chunk, verified.
 *
 * A refused peer must not learn whether we know F at all: the node answers every refusal the
 * way it answers an unknown file (a `have` of form 'none'), never with a distinct error.
 */
import type { Bitfield } from '../protocol/files/bitfield.js';

/** A peer's id: the node uses the friend's onion address. */
export type PeerId = string;

/** One offer of a file that this node knows about. */
export type OfferRecord =
  /** We offered the file to friend `to`. */
  | { readonly kind: 'made-direct'; readonly to: PeerId }
  /** Friend `from` offered the file to us. */
  | { readonly kind: 'received-direct'; readonly from: PeerId }
  /** The file was offered to a group (hex id), by friend `from` or (no `from`) by us. */
  | { readonly kind: 'group'; readonly groupId: string; readonly from?: PeerId };

/** What the serving rule needs to know; the node implements it over its store. */
export interface FileAccessPolicy {
  /** Every offer of the file (by hex file id) this node made or received; empty if unknown. */
  offersOf(fileIdHex: string): readonly OfferRecord[];
  /** Whether `peer` is a member of the group (hex id) now. */
  isGroupMember(groupIdHex: string, peer: PeerId): boolean;
  /** The verified chunks of the file we hold: all of it, some, or none (undefined). */
  heldChunks(fileIdHex: string): Bitfield | 'all' | undefined;
}

/** Why a request was refused (for logs; the peer is told nothing but "none"). */
export type ServeRefusal = 'not-offered-to-peer' | 'chunk-not-held';

/** The answer to "may I serve this?". */
export type ServeDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: ServeRefusal };

/**
 * Whether `peer` is entitled to the file at all (for hash-requests and `have`).
 * @example if (!mayServeFile(policy, fileIdHex, peer)) send(haveNone(fileId))
 */
export function mayServeFile(policy: FileAccessPolicy, fileIdHex: string, peer: PeerId): boolean {
  const offers = policy.offersOf(fileIdHex);
  const groupFile = offers.some((offer) => offer.kind === 'group');
  return offers.some((offer) => offerReaches(policy, offer, peer, groupFile));
}

/**
 * Whether to send chunk `index` of the file to `peer`.
 * @example const decision = mayServeChunk(policy, fileIdHex, peer, 3)
 */
export function mayServeChunk(policy: FileAccessPolicy, fileIdHex: string, peer: PeerId, index: number): ServeDecision {
  if (!mayServeFile(policy, fileIdHex, peer)) return { allowed: false, reason: 'not-offered-to-peer' };
  const held = policy.heldChunks(fileIdHex);
  if (held === 'all' || (held !== undefined && held.has(index))) return { allowed: true };
  return { allowed: false, reason: 'chunk-not-held' };
}

function offerReaches(policy: FileAccessPolicy, offer: OfferRecord, peer: PeerId, groupFile: boolean): boolean {
  switch (offer.kind) {
    case 'made-direct':
      return offer.to === peer;
    case 'received-direct':
      return offer.from === peer && !groupFile;
    case 'group':
      return offer.from === peer || policy.isGroupMember(offer.groupId, peer);
  }
}
