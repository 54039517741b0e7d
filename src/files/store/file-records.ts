/**
 * What file sharing keeps in its tables, as the files feature sees it (Stored*), as SQLite
 * hands it back (*Row), and the mapping from one to the other. files-repository.ts re-exports
 * the Stored* types.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';

/** A stored manifest: the whole verified hash list, or (complete false) the offer's first piece. */
export interface StoredManifest {
  readonly fileId: Uint8Array;
  readonly name: string;
  readonly size: number;
  readonly chunkSize: number;
  readonly chunkHashes: Uint8Array;
  /** The hash list is whole and was checked against the file id. */
  readonly complete: boolean;
  readonly createdAt: number;
}

/** A file we offered from a path we chose. */
export interface StoredShare {
  readonly fileId: Uint8Array;
  readonly path: string;
  /** 'withdrawn': we cancelled our offers and no longer serve it from this path. */
  readonly state: 'active' | 'withdrawn';
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Which way an offer went: 'out' (we made it, peer = recipient) or 'in' (peer = offerer). */
export type OfferDirection = 'in' | 'out';
/** Where an offer stands ('complete': the recipient holds the whole file now). */
export type OfferState = 'offered' | 'accepted' | 'declined' | 'cancelled' | 'complete';
/** Every {@link OfferState}. */
export const OFFER_STATES: readonly OfferState[] = Object.freeze([
  'offered',
  'accepted',
  'declined',
  'cancelled',
  'complete',
]);

/** One offer made or received. */
export interface StoredOffer {
  readonly fileId: Uint8Array;
  readonly direction: OfferDirection;
  readonly peer: OnionAddress;
  /** The group it was offered in, or undefined for a direct offer. */
  readonly groupId: Uint8Array | undefined;
  readonly state: OfferState;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where a download stands. */
export type DownloadState = 'active' | 'paused' | 'complete' | 'cancelled' | 'failed';
/** Every {@link DownloadState}. */
export const DOWNLOAD_STATES: readonly DownloadState[] = Object.freeze([
  'active',
  'paused',
  'complete',
  'cancelled',
  'failed',
]);

/** One accepted file. */
export interface StoredDownload {
  readonly fileId: Uint8Array;
  readonly state: DownloadState;
  /** The folder the user chose (real path once the part file exists). */
  readonly folder: string;
  /** The part file's name in the folder, once created. */
  readonly partName: string | undefined;
  /** The name the finished file is meant to get. */
  readonly finalName: string | undefined;
  /** Bitfield bytes of the chunks durably on disk. */
  readonly have: Uint8Array | undefined;
  readonly bytesDone: number;
  /** Where the finished file is (state 'complete'). */
  readonly path: string | undefined;
  /** Why it is paused or failed: a message for the user. */
  readonly error: string | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ManifestRow {
  file_id: Buffer;
  name: string;
  size: number;
  chunk_size: number;
  chunk_hashes: Buffer;
  complete: number;
  created_at: number;
}

export interface ShareRow {
  file_id: Buffer;
  path: string;
  state: StoredShare['state'];
  created_at: number;
  updated_at: number;
}

export interface OfferRow {
  file_id: Buffer;
  direction: OfferDirection;
  peer: string;
  group_id: Buffer;
  state: OfferState;
  created_at: number;
  updated_at: number;
}

export interface DownloadRow {
  file_id: Buffer;
  state: DownloadState;
  folder: string;
  part_name: string | null;
  final_name: string | null;
  have: Buffer | null;
  bytes_done: number;
  path: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export function manifestFromRow(row: ManifestRow): StoredManifest {
  return {
    fileId: new Uint8Array(row.file_id),
    name: row.name,
    size: row.size,
    chunkSize: row.chunk_size,
    chunkHashes: new Uint8Array(row.chunk_hashes),
    complete: row.complete === 1,
    createdAt: row.created_at,
  };
}

export function shareFromRow(row: ShareRow): StoredShare {
  return {
    fileId: new Uint8Array(row.file_id),
    path: row.path,
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function offerFromRow(row: OfferRow): StoredOffer {
  return {
    fileId: new Uint8Array(row.file_id),
    direction: row.direction,
    peer: row.peer as OnionAddress,
    groupId: row.group_id.length === 0 ? undefined : new Uint8Array(row.group_id),
    state: row.state,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function downloadFromRow(row: DownloadRow): StoredDownload {
  return {
    fileId: new Uint8Array(row.file_id),
    state: row.state,
    folder: row.folder,
    partName: row.part_name ?? undefined,
    finalName: row.final_name ?? undefined,
    have: row.have === null ? undefined : new Uint8Array(row.have),
    bytesDone: row.bytes_done,
    path: row.path ?? undefined,
    error: row.error ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
