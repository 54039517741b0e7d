/**
 * The sealed envelope that carries a message to an offline friend through other friends
 * (docs/ARCHITECTURE.md "Services/Relay"; sealing and opening are in src/relay/seal.ts):
 *
 *   envelope = header ‖ u8 hops ‖ u16 length ‖ ciphertext
 *   header   = u8 format (2) ‖ 16-byte id ‖ 16-byte recipient tag ‖ u64 expiry (unix s)
 *            ‖ 32-byte receipt commitment ‖ 32-byte ephemeral x25519 public key
 *
 * The ciphertext is XChaCha20-Poly1305 of the padded inner payload (inner-codec.ts) with the
 * header as associated data, so its length is one of SEALED_PADDED_SIZES plus the 16-byte tag;
 * any other length is refused. `hops` (0 to MAX_ENVELOPE_HOPS) is the only field outside the
 * associated data: holders count it down as they pass the envelope on (src/relay/seal.ts
 * explains why it needs no protection).
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter, malformedInput } from '../bytes.js';
import { unsupportedRelayFormat } from './errors.js';
import { checkRange, readFixed, writeFixed } from './fields.js';
import {
  AEAD_TAG_BYTES,
  ENVELOPE_ID_BYTES,
  EPHEMERAL_KEY_BYTES,
  MAX_ENVELOPE_BYTES,
  MAX_ENVELOPE_HOPS,
  MAX_SEALED_PLAINTEXT_BYTES,
  RECEIPT_COMMITMENT_BYTES,
  RECIPIENT_TAG_BYTES,
  SEALED_PADDED_SIZES,
} from './limits.js';

/**
 * The envelope format this Burrow writes and the only one it reads. Format 1 had the same
 * layout but tags anyone knowing the recipient's onion address could test, and a signed inner
 * payload; its envelopes are refused (and dropped from a store that held them).
 */
export const RELAY_ENVELOPE_FORMAT = 2;

/** The authenticated part of an envelope. */
export interface RelayEnvelopeHeader {
  /** 16 random bytes: holders dedupe by it, receipts name it. */
  readonly id: Uint8Array;
  /** Recognisable only by the recipient (and the sender): keyed by their pair key (src/relay/tag.ts). */
  readonly tag: Uint8Array;
  /** Unix seconds after which nobody keeps or delivers the envelope. */
  readonly expiry: number;
  /** SHA-256 commitment to the receipt secret, which only the recipient (and the sender) can produce. */
  readonly commitment: Uint8Array;
  /** The sender's one-time x25519 public key. */
  readonly ephemeralKey: Uint8Array;
}

/** An envelope as it travels: sealed, so nothing in it names the sender. */
export interface RelayEnvelope extends RelayEnvelopeHeader {
  /** Further hand-offs allowed after this one (0: deliver only, do not pass on). */
  readonly hops: number;
  /** XChaCha20-Poly1305 of the padded inner payload ‖ 16-byte tag. */
  readonly ciphertext: Uint8Array;
}

const VALID_CIPHERTEXT_LENGTHS: ReadonlySet<number> = new Set(SEALED_PADDED_SIZES.map((size) => size + AEAD_TAG_BYTES));

function readHeader(reader: ByteReader): RelayEnvelopeHeader {
  const format = reader.readU8('envelope format');
  if (format !== RELAY_ENVELOPE_FORMAT) throw unsupportedRelayFormat('envelope', format);
  const id = readFixed(reader, ENVELOPE_ID_BYTES, 'envelope id');
  const tag = readFixed(reader, RECIPIENT_TAG_BYTES, 'envelope tag');
  const expiry = reader.readU64Number('envelope expiry');
  if (expiry === 0) throw malformedInput('envelope expiry', 'is 0');
  const commitment = readFixed(reader, RECEIPT_COMMITMENT_BYTES, 'receipt commitment');
  const ephemeralKey = readFixed(reader, EPHEMERAL_KEY_BYTES, 'ephemeral key');
  return { id, tag, expiry, commitment, ephemeralKey };
}

function writeHeader(writer: ByteWriter, header: RelayEnvelopeHeader): void {
  writer.writeU8(RELAY_ENVELOPE_FORMAT);
  writeFixed(writer, header.id, ENVELOPE_ID_BYTES, 'envelope id');
  writeFixed(writer, header.tag, RECIPIENT_TAG_BYTES, 'envelope tag');
  checkRange(header.expiry, 1, Number.MAX_SAFE_INTEGER, 'envelope expiry');
  writer.writeU64(header.expiry);
  writeFixed(writer, header.commitment, RECEIPT_COMMITMENT_BYTES, 'receipt commitment');
  writeFixed(writer, header.ephemeralKey, EPHEMERAL_KEY_BYTES, 'ephemeral key');
}

/**
 * The header's bytes: the associated data of the ciphertext (everything but `hops`).
 * @example xchachaPolyOpen(key, nonce, envelope.ciphertext, envelopeAssociatedData(envelope))
 */
export function envelopeAssociatedData(header: RelayEnvelopeHeader): Uint8Array {
  const writer = new ByteWriter();
  writeHeader(writer, header);
  return writer.finish();
}

/** Reads an envelope (for codecs that nest one). */
export function readEnvelope(reader: ByteReader): RelayEnvelope {
  const header = readHeader(reader);
  const hops = reader.readU8('envelope hops');
  if (hops > MAX_ENVELOPE_HOPS)
    throw malformedInput('envelope hops', `is ${hops}, over the limit of ${MAX_ENVELOPE_HOPS}`);
  const ciphertext = reader.readVarBytes16(MAX_SEALED_PLAINTEXT_BYTES + AEAD_TAG_BYTES, 'envelope ciphertext');
  if (!VALID_CIPHERTEXT_LENGTHS.has(ciphertext.length))
    throw malformedInput('envelope ciphertext', `is ${ciphertext.length} bytes, not a padded size plus the tag`);
  return { ...header, hops, ciphertext };
}

/** Writes an envelope; throws `InvalidArgumentError` for a value the decoder would refuse. */
export function writeEnvelope(writer: ByteWriter, envelope: RelayEnvelope): void {
  writeHeader(writer, envelope);
  checkRange(envelope.hops, 0, MAX_ENVELOPE_HOPS, 'envelope hops');
  if (!(envelope.ciphertext instanceof Uint8Array) || !VALID_CIPHERTEXT_LENGTHS.has(envelope.ciphertext.length)) {
    throw invalidArgument('envelope ciphertext', 'a padded size plus the 16-byte tag');
  }
  writer.writeU8(envelope.hops).writeVarBytes16(envelope.ciphertext);
}

/** An envelope's wire form. */
export function encodeEnvelope(envelope: RelayEnvelope): Uint8Array {
  const writer = new ByteWriter();
  writeEnvelope(writer, envelope);
  return writer.finish();
}

/** Decodes an envelope from a peer; throws only `DecodeError`s. */
export function decodeEnvelope(bytes: Uint8Array): RelayEnvelope {
  if (bytes instanceof Uint8Array && bytes.length > MAX_ENVELOPE_BYTES) {
    throw malformedInput('envelope', `is ${bytes.length} bytes long, over the limit of ${MAX_ENVELOPE_BYTES}`);
  }
  return ByteReader.decode(bytes, readEnvelope, 'envelope');
}

/** The encoded size of an envelope (what quotas count), without encoding it. */
export function envelopeWireBytes(envelope: RelayEnvelope): number {
  return MAX_ENVELOPE_BYTES - MAX_SEALED_PLAINTEXT_BYTES - AEAD_TAG_BYTES + envelope.ciphertext.length;
}
