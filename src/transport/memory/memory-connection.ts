/**
 * Two in-process Duplex streams wired back to back, behaving like the two ends of a TCP
 * connection with `allowHalfOpen` (RFC 9293 §3.6 "Closing a connection"):
 *
 * - bytes written on one end are read on the other, in order, as copies (a socket copies into
 *   the kernel, so a writer may reuse its buffer once `write` returns);
 * - backpressure: a write completes only when the other end's readable buffer has room, so a
 *   reader that stops reading stalls the writer (`write()` returns false, 'drain' comes later);
 * - `end()` is a FIN: the other end reads what was sent, then 'end', and may go on writing;
 * - `destroy()` is a close of both directions: the other end still reads what already
 *   arrived, then 'end', then it closes; its writes from then on fail with
 *   `ConnectionLostError` (a socket would say EPIPE/ECONNRESET).
 *
 * Bytes cross on `setImmediate`, as if over a network hop, so a ping-pong between two ends
 * never recurses and timers (timeouts, AbortSignals) keep running during a big transfer.
 */
import { Duplex } from 'node:stream';
import { connectionLost } from '../errors.js';

type WriteCallback = (error?: Error | null) => void;

/** One end of an in-memory connection. Make pairs with {@link createMemoryConnectionPair}. */
export class MemoryConnection extends Duplex {
  #peer: MemoryConnection | undefined;
  /** Our write that the peer's full buffer holds back; released when the peer reads. */
  #blockedWrite: WriteCallback | undefined;
  #peerGone = false;

  private constructor() {
    super({ allowHalfOpen: true });
  }

  /** @internal Creates two connected ends. */
  static pair(): [MemoryConnection, MemoryConnection] {
    const a = new MemoryConnection();
    const b = new MemoryConnection();
    a.#peer = b;
    b.#peer = a;
    return [a, b];
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: WriteCallback): void {
    const copy = Buffer.from(chunk);
    setImmediate(() => {
      if (this.#peerGone) {
        callback(connectionLost());
        return;
      }
      const peer = this.#peer!;
      // Push even when we were destroyed meanwhile: like kernel buffers, bytes written before a
      // close still arrive (the peer learns of the close in order, after them). A peer that is
      // already gone drops them; its close reaches us next and ends our side.
      const room = peer.destroyed || peer.push(copy);
      if (this.destroyed) return;
      if (room) callback();
      else this.#blockedWrite = callback;
    });
  }

  override _final(callback: WriteCallback): void {
    // Every earlier write already pushed its bytes (its callback ran after the push), so this
    // EOF lands after them.
    if (!this.#peerGone) this.#peer!.push(null);
    callback();
  }

  override _read(): void {
    this.#peer!.#releaseBlockedWrite();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#blockedWrite = undefined;
    const peer = this.#peer!;
    // Queued behind any delivery already scheduled, so the peer reads those bytes first.
    setImmediate(() => peer.#onPeerGone());
    callback(error);
  }

  #releaseBlockedWrite(): void {
    const callback = this.#blockedWrite;
    this.#blockedWrite = undefined;
    callback?.();
  }

  #onPeerGone(): void {
    if (this.destroyed || this.#peerGone) return;
    this.#peerGone = true;
    // A write the peer's buffer held back was lost with that buffer; let the writer go on, so
    // its next write fails (like EPIPE) rather than hang.
    this.#releaseBlockedWrite();
    if (this.readableEnded) {
      this.destroy();
      return;
    }
    this.once('end', () => this.destroy());
    this.push(null);
  }
}

/** Two connected ends: what one writes, the other reads. */
export function createMemoryConnectionPair(): [MemoryConnection, MemoryConnection] {
  return MemoryConnection.pair();
}
