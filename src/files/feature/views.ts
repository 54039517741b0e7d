/**
 * Store rows and live transfer figures → the file sharing API's JSON shapes (files/feature/api.ts).
 * Optional fields are left out rather than set to undefined, so the daemon's JSON has no nulls.
 */
import type { DownloadSource } from '../active-download.js';
import type { StoredDownload, StoredManifest, StoredOffer, StoredShare } from '../store/files-repository.js';
import type { RecipientView, SourceView, TransferState, TransferView } from './api.js';

/** What is known right now about a running download. */
export interface LiveDownload {
  readonly bytesDone: number;
  readonly rate: number;
  readonly sources: readonly DownloadSource[];
  /** The folder the part file is in (its real path). */
  readonly folder: string;
}

/** Everything that makes the incoming view of one file. */
export interface IncomingParts {
  readonly manifest: StoredManifest;
  /** Offers of this file made to us. */
  readonly offers: readonly StoredOffer[];
  readonly download: StoredDownload | undefined;
  readonly live: LiveDownload | undefined;
  /** A message to show when nothing stored says what went wrong (e.g. a refused offer). */
  readonly note: string | undefined;
}

/** Everything that makes the outgoing view of one file. */
export interface OutgoingParts {
  readonly manifest: StoredManifest;
  readonly share: StoredShare;
  /** Offers of this file we made. */
  readonly offers: readonly StoredOffer[];
  readonly bytesSent: number;
  readonly rate: number;
  readonly note: string | undefined;
}

/** The hex form of a file or group id. */
export function hexId(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The view of a file offered to us (and our download of it, if any). */
export function incomingView(parts: IncomingParts): TransferView {
  const { manifest, offers, download, live } = parts;
  const first = offers[0];
  const group = offers.find((offer) => offer.groupId !== undefined)?.groupId;
  const state = incomingState(offers, download);
  const bytesDone = live?.bytesDone ?? download?.bytesDone ?? 0;
  const rate = state === 'downloading' ? (live?.rate ?? 0) : 0;
  const sources = state === 'downloading' && live !== undefined ? live.sources.map(sourceView) : undefined;
  const stalled = sources !== undefined && sources.length > 0 && sources.every((source) => source.stalled);
  const left = manifest.size - bytesDone;
  const error = download?.error ?? parts.note;
  const folder = live?.folder ?? download?.folder;
  return {
    id: hexId(manifest.fileId),
    direction: 'in',
    name: manifest.name,
    size: manifest.size,
    state,
    ...(first === undefined ? {} : { from: first.peer, offeredBy: [...new Set(offers.map((offer) => offer.peer))] }),
    ...(group === undefined ? {} : { group: hexId(group) }),
    bytesDone,
    rate,
    ...(state === 'downloading' && rate > 0 && !stalled ? { etaSeconds: Math.ceil(left / rate) } : {}),
    ...(sources === undefined ? {} : { sources, stalled }),
    ...(folder === undefined ? {} : { folder }),
    ...(download?.path === undefined ? {} : { path: download.path }),
    ...(error === undefined || state === 'complete' || state === 'downloading' ? {} : { error }),
    createdAt: Math.min(manifest.createdAt, ...offers.map((offer) => offer.createdAt)),
    updatedAt: Math.max(download?.updatedAt ?? 0, ...offers.map((offer) => offer.updatedAt), manifest.createdAt),
  };
}

/** The view of a file we offered. */
export function outgoingView(parts: OutgoingParts): TransferView {
  const { manifest, share, offers } = parts;
  const group = offers.find((offer) => offer.groupId !== undefined)?.groupId;
  const recipients: RecipientView[] = offers.map((offer) => ({ onion: offer.peer, state: offer.state }));
  const state: TransferState = share.state === 'active' ? 'offered' : 'cancelled';
  return {
    id: hexId(manifest.fileId),
    direction: 'out',
    name: manifest.name,
    size: manifest.size,
    state,
    ...(group === undefined ? {} : { group: hexId(group) }),
    recipients,
    bytesDone: parts.bytesSent,
    rate: state === 'offered' ? parts.rate : 0,
    path: share.path,
    ...(parts.note === undefined || state !== 'offered' ? {} : { error: parts.note }),
    createdAt: share.createdAt,
    updatedAt: Math.max(share.updatedAt, ...offers.map((offer) => offer.updatedAt)),
  };
}

function incomingState(offers: readonly StoredOffer[], download: StoredDownload | undefined): TransferState {
  if (download !== undefined) {
    switch (download.state) {
      case 'active':
        return 'downloading';
      case 'paused':
      case 'complete':
      case 'cancelled':
      case 'failed':
        return download.state;
    }
  }
  if (offers.some((offer) => offer.state === 'offered')) return 'offered';
  if (offers.length > 0 && offers.every((offer) => offer.state === 'declined')) return 'declined';
  return 'cancelled';
}

function sourceView(source: DownloadSource): SourceView {
  return {
    onion: source.id,
    bytes: source.bytes,
    ...(source.throughput === undefined && source.rate === 0 ? {} : { rate: source.rate }),
    stalled: source.stalled,
  };
}
