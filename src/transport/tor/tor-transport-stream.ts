/**
 * Half-close over a Tor stream.
 *
 * Tor has no half-closed streams: when either end's socket reaches EOF, tor sends RELAY_END and
 * closes the whole stream (tor's connection_edge_reached_eof; tor-spec §6.3 "Closing streams"),
 * so after `end()` the other side could no longer answer. The Transport contract promises TCP's
 * half-close (transport.ts `Connection`), so Burrow's Tor connections carry a minimal framing:
 *
 *   chunk = LENGTH:u16be DATA[LENGTH]      LENGTH 1–65535
 *   fin   = 0x00 0x00                      "I will send nothing more" (our `end()`)
 *
 * Before the first chunk the dialer sends {@link STREAM_PREAMBLE}, and the listening side hands
 * a connection to Burrow only once it arrived. Tor sometimes delivers a stream to the onion
 * service whose dial the client side reported as failed (measured on the private network: a
 * SOCKS attempt answered 0xF0 while its stream reached the service and closed at once); the
 * preamble keeps such stillborn streams, and anything that is not a Burrow dialer, from ever
 * reaching the listener's handler. Its last byte is the framing's version.
 *
 * The underlying socket is ended only once both sides sent their fin. If the socket ends
 * without a fin, the peer went away (it destroyed its end, or its tor died): like a TCP close,
 * we deliver what arrived, then 'end', then close; writes from then on fail with
 * `ConnectionLostError`. Cost: 2 bytes per 64 KiB, measured against a raw stream in
 * bench/transport.ts.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { TimeoutError } from '../../errors.js';
import { connectionLost, transportProtocolViolation } from '../errors.js';

/** What a dialer sends first: "BRW" and the framing version 1. */
export const STREAM_PREAMBLE = Buffer.from([0x42, 0x52, 0x57, 0x01]);
/**
 * How long an inbound stream may take to send its preamble: the dialer sends it as soon as tor
 * connected it, so it arrives within a round trip (~1 ms on a private network, a few seconds
 * on the real one); a stream that stays silent longer is not a Burrow dialer.
 */
export const INBOUND_PREAMBLE_TIMEOUT_MS = 30_000;
/** Largest payload of one chunk. */
export const MAX_CHUNK_BYTES = 0xffff;
/** Stream buffer sizes: a few cells' worth (498 bytes each) would cost throughput; 64 KiB matches one chunk. */
const HIGH_WATER_MARK = 64 * 1024;
const FIN = Buffer.from([0, 0]);

type Callback = (error?: Error | null) => void;

/** A Burrow connection over one Tor stream (or the local socket tor hands an onion's stream to). */
export class TorStreamConnection extends Duplex {
  readonly #socket: Socket;
  /** Payload bytes still due in the chunk being read; 0 between chunks. */
  #remaining = 0;
  /** The first byte of a length split across two socket reads. */
  #lengthHighByte: number | undefined;
  #sentFin = false;
  #receivedFin = false;
  #peerGone = false;
  /** A write waiting for the socket to drain. */
  #waitingForDrain: Callback | undefined;

  /**
   * The dialing side: sends the preamble and takes over `socket` (connected through tor,
   * `allowHalfOpen`). Do not read or write the socket yourself afterwards.
   */
  static dialed(socket: Socket): TorStreamConnection {
    socket.write(STREAM_PREAMBLE);
    return new TorStreamConnection(socket);
  }

  /**
   * The listening side: resolves once the dialer's preamble arrived. If the stream ends, fails,
   * stays silent for `timeoutMs`, or starts with other bytes, destroys the socket and rejects
   * (`ConnectionLostError`, `TimeoutError` or `TransportProtocolError`): nobody should ever see
   * that stream.
   */
  static accepted(socket: Socket, timeoutMs = INBOUND_PREAMBLE_TIMEOUT_MS): Promise<TorStreamConnection> {
    return new Promise((resolve, reject) => {
      let received = Buffer.alloc(0);
      const settle = (error?: Error): void => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onGone);
        socket.off('close', onGone);
        socket.off('error', onGone);
        if (error !== undefined) {
          socket.on('error', () => undefined);
          socket.destroy();
          reject(error);
          return;
        }
        socket.pause();
        const rest = received.subarray(STREAM_PREAMBLE.length);
        if (rest.length > 0) socket.unshift(rest);
        const connection = new TorStreamConnection(socket);
        socket.resume();
        resolve(connection);
      };
      const onData = (chunk: Buffer): void => {
        received = Buffer.concat([received, chunk]);
        const seen = Math.min(received.length, STREAM_PREAMBLE.length);
        if (!received.subarray(0, seen).equals(STREAM_PREAMBLE.subarray(0, seen)))
          settle(transportProtocolViolation('the stream did not start with the Burrow preamble'));
        else if (seen === STREAM_PREAMBLE.length) settle();
      };
      const onGone = (): void => settle(connectionLost());
      const timer = setTimeout(
        () => settle(new TimeoutError('waiting for an inbound stream to start', timeoutMs)),
        timeoutMs,
      );
      socket.on('data', onData);
      socket.once('end', onGone);
      socket.once('close', onGone);
      socket.once('error', onGone);
    });
  }

  private constructor(socket: Socket) {
    super({ allowHalfOpen: true, readableHighWaterMark: HIGH_WATER_MARK, writableHighWaterMark: HIGH_WATER_MARK });
    this.#socket = socket;
    socket.setNoDelay(true);
    // No resume() here: a socket fresh from the `socks` package is resumed by it, after it
    // re-emitted the bytes that came with the SOCKS reply (resuming first could reorder them).
    socket.on('data', (chunk: Buffer) => this.#onSocketData(chunk));
    socket.on('drain', () => this.#releaseWrite());
    socket.on('end', () => this.#onSocketEnd());
    socket.on('close', () => this.#onSocketClose());
    // A reset (tor closing a stream with our bytes unread) is the peer going away, like a close:
    // the reader gets 'end', the next write ConnectionLostError, whichever way the race went.
    socket.on('error', () => this.#onPeerGone());
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: Callback): void {
    this._writev([{ chunk }], callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: Callback): void {
    if (this.#peerGone || this.#socket.destroyed) {
      callback(connectionLost());
      return;
    }
    const socket = this.#socket;
    let room = true;
    socket.cork();
    for (const { chunk } of chunks) {
      for (let offset = 0; offset < chunk.length; offset += MAX_CHUNK_BYTES) {
        const piece = chunk.subarray(offset, offset + MAX_CHUNK_BYTES);
        const header = Buffer.allocUnsafe(2);
        header.writeUInt16BE(piece.length, 0);
        socket.write(header);
        room = socket.write(piece);
      }
    }
    socket.uncork();
    if (room) callback();
    else this.#waitingForDrain = callback;
  }

  override _final(callback: Callback): void {
    if (this.#peerGone || this.#socket.destroyed) {
      callback();
      return;
    }
    this.#sentFin = true;
    // Finish only once the fin (and so every byte before it) left for tor: finishing lets
    // autoDestroy destroy the socket, which would drop whatever it still buffers.
    this.#socket.write(FIN, (error) =>
      callback(error === undefined || error === null ? undefined : connectionLost(error)),
    );
    if (this.#receivedFin) this.#socket.end();
  }

  override _read(): void {
    if (this.#socket.isPaused()) this.#socket.resume();
  }

  override _destroy(error: Error | null, callback: Callback): void {
    this.#waitingForDrain = undefined;
    this.#socket.destroy();
    callback(error);
  }

  #releaseWrite(): void {
    const callback = this.#waitingForDrain;
    this.#waitingForDrain = undefined;
    callback?.();
  }

  #onSocketData(chunk: Buffer): void {
    let offset = 0;
    let room = true;
    while (offset < chunk.length && !this.destroyed) {
      if (this.#remaining > 0) {
        const take = Math.min(this.#remaining, chunk.length - offset);
        this.#remaining -= take;
        room = this.push(chunk.subarray(offset, offset + take)) && room;
        offset += take;
        continue;
      }
      if (this.#receivedFin) {
        this.destroy(transportProtocolViolation('data after the end of the stream'));
        return;
      }
      const byte = chunk[offset++]!;
      if (this.#lengthHighByte === undefined) {
        this.#lengthHighByte = byte;
        continue;
      }
      const length = (this.#lengthHighByte << 8) | byte;
      this.#lengthHighByte = undefined;
      if (length > 0) {
        this.#remaining = length;
        continue;
      }
      this.#receivedFin = true;
      this.push(null);
      if (this.#sentFin) this.#socket.end();
    }
    if (!room) this.#socket.pause();
  }

  #onSocketEnd(): void {
    // tor closes a stream as a whole, so the socket ends normally only after both fins;
    // any other end means the peer can no longer read what we write.
    if (this.#receivedFin && this.#sentFin) return;
    this.#onPeerGone();
  }

  #onSocketClose(): void {
    // A close after both fins is the normal end: autoDestroy closes us once our side is done.
    if (this.#receivedFin && this.#sentFin) return;
    this.#onPeerGone();
  }

  /** The socket ended before the peer's fin: it destroyed its end or its tor went away. */
  #onPeerGone(): void {
    if (this.destroyed || this.#peerGone) return;
    this.#peerGone = true;
    // A write waiting for the socket was lost with it; let the writer go on, so its next
    // write fails (like EPIPE) rather than hang.
    this.#releaseWrite();
    if (this.readableEnded) {
      this.destroy();
      return;
    }
    this.once('end', () => this.destroy());
    if (!this.#receivedFin) this.push(null);
  }
}
