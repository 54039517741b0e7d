/**
 * What flows back along an envelope's paths (src/relay/receipt.ts gives them meaning):
 *
 *   receipt  = u8 format (2) ‖ 16-byte envelope id ‖ 32-byte receipt secret ‖ 32-byte HMAC-SHA256
 *   withdraw = 16-byte envelope id ‖ 32-byte receipt secret
 *   dropped  = 16-byte envelope id ‖ u8 reason (1 expired, 2 evicted, 3 rejected)
 *
 * A receipt is the recipient's: its secret opens the envelope header's commitment (which any
 * holder checks) and its MAC is under the key the recipient shares with the sender (which only
 * the sender checks; format 1 carried the recipient's signature, which anyone knowing the
 * recipient's onion address could check). A withdrawal
 * is the sender's: the same secret without a MAC, sent when the message reached the
 * recipient some other way. A dropped notice is unauthenticated on purpose: it only ever lowers
 * a count of holders, and cannot make anything "delivered".
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { malformedInput, type ByteReader, type ByteWriter } from '../bytes.js';
import { unsupportedRelayFormat } from './errors.js';
import { readFixed, writeFixed } from './fields.js';
import { ENVELOPE_ID_BYTES, RECEIPT_MAC_BYTES, RECEIPT_SECRET_BYTES } from './limits.js';

/** The receipt format this Burrow writes and the only one it reads. */
export const RELAY_RECEIPT_FORMAT = 2;

/** "I, the recipient, have envelope `id`." */
export interface RelayReceipt {
  readonly id: Uint8Array;
  /** Opens the envelope's receipt commitment. */
  readonly secret: Uint8Array;
  /** The recipient's MAC under the pair receipt key (src/relay/receipt.ts says over what). */
  readonly mac: Uint8Array;
}

/** "I, the sender, no longer need envelope `id` carried." */
export interface RelayWithdrawal {
  readonly id: Uint8Array;
  readonly secret: Uint8Array;
}

/** Why nothing behind a friend holds an envelope any more. */
export const DROP_REASONS = Object.freeze({ expired: 1, evicted: 2, rejected: 3 } as const);

/** A drop reason. */
export type DropReason = keyof typeof DROP_REASONS;

const REASON_BY_NUMBER: ReadonlyMap<number, DropReason> = new Map(
  (Object.entries(DROP_REASONS) as [DropReason, number][]).map(([name, n]) => [n, name]),
);

/** "Neither I nor anyone I gave it to holds envelope `id` any more." */
export interface RelayDroppedNotice {
  readonly id: Uint8Array;
  readonly reason: DropReason;
}

/** Reads a receipt. */
export function readRelayReceipt(reader: ByteReader): RelayReceipt {
  const format = reader.readU8('receipt format');
  if (format !== RELAY_RECEIPT_FORMAT) throw unsupportedRelayFormat('receipt', format);
  const id = readFixed(reader, ENVELOPE_ID_BYTES, 'receipt id');
  const secret = readFixed(reader, RECEIPT_SECRET_BYTES, 'receipt secret');
  const mac = readFixed(reader, RECEIPT_MAC_BYTES, 'receipt mac');
  return { id, secret, mac };
}

/** Writes a receipt. */
export function writeRelayReceipt(writer: ByteWriter, receipt: RelayReceipt): void {
  writer.writeU8(RELAY_RECEIPT_FORMAT);
  writeFixed(writer, receipt?.id, ENVELOPE_ID_BYTES, 'receipt id');
  writeFixed(writer, receipt.secret, RECEIPT_SECRET_BYTES, 'receipt secret');
  writeFixed(writer, receipt.mac, RECEIPT_MAC_BYTES, 'receipt mac');
}

/** Reads a withdrawal. */
export function readRelayWithdrawal(reader: ByteReader): RelayWithdrawal {
  const id = readFixed(reader, ENVELOPE_ID_BYTES, 'withdrawal id');
  const secret = readFixed(reader, RECEIPT_SECRET_BYTES, 'withdrawal secret');
  return { id, secret };
}

/** Writes a withdrawal. */
export function writeRelayWithdrawal(writer: ByteWriter, withdrawal: RelayWithdrawal): void {
  writeFixed(writer, withdrawal?.id, ENVELOPE_ID_BYTES, 'withdrawal id');
  writeFixed(writer, withdrawal.secret, RECEIPT_SECRET_BYTES, 'withdrawal secret');
}

/** Reads a dropped notice. */
export function readRelayDropped(reader: ByteReader): RelayDroppedNotice {
  const id = readFixed(reader, ENVELOPE_ID_BYTES, 'dropped id');
  const byte = reader.readU8('dropped reason');
  const reason = REASON_BY_NUMBER.get(byte);
  if (reason === undefined)
    throw malformedInput('dropped reason', `is ${byte}, not 1 (expired), 2 (evicted) or 3 (rejected)`);
  return { id, reason };
}

/** Writes a dropped notice. */
export function writeRelayDropped(writer: ByteWriter, notice: RelayDroppedNotice): void {
  writeFixed(writer, notice?.id, ENVELOPE_ID_BYTES, 'dropped id');
  const byte = (DROP_REASONS as Record<string, number | undefined>)[notice.reason];
  if (byte === undefined) throw invalidArgument('dropped reason', Object.keys(DROP_REASONS).join(', '));
  writer.writeU8(byte);
}
