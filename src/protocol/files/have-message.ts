/**
 * `have`: which chunks of a file the sender holds, so downloaders know whom to ask.
 *
 *   have = 32-byte file id ‖ u8 form ‖ …
 *     form 0 none                                         nothing (also the answer to a peer
 *                                                         not entitled to the file: it cannot
 *                                                         tell "no" from "never heard of it")
 *     form 1 all                                          the whole file
 *     form 2 bitfield ‖ u32 bit count (1–MAX_CHUNK_COUNT) ‖ ceil(count / 8) bytes (bitfield.ts)
 *     form 3 indices  ‖ u16 n (1–MAX_HAVE_INDICES) ‖ n × u32 index, strictly increasing
 *                                                         (new chunks since the last `have`)
 *
 * Forms 0–2 replace what the receiver knew of the sender; form 3 adds to it.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { Bitfield } from './bitfield.js';
import {
  checkListLength,
  readChunkIndex,
  readFileId,
  readListCount,
  writeChunkIndex,
  writeFileId,
} from './file-fields.js';
import { MAX_CHUNK_COUNT, MAX_HAVE_INDICES } from './file-wire-limits.js';

/** What a `have` says. */
export type HaveSet =
  | { readonly form: 'none' }
  | { readonly form: 'all' }
  | { readonly form: 'bitfield'; readonly bitfield: Bitfield }
  | { readonly form: 'indices'; readonly indices: readonly number[] };

/** A have's body. */
export interface HaveBody {
  readonly fileId: Uint8Array;
  readonly have: HaveSet;
}

const FORMS = { none: 0, all: 1, bitfield: 2, indices: 3 } as const;

/** Reads a have's body. */
export function readHave(reader: ByteReader): HaveBody {
  const fileId = readFileId(reader, 'have file id');
  const form = reader.readU8('have form');
  switch (form) {
    case FORMS.none:
      return { fileId, have: { form: 'none' } };
    case FORMS.all:
      return { fileId, have: { form: 'all' } };
    case FORMS.bitfield: {
      const length = reader.readU32('have bit count');
      if (length === 0 || length > MAX_CHUNK_COUNT)
        throw malformedInput('have bit count', `is ${length}, outside 1–${MAX_CHUNK_COUNT}`);
      const bytes = reader.readBytes(Math.ceil(length / 8), 'have bitfield');
      return { fileId, have: { form: 'bitfield', bitfield: Bitfield.fromBytes(bytes, length, 'have bitfield') } };
    }
    case FORMS.indices: {
      const count = readListCount(reader, MAX_HAVE_INDICES, 'have indices');
      const indices: number[] = [];
      for (let i = 0; i < count; i++) {
        const index = readChunkIndex(reader, 'have index');
        if (i > 0 && index <= indices[i - 1]!) throw malformedInput('have indices', 'are not strictly increasing');
        indices.push(index);
      }
      return { fileId, have: { form: 'indices', indices } };
    }
    default:
      throw malformedInput('have form', `is ${form}, not 0–3`);
  }
}

/** Writes a have's body. */
export function writeHave(writer: ByteWriter, body: HaveBody): void {
  writeFileId(writer, body.fileId, 'have file id');
  const have = body.have;
  switch (have?.form) {
    case 'none':
    case 'all':
      writer.writeU8(FORMS[have.form]);
      return;
    case 'bitfield':
      if (!(have.bitfield instanceof Bitfield) || have.bitfield.length === 0)
        throw invalidArgument('have bitfield', 'a Bitfield of 1 or more bits');
      writer.writeU8(FORMS.bitfield).writeU32(have.bitfield.length).writeBytes(have.bitfield.toBytes());
      return;
    case 'indices':
      checkListLength(have.indices, MAX_HAVE_INDICES, 'have indices');
      writer.writeU8(FORMS.indices).writeU16(have.indices.length);
      have.indices.forEach((index, i) => {
        if (i > 0 && !(index > have.indices[i - 1]!)) throw invalidArgument('have indices', 'strictly increasing');
        writeChunkIndex(writer, index, 'have index');
      });
      return;
    default:
      throw invalidArgument('have', "{ form: 'none' | 'all' | 'bitfield' | 'indices' }");
  }
}
