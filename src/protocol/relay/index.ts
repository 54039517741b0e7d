/**
 * The relay's wire format (docs/ARCHITECTURE.md "Services/Relay"): sealed envelopes, their inner payload,
 * hand-offs between friends, receipts, withdrawals and dropped notices. Pure codecs: bytes in,
 * values or typed `DecodeError`s out. Sealing, tags and policy are in src/relay/.
 */
export {
  decodeEnvelope,
  encodeEnvelope,
  envelopeAssociatedData,
  envelopeWireBytes,
  readEnvelope,
  RELAY_ENVELOPE_FORMAT,
  writeEnvelope,
  type RelayEnvelope,
  type RelayEnvelopeHeader,
} from './envelope-codec.js';
export {
  type OfferEntry,
  type RelayAnswerBody,
  type RelayOfferBody,
  type RelayStoredBody,
  type VerdictEntry,
} from './hand-off-codec.js';
export {
  decodeInnerPadded,
  encodeInnerBody,
  encodeInnerPadded,
  encodeInnerAuthenticated,
  encodeRelayedChatMessage,
  INNER_KINDS,
  paddedSizeFor,
  readInnerBody,
  RELAY_INNER_FORMAT,
  type DecodedInner,
  type InnerContent,
  type InnerFields,
  type InnerKind,
  type RelayedChatMessage,
} from './inner-codec.js';
export * from './limits.js';
export {
  decodeRelayMessage,
  encodeRelayMessage,
  MAX_RELAY_MESSAGE_BYTES,
  readRelayMessage,
  RELAY_MESSAGE_TYPES,
  writeRelayMessage,
  type RelayMessage,
  type RelayMessageType,
} from './relay-message-codec.js';
export {
  DROP_REASONS,
  RELAY_RECEIPT_FORMAT,
  type DropReason,
  type RelayDroppedNotice,
  type RelayReceipt,
  type RelayWithdrawal,
} from './release-codec.js';
export {
  isRelayRefusal,
  RELAY_REFUSALS,
  RELAY_VERDICTS,
  relayVerdictName,
  type AnswerVerdict,
  type RelayRefusal,
  type RelayVerdict,
  type StoredVerdict,
} from './verdicts.js';
