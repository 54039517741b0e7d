/**
 * Wire codecs of file sharing (docs/ARCHITECTURE.md "Services/Files"): offers, answers, hash pieces, chunk
 * requests and data, `have`, cancel, plus the manifest record. Import from here.
 */
export { Bitfield } from './bitfield.js';
export type { ChunkDataBody, ChunkRequestBody, ChunkRequestEntry } from './chunk-messages.js';
export type { CancelScope, FileAnswerBody, FileCancelBody } from './file-control-messages.js';
export {
  decodeFileMessageBody,
  encodeFileMessageBody,
  FILE_MESSAGE_KINDS,
  fileMessageKind,
  readFileMessageBody,
  writeFileMessageBody,
  type FileMessage,
  type FileMessageKind,
} from './file-message-codec.js';
export { firstPieceHashCount, type FileOfferBody, type OfferScope } from './file-offer.js';
export * from './file-wire-limits.js';
export type { HashPieceBody, HashRequestBody } from './hash-piece-messages.js';
export type { HaveBody, HaveSet } from './have-message.js';
export {
  checkManifestHeader,
  chunkCountOf,
  chunkSizeProblem,
  fileNameProblem,
  fileSizeProblem,
  type ManifestHeader,
} from './manifest-header.js';
export {
  decodeManifestRecord,
  encodeManifestRecord,
  MANIFEST_RECORD_VERSION,
  type UnverifiedManifest,
} from './manifest-record.js';
