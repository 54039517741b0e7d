/**
 * The file messages as one tagged union, with their envelope kind bytes (0x40–0x4f is the
 * files block of src/protocol/envelope/kinds.ts) and one reader/writer pair that the message
 * envelope calls for those kinds:
 *
 * ```ts
 * // in envelope.ts, for a kind in FILE_MESSAGE_KINDS:
 * return { id, ...readFileMessageBody(kind, reader) };
 * ```
 *
 * {@link encodeFileMessageBody} / {@link decodeFileMessageBody} do the same on whole byte
 * strings (tests, byte vectors). Decoders throw only `DecodeError`s.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter } from '../bytes.js';
import {
  readChunkData,
  readChunkRequest,
  writeChunkData,
  writeChunkRequest,
  type ChunkDataBody,
  type ChunkRequestBody,
} from './chunk-messages.js';
import {
  readFileAnswer,
  readFileCancel,
  writeFileAnswer,
  writeFileCancel,
  type FileAnswerBody,
  type FileCancelBody,
} from './file-control-messages.js';
import { readFileOffer, writeFileOffer, type FileOfferBody } from './file-offer.js';
import {
  readHashPiece,
  readHashRequest,
  writeHashPiece,
  writeHashRequest,
  type HashPieceBody,
  type HashRequestBody,
} from './hash-piece-messages.js';
import { readHave, writeHave, type HaveBody } from './have-message.js';

/**
 * Kind bytes of the file messages. A number, once released, keeps its meaning forever.
 */
export const FILE_MESSAGE_KINDS = Object.freeze({
  'file-offer': 0x40,
  'file-accept': 0x41,
  'file-decline': 0x42,
  'file-cancel': 0x43,
  'hash-request': 0x44,
  'hash-piece': 0x45,
  'chunk-request': 0x46,
  'chunk-data': 0x47,
  have: 0x48,
} as const);

/** The name of a file message kind. */
export type FileMessageKind = keyof typeof FILE_MESSAGE_KINDS;

/** Every file message body, told apart by `kind`. */
export type FileMessage =
  | ({ readonly kind: 'file-offer' } & FileOfferBody)
  | ({ readonly kind: 'file-accept' } & FileAnswerBody)
  | ({ readonly kind: 'file-decline' } & FileAnswerBody)
  | ({ readonly kind: 'file-cancel' } & FileCancelBody)
  | ({ readonly kind: 'hash-request' } & HashRequestBody)
  | ({ readonly kind: 'hash-piece' } & HashPieceBody)
  | ({ readonly kind: 'chunk-request' } & ChunkRequestBody)
  | ({ readonly kind: 'chunk-data' } & ChunkDataBody)
  | ({ readonly kind: 'have' } & HaveBody);

const BY_NUMBER: ReadonlyMap<number, FileMessageKind> = new Map(
  (Object.entries(FILE_MESSAGE_KINDS) as [FileMessageKind, number][]).map(([name, number]) => [number, name]),
);

/** The file message kind with this envelope kind byte, or undefined. */
export function fileMessageKind(kindByte: number): FileMessageKind | undefined {
  return BY_NUMBER.get(kindByte);
}

/** Reads the body of a file message of kind `kind` (the envelope already read the kind byte). */
export function readFileMessageBody(kind: FileMessageKind, reader: ByteReader): FileMessage {
  switch (kind) {
    case 'file-offer':
      return { kind, ...readFileOffer(reader) };
    case 'file-accept':
    case 'file-decline':
      return { kind, ...readFileAnswer(reader) };
    case 'file-cancel':
      return { kind, ...readFileCancel(reader) };
    case 'hash-request':
      return { kind, ...readHashRequest(reader) };
    case 'hash-piece':
      return { kind, ...readHashPiece(reader) };
    case 'chunk-request':
      return { kind, ...readChunkRequest(reader) };
    case 'chunk-data':
      return { kind, ...readChunkData(reader) };
    case 'have':
      return { kind, ...readHave(reader) };
  }
}

/** Writes the body of `message` (not its kind byte: the envelope writes that). */
export function writeFileMessageBody(writer: ByteWriter, message: FileMessage): void {
  switch (message?.kind) {
    case 'file-offer':
      return writeFileOffer(writer, message);
    case 'file-accept':
    case 'file-decline':
      return writeFileAnswer(writer, message);
    case 'file-cancel':
      return writeFileCancel(writer, message);
    case 'hash-request':
      return writeHashRequest(writer, message);
    case 'hash-piece':
      return writeHashPiece(writer, message);
    case 'chunk-request':
      return writeChunkRequest(writer, message);
    case 'chunk-data':
      return writeChunkData(writer, message);
    case 'have':
      return writeHave(writer, message);
    default:
      throw invalidArgument('message.kind', `one of ${Object.keys(FILE_MESSAGE_KINDS).join(', ')}`);
  }
}

/**
 * The body bytes of `message`.
 * @example encodeFileMessageBody({ kind: 'file-accept', fileId })
 */
export function encodeFileMessageBody(message: FileMessage): Uint8Array {
  const writer = new ByteWriter();
  writeFileMessageBody(writer, message);
  return writer.finish();
}

/** Decodes all of `bytes` as the body of a `kind` message; throws only `DecodeError`s. */
export function decodeFileMessageBody(kind: FileMessageKind, bytes: Uint8Array): FileMessage {
  return ByteReader.decode(bytes, (reader) => readFileMessageBody(kind, reader), kind);
}
