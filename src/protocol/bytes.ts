/**
 * The byte codec toolkit every wire format in Burrow is built with (session frames, handshake,
 * contacts, chat, groups, files, relay): import from here.
 *
 * - {@link ByteReader}: untrusted bytes → values; throws only {@link DecodeError}s.
 * - {@link ByteWriter}: values → bytes; throws `InvalidArgumentError` on caller bugs.
 * - {@link ChunkQueue}: buffers stream chunks for the streaming decoders.
 */
export { ByteReader } from './byte-reader.js';
export { ByteWriter } from './byte-writer.js';
export { ChunkQueue } from './chunk-queue.js';
export { DecodeError, IncompleteInputError, malformedInput, trailingBytes } from './decode-errors.js';
