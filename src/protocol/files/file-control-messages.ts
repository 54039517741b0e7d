/**
 * The small messages that steer a transfer: accept, decline, cancel.
 *
 *   file-accept  = 32-byte file id       "I will download it" (the offerer then sends its `have`)
 *   file-decline = 32-byte file id       "I will not"
 *   file-cancel  = 32-byte file id ‖ u8 scope
 *       scope 0 download:  "I stopped downloading: drop every request of mine for this file"
 *       scope 1 offer:     "I withdraw the offer: I no longer serve this file"
 *       scope 2 requests ‖ u16 count (1–64) ‖ count × u32 request id
 *                          "drop these requests" (endgame duplicates, timed-out requests)
 */
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { invalidArgument } from '../../lib/argument-checks.js';
import { readFileId, readRequestIds, writeFileId, writeRequestIds } from './file-fields.js';

/** The body of a file-accept or file-decline. */
export interface FileAnswerBody {
  readonly fileId: Uint8Array;
}

/** What a cancel stops. */
export type CancelScope =
  | { readonly kind: 'download' }
  | { readonly kind: 'offer' }
  | { readonly kind: 'requests'; readonly requestIds: readonly number[] };

/** A file-cancel's body. */
export interface FileCancelBody {
  readonly fileId: Uint8Array;
  readonly scope: CancelScope;
}

const CANCEL_DOWNLOAD = 0;
const CANCEL_OFFER = 1;
const CANCEL_REQUESTS = 2;

/** Reads the body of a file-accept or file-decline. */
export function readFileAnswer(reader: ByteReader): FileAnswerBody {
  return { fileId: readFileId(reader, 'file answer file id') };
}

/** Writes the body of a file-accept or file-decline. */
export function writeFileAnswer(writer: ByteWriter, body: FileAnswerBody): void {
  writeFileId(writer, body.fileId, 'file answer file id');
}

/** Reads a file-cancel's body. */
export function readFileCancel(reader: ByteReader): FileCancelBody {
  const fileId = readFileId(reader, 'file-cancel file id');
  const tag = reader.readU8('file-cancel scope');
  switch (tag) {
    case CANCEL_DOWNLOAD:
      return { fileId, scope: { kind: 'download' } };
    case CANCEL_OFFER:
      return { fileId, scope: { kind: 'offer' } };
    case CANCEL_REQUESTS:
      return { fileId, scope: { kind: 'requests', requestIds: readRequestIds(reader, 'file-cancel request ids') } };
    default:
      throw malformedInput('file-cancel scope', `is ${tag}, not 0 (download), 1 (offer) or 2 (requests)`);
  }
}

/** Writes a file-cancel's body. */
export function writeFileCancel(writer: ByteWriter, body: FileCancelBody): void {
  writeFileId(writer, body.fileId, 'file-cancel file id');
  const scope = body.scope;
  switch (scope?.kind) {
    case 'download':
      writer.writeU8(CANCEL_DOWNLOAD);
      return;
    case 'offer':
      writer.writeU8(CANCEL_OFFER);
      return;
    case 'requests':
      writer.writeU8(CANCEL_REQUESTS);
      writeRequestIds(writer, scope.requestIds, 'file-cancel request ids');
      return;
    default:
      throw invalidArgument('file-cancel scope', "{ kind: 'download' | 'offer' | 'requests' }");
  }
}
