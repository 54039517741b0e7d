/**
 * The serving rule's view of this node (src/files/serving-policy.ts): which offers of a file we
 * know, who is in which group, and which chunks we hold. Built over the encrypted store and the
 * running downloads; the files feature asks it before answering any request for a file.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import type { Bitfield } from '../../protocol/files/bitfield.js';
import type { FileAccessPolicy, OfferRecord } from '../serving-policy.js';
import type { FilesRepository, StoredOffer } from '../store/files-repository.js';
import { hexId } from './views.js';

/** What file sharing needs to know about groups (the groups feature answers). */
export interface FileGroupAccess {
  /** The members of a group we belong to (by hex id; ourselves included or not), or undefined if we are not in it. */
  members(groupIdHex: string): readonly OnionAddress[] | undefined;
}

/** Where the bytes of a file we hold are, and which chunks of it. */
export interface HeldFile {
  readonly path: string;
  /** Every chunk, or those of a download in progress. */
  readonly chunks: Bitfield | 'all';
}

/** {@link FileAccessPolicy} over the store (see the module comment). */
export class FilesAccess implements FileAccessPolicy {
  readonly #repo: FilesRepository;
  readonly #groups: FileGroupAccess | undefined;
  readonly #held: (fileIdHex: string) => HeldFile | undefined;

  constructor(
    repo: FilesRepository,
    groups: FileGroupAccess | undefined,
    held: (fileIdHex: string) => HeldFile | undefined,
  ) {
    this.#repo = repo;
    this.#groups = groups;
    this.#held = held;
  }

  /** Offers still standing: a withdrawn offer (ours or theirs) gives nobody access. */
  offersOf(fileIdHex: string): readonly OfferRecord[] {
    return this.#repo
      .offersOf(Buffer.from(fileIdHex, 'hex'))
      .filter((offer) => offer.state !== 'cancelled')
      .map(toRecord);
  }

  isGroupMember(groupIdHex: string, peer: string): boolean {
    return this.#groups?.members(groupIdHex)?.includes(peer as OnionAddress) === true;
  }

  heldChunks(fileIdHex: string): Bitfield | 'all' | undefined {
    return this.#held(fileIdHex)?.chunks;
  }
}

function toRecord(offer: StoredOffer): OfferRecord {
  if (offer.groupId !== undefined) {
    const groupId = hexId(offer.groupId);
    return offer.direction === 'in' ? { kind: 'group', groupId, from: offer.peer } : { kind: 'group', groupId };
  }
  return offer.direction === 'in'
    ? { kind: 'received-direct', from: offer.peer }
    : { kind: 'made-direct', to: offer.peer };
}
