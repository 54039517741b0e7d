/**
 * Application message codecs: one versioned envelope, a codec per kind (docs/ARCHITECTURE.md "Session
 * protocol" 3). Import from here.
 */
export {
  decodeMessage,
  encodeMessage,
  MESSAGE_FORMAT_VERSION,
  type AckMessage,
  type ChatMessage,
  type ContactAcceptMessage,
  type EndpointOfferMessage,
  type ContactRequestMessage,
  type PingMessage,
  type PongMessage,
  type ReadReceiptMessage,
  type WireMessage,
} from './envelope.js';
export { toWireDisplayName, wellFormedUtf8Length } from './fields.js';
export { MESSAGE_KINDS, type MessageKindName } from './kinds.js';
export {
  MAX_DISPLAY_NAME_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_RECEIPT_IDS,
  MAX_REQUEST_MESSAGE_BYTES,
  MESSAGE_ID_BYTES,
} from './limits.js';
