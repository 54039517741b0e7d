/**
 * One relay message between two friends, as the body of one session message:
 *
 *   relay message = u8 type ‖ body
 *
 * | type | message          | body                                    |
 * | ---- | ---------------- | --------------------------------------- |
 * | 0x01 | relay-offer      | hand-off-codec.ts offer                 |
 * | 0x02 | relay-answer     | hand-off-codec.ts answer                |
 * | 0x03 | relay-envelope   | one envelope (envelope-codec.ts)        |
 * | 0x04 | relay-stored     | hand-off-codec.ts stored                |
 * | 0x05 | relay-receipt    | release-codec.ts receipt                |
 * | 0x06 | relay-withdraw   | release-codec.ts withdraw               |
 * | 0x07 | relay-dropped    | release-codec.ts dropped                |
 *
 * The session layer carries it as one message kind (0x50 'relay' in the reserved relay block of
 * src/protocol/envelope/kinds.ts). Decoding is strict: an unknown type, a field out of its
 * limits or a byte left over is a typed `DecodeError`.
 */
import { invalidArgument } from '../../lib/argument-checks.js';
import { ByteReader, ByteWriter, malformedInput } from '../bytes.js';
import { readEnvelope, writeEnvelope, type RelayEnvelope } from './envelope-codec.js';
import { unknownRelayMessageType } from './errors.js';
import {
  readRelayAnswer,
  readRelayOffer,
  readRelayStored,
  writeRelayAnswer,
  writeRelayOffer,
  writeRelayStored,
  type RelayAnswerBody,
  type RelayOfferBody,
  type RelayStoredBody,
} from './hand-off-codec.js';
import { MAX_ENVELOPE_BYTES } from './limits.js';
import {
  readRelayDropped,
  readRelayReceipt,
  readRelayWithdrawal,
  writeRelayDropped,
  writeRelayReceipt,
  writeRelayWithdrawal,
  type RelayDroppedNotice,
  type RelayReceipt,
  type RelayWithdrawal,
} from './release-codec.js';

/** Type bytes of relay messages. A number keeps its meaning forever. */
export const RELAY_MESSAGE_TYPES = Object.freeze({
  'relay-offer': 0x01,
  'relay-answer': 0x02,
  'relay-envelope': 0x03,
  'relay-stored': 0x04,
  'relay-receipt': 0x05,
  'relay-withdraw': 0x06,
  'relay-dropped': 0x07,
} as const);

/** The name of a relay message type. */
export type RelayMessageType = keyof typeof RELAY_MESSAGE_TYPES;

const TYPE_BY_NUMBER: ReadonlyMap<number, RelayMessageType> = new Map(
  (Object.entries(RELAY_MESSAGE_TYPES) as [RelayMessageType, number][]).map(([name, n]) => [n, name]),
);

/** Every relay message, told apart by `type`. */
export type RelayMessage =
  | ({ readonly type: 'relay-offer' } & RelayOfferBody)
  | ({ readonly type: 'relay-answer' } & RelayAnswerBody)
  | { readonly type: 'relay-envelope'; readonly envelope: RelayEnvelope }
  | ({ readonly type: 'relay-stored' } & RelayStoredBody)
  | { readonly type: 'relay-receipt'; readonly receipt: RelayReceipt }
  | { readonly type: 'relay-withdraw'; readonly withdrawal: RelayWithdrawal }
  | { readonly type: 'relay-dropped'; readonly notice: RelayDroppedNotice };

/** Most bytes one encoded relay message takes (a `relay-envelope` with the biggest envelope). */
export const MAX_RELAY_MESSAGE_BYTES = 1 + MAX_ENVELOPE_BYTES;

/** Writes a relay message's type and body. */
export function writeRelayMessage(writer: ByteWriter, message: RelayMessage): void {
  const type = (RELAY_MESSAGE_TYPES as Record<string, number | undefined>)[message?.type];
  if (type === undefined) throw invalidArgument('relay message type', Object.keys(RELAY_MESSAGE_TYPES).join(', '));
  writer.writeU8(type);
  switch (message.type) {
    case 'relay-offer':
      return writeRelayOffer(writer, message);
    case 'relay-answer':
      return writeRelayAnswer(writer, message);
    case 'relay-envelope':
      return writeEnvelope(writer, message.envelope);
    case 'relay-stored':
      return writeRelayStored(writer, message);
    case 'relay-receipt':
      return writeRelayReceipt(writer, message.receipt);
    case 'relay-withdraw':
      return writeRelayWithdrawal(writer, message.withdrawal);
    case 'relay-dropped':
      return writeRelayDropped(writer, message.notice);
  }
}

/** Reads a relay message's type and body (the caller checks the end of input). */
export function readRelayMessage(reader: ByteReader): RelayMessage {
  const byte = reader.readU8('relay message type');
  const type = TYPE_BY_NUMBER.get(byte);
  if (type === undefined) throw unknownRelayMessageType(byte);
  switch (type) {
    case 'relay-offer':
      return { type, ...readRelayOffer(reader) };
    case 'relay-answer':
      return { type, ...readRelayAnswer(reader) };
    case 'relay-envelope':
      return { type, envelope: readEnvelope(reader) };
    case 'relay-stored':
      return { type, ...readRelayStored(reader) };
    case 'relay-receipt':
      return { type, receipt: readRelayReceipt(reader) };
    case 'relay-withdraw':
      return { type, withdrawal: readRelayWithdrawal(reader) };
    case 'relay-dropped':
      return { type, notice: readRelayDropped(reader) };
  }
}

/**
 * Encodes a relay message. Throws `InvalidArgumentError` for a value the decoder would refuse.
 * @example encodeRelayMessage({ type: 'relay-dropped', notice: { id, reason: 'evicted' } })
 */
export function encodeRelayMessage(message: RelayMessage): Uint8Array {
  const writer = new ByteWriter();
  writeRelayMessage(writer, message);
  return writer.finish();
}

/** Decodes a relay message from a friend; throws only `DecodeError`s. */
export function decodeRelayMessage(bytes: Uint8Array): RelayMessage {
  if (bytes instanceof Uint8Array && bytes.length > MAX_RELAY_MESSAGE_BYTES) {
    throw malformedInput(
      'relay message',
      `is ${bytes.length} bytes long, over the limit of ${MAX_RELAY_MESSAGE_BYTES}`,
    );
  }
  return ByteReader.decode(bytes, readRelayMessage, 'relay message');
}
