/**
 * Handing envelopes between friends in two steps, so no envelope's bytes cross a Tor circuit
 * when the friend already has it, or would refuse it:
 *
 *   offer  = list of (16-byte id ‖ 16-byte tag ‖ u64 expiry ‖ u8 hops ‖ u32 size)
 *   answer = list of (16-byte id ‖ u8 verdict)        verdicts: want, duplicate, delivered, rejected, refusals
 *   (the envelopes answered `want` follow, one `relay-envelope` message each)
 *   stored = list of (16-byte id ‖ u8 verdict)        verdicts: accepted, duplicate, delivered, rejected, refusals
 *   list   = u8 count (1–64) ‖ entries, ids strictly increasing
 *
 * The offer carries the tag so that a recipient can tell "for me" from "to hold" before the
 * bytes come, and the hops and expiry so a holder can refuse early. `size` is the encoded
 * envelope's length (at most MAX_ENVELOPE_BYTES).
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { checkRange, readFixed, readIdKeyedList, writeFixed, writeIdKeyedList } from './fields.js';
import { ENVELOPE_ID_BYTES, MAX_ENVELOPE_BYTES, MAX_ENVELOPE_HOPS, RECIPIENT_TAG_BYTES } from './limits.js';
import {
  RELAY_VERDICTS,
  relayVerdictName,
  type AnswerVerdict,
  type RelayVerdict,
  type StoredVerdict,
} from './verdicts.js';

/** One envelope on offer. */
export interface OfferEntry {
  readonly id: Uint8Array;
  readonly tag: Uint8Array;
  /** Unix seconds. */
  readonly expiry: number;
  /** The hops the envelope would arrive with. */
  readonly hops: number;
  /** Its encoded size in bytes. */
  readonly size: number;
}

/** A verdict about one envelope. */
export interface VerdictEntry<V extends RelayVerdict> {
  readonly id: Uint8Array;
  readonly verdict: V;
}

/** The body of a `relay-offer`. */
export interface RelayOfferBody {
  readonly entries: readonly OfferEntry[];
}

/** The body of a `relay-answer`. */
export interface RelayAnswerBody {
  readonly verdicts: readonly VerdictEntry<AnswerVerdict>[];
}

/** The body of a `relay-stored`. */
export interface RelayStoredBody {
  readonly verdicts: readonly VerdictEntry<StoredVerdict>[];
}

/** Reads an offer's body. */
export function readRelayOffer(reader: ByteReader): RelayOfferBody {
  const entries = readIdKeyedList(
    reader,
    (r) => {
      const id = readFixed(r, ENVELOPE_ID_BYTES, 'offer id');
      const tag = readFixed(r, RECIPIENT_TAG_BYTES, 'offer tag');
      const expiry = r.readU64Number('offer expiry');
      if (expiry === 0) throw malformedInput('offer expiry', 'is 0');
      const hops = r.readU8('offer hops');
      if (hops > MAX_ENVELOPE_HOPS)
        throw malformedInput('offer hops', `is ${hops}, over the limit of ${MAX_ENVELOPE_HOPS}`);
      const size = r.readU32('offer size');
      if (size === 0 || size > MAX_ENVELOPE_BYTES)
        throw malformedInput('offer size', `is ${size}, not 1 to ${MAX_ENVELOPE_BYTES}`);
      return { id, tag, expiry, hops, size };
    },
    'offer',
  );
  return { entries };
}

/** Writes an offer's body. */
export function writeRelayOffer(writer: ByteWriter, body: RelayOfferBody): void {
  writeIdKeyedList(
    writer,
    body?.entries,
    (w, entry) => {
      writeFixed(w, entry.id, ENVELOPE_ID_BYTES, 'offer id');
      writeFixed(w, entry.tag, RECIPIENT_TAG_BYTES, 'offer tag');
      checkRange(entry.expiry, 1, Number.MAX_SAFE_INTEGER, 'offer expiry');
      checkRange(entry.hops, 0, MAX_ENVELOPE_HOPS, 'offer hops');
      checkRange(entry.size, 1, MAX_ENVELOPE_BYTES, 'offer size');
      w.writeU64(entry.expiry).writeU8(entry.hops).writeU32(entry.size);
    },
    'offer',
  );
}

function readVerdicts<V extends RelayVerdict>(
  reader: ByteReader,
  allowed: (verdict: RelayVerdict) => verdict is V,
  field: string,
): VerdictEntry<V>[] {
  return readIdKeyedList(
    reader,
    (r) => {
      const id = readFixed(r, ENVELOPE_ID_BYTES, `${field} id`);
      const byte = r.readU8(`${field} verdict`);
      const verdict = relayVerdictName(byte);
      if (verdict === undefined || !allowed(verdict))
        throw malformedInput(
          `${field} verdict`,
          `is 0x${byte.toString(16).padStart(2, '0')}, not one a ${field} may carry`,
        );
      return { id, verdict };
    },
    field,
  );
}

function writeVerdicts<V extends RelayVerdict>(
  writer: ByteWriter,
  verdicts: readonly VerdictEntry<V>[],
  allowed: (verdict: RelayVerdict) => verdict is V,
  field: string,
): void {
  writeIdKeyedList(
    writer,
    verdicts,
    (w, entry) => {
      if (!Object.hasOwn(RELAY_VERDICTS, entry.verdict) || !allowed(entry.verdict))
        throw invalidArgument(`${field} verdict`, `a verdict a ${field} may carry`);
      writeFixed(w, entry.id, ENVELOPE_ID_BYTES, `${field} id`);
      w.writeU8(RELAY_VERDICTS[entry.verdict]);
    },
    field,
  );
}

const isAnswerVerdict = (verdict: RelayVerdict): verdict is AnswerVerdict => verdict !== 'accepted';
const isStoredVerdict = (verdict: RelayVerdict): verdict is StoredVerdict => verdict !== 'want';

/** Reads an answer's body. */
export function readRelayAnswer(reader: ByteReader): RelayAnswerBody {
  return { verdicts: readVerdicts(reader, isAnswerVerdict, 'answer') };
}

/** Writes an answer's body. */
export function writeRelayAnswer(writer: ByteWriter, body: RelayAnswerBody): void {
  writeVerdicts(writer, body?.verdicts, isAnswerVerdict, 'answer');
}

/** Reads a stored-report's body. */
export function readRelayStored(reader: ByteReader): RelayStoredBody {
  return { verdicts: readVerdicts(reader, isStoredVerdict, 'stored') };
}

/** Writes a stored-report's body. */
export function writeRelayStored(writer: ByteWriter, body: RelayStoredBody): void {
  writeVerdicts(writer, body?.verdicts, isStoredVerdict, 'stored');
}
