/**
 * Burrow's Tor control-port client (control-spec): a pure reply parser, argument quoting,
 * SAFECOOKIE/COOKIE/password authentication, and a client with a FIFO command queue,
 * event subscriptions and onion-service commands.
 */
export {
  TorControlClient,
  DEFAULT_COMMAND_TIMEOUT_MS,
  CLOSE_GRACE_MS,
  type TorControlConnectOptions,
  type CommandOptions,
} from './client.js';
export { DEFAULT_CONNECT_TIMEOUT_MS, connectControlSocket, type ControlSocketOptions } from './socket.js';
export { ControlReplyParser, MAX_LINE_BYTES, MAX_REPLY_BYTES, type ControlMessage } from './parser.js';
export { replyText, type ControlEvent, type ControlReply, type ControlReplyLine } from './reply.js';
export {
  TorControlProtocolError,
  TorControlReplyError,
  MAX_ERROR_TEXT_CHARS,
  type TorControlClosed,
} from './errors.js';
export {
  assertArgument,
  assertSingleLine,
  formatCommand,
  formatKeyValue,
  formatValue,
  parseReplyArguments,
  quoteString,
  readQuotedString,
  unquoteString,
  type ReplyArguments,
} from './quoting.js';
export {
  AUTH_COOKIE_BYTES,
  SAFECOOKIE_NONCE_BYTES,
  authenticateConnection,
  parseAuthChallenge,
  parseProtocolInfo,
  readAuthCookie,
  safeCookieHashes,
  type AuthenticateOptions,
  type ControlCommandSender,
  type ProtocolInfo,
} from './auth.js';
export { EventSubscriptions, type ControlEventListener } from './events.js';
export {
  getConfArguments,
  getInfoArguments,
  parseGetConfReply,
  parseGetInfoReply,
  setConfArguments,
  type ConfEntries,
} from './info.js';
export {
  ED25519_EXPANDED_KEY_BYTES,
  addOnionArguments,
  delOnionArguments,
  parseAddOnionReply,
  type AddOnionOptions,
  type AddOnionResult,
  type ProofOfWorkDefence,
  type OnionPortMapping,
} from './onion.js';
export {
  X25519_CLIENT_KEY_BYTES,
  clientAuthAddArguments,
  clientAuthRemoveArguments,
  parseClientAuthViewReply,
  type ClientAuthCredential,
} from './client-auth.js';
