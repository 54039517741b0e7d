/**
 * File sharing (docs/ARCHITECTURE.md "Services/Files"), the pure and local-disk core: manifests, safe
 * names, the part file, the download scheduler and engine, the serving rule, the fair outbound
 * queue. The node wires these to sessions and the store. Import from here.
 */
export { Bitfield } from '../protocol/files/bitfield.js';
export { ChunkAssembler, blockCount, chunkDataMessages } from './chunk-blocks.js';
export { ChunkReader } from './disk/chunk-reader.js';
export { checkDiskSpace, DISK_SPACE_MARGIN_BYTES, freeBytes, type FsSpace, type StatFs } from './disk/disk-space.js';
export { defaultDownloadFolder, parseUserDirs } from './disk/download-dir.js';
export {
  DownloadEngine,
  type BlockOutcome,
  type DownloadEngineOptions,
  type OutgoingFileMessage,
} from './download-engine.js';
export { MAX_CONFLICT_NUMBER, PART_SUFFIX } from './disk/download-folder.js';
export {
  DownloadScheduler,
  type DownloadSchedulerOptions,
  type PlannedCancel,
  type PlannedRequest,
  type RequestInfo,
  type SchedulerPlan,
  type SourceHave,
  type SourceId,
} from './download-scheduler.js';
export * from './errors.js';
export { FairQueue, type Lane, type PushOptions } from './fair-queue.js';
export { Manifest, chunkHash, manifestRootHash } from './manifest.js';
export { ManifestAssembly, hashPiece, hashPieceCount, hashPieceRange } from './manifest-assembly.js';
export { buildManifest, chooseChunkSize, type BuildManifestOptions } from './disk/manifest-builder.js';
export { decideOffer, type OfferDecision, type OfferPreferences } from './offer-policy.js';
export {
  PartFile,
  type CreatePartFileOptions,
  type FinishedFile,
  type PartFileIo,
  type PartFileState,
  type PositionalWrite,
  type ResumePartFileOptions,
} from './disk/part-file.js';
export {
  FALLBACK_FILE_NAME,
  SAFE_NAME_MAX_BYTES,
  safeFileName,
  toWireFileName,
  withConflictNumber,
} from './safe-file-name.js';
export {
  mayServeChunk,
  mayServeFile,
  type FileAccessPolicy,
  type OfferRecord,
  type PeerId,
  type ServeDecision,
  type ServeRefusal,
} from './serving-policy.js';
export type { SourceStats } from './source-state.js';
export * from './transfer-limits.js';
