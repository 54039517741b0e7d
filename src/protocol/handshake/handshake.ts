/**
 * The session handshake: after Tor connects a dialer to a listener's onion service, it proves
 * the dialer's onion identity to the listener (Tor already proved the listener's to the dialer)
 * and yields two directional session keys (docs/ARCHITECTURE.md "Session protocol" 1).
 *
 * Design: Noise XK (Noise Protocol Framework rev 34 §7.5), with the dialer's static key
 * replaced by its ed25519 identity plus a signature.
 *
 *   XK:  <- s                    the dialer knows the listener's key: it is in the onion address
 *        ...
 *        -> e, es                message 1: magic, version, ephemeral; empty payload sealed
 *        <- e, ee                message 2: ephemeral; empty payload sealed
 *        -> s, se                message 3: the dialer's ed25519 identity key, sealed;
 *                                payload = Ed25519(identity, CONTEXT ‖ h), sealed
 *
 * - Static keys. A Burrow identity is one ed25519 key whose public half *is* the onion address.
 *   Its x25519 image (RFC 7748 §4.1 birational map; `x25519PublicFromEd25519`) is the static DH
 *   key on both sides, so no second key has to be published or trusted.
 * - Why also a signature. The birational map forgets the point's sign and any torsion
 *   component, so a DH proof alone shows "owns *an* ed25519 key with this x25519 image", which
 *   up to 16 onion addresses share. The signature over the handshake hash binds the exact ed25519
 *   key, hence the exact onion address; keys with torsion are refused outright. The price is
 *   deniability of the *handshake*: the listener can prove the dialer opened a session to it at
 *   some point (never what was said: messages are only MACed with session keys). Cwtch and
 *   Briar's pure-DH 3DH keep that deniability; Burrow prefers the exact identity binding.
 * - Relation to 3DH. After message 3 the chaining key has absorbed DH(eA, sB) (es),
 *   DH(eA, eB) (ee) and DH(sA, eB) (se) through HKDF-SHA256 — the triple Diffie-Hellman of
 *   Cwtch, Briar's BTP and Signal's X3DH — and every AEAD in the handshake uses the running
 *   transcript hash h as associated data. h covers the protocol name, the prologue (protocol
 *   version and the listener's onion address), the listener's static key, both ephemerals and
 *   the dialer's sealed identity key, so it binds both onion addresses and the version. The
 *   final h is the session id (Noise §11.2 channel binding); Split() gives the two keys.
 * - Versions. Message 1 carries the version in clear so a mismatch gets a clear error, and the
 *   prologue carries it too, so an attacker who rewrites it breaks authentication (no downgrade).
 * - What each side learns when. The listener is authenticated to the dialer by message 2 (only
 *   the holder of sB could derive its key); the dialer to the listener by message 3. The
 *   dialer's identity is encrypted to the listener's static key with forward secrecy (ee), so
 *   neither a passive observer nor an active attacker who is not the listener learns it
 *   (Noise §7.8, XK identity hiding). Replaying message 1 gets a fresh message 2 and nothing
 *   else: finishing needs the dialer's keys.
 * - Purpose. Message 1's payload says what the session is for (session-purpose.ts): empty for
 *   the main session (the bytes of the first version-1 peers), one byte for a bulk session.
 * - Wire. Each message goes as u16 length ‖ message (Noise §13); 54 (55 for bulk), 48 and 128 bytes in version 1.
 *
 * The state machines are pure (bytes in, bytes out, no I/O) and take injectable randomness, so
 * test/vectors/handshake.json pins every byte.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { ByteWriter } from '../byte-writer.js';
import { HANDSHAKE_PROLOGUE_LABEL, HANDSHAKE_PROTOCOL_NAME } from './handshake-constants.js';
import type { SessionPurpose } from './session-purpose.js';
import { SymmetricState } from './symmetric-state.js';

/** What a finished handshake yields. Keys are secret: never log them. */
export interface HandshakeResult {
  /** The other side's onion address: the one dialed (initiator) or the one proven (responder). */
  readonly peer: OnionAddress;
  /** 32-byte ChaCha20-Poly1305 key for frames we send. */
  readonly sendKey: Uint8Array;
  /** 32-byte key for frames we receive. */
  readonly receiveKey: Uint8Array;
  /** 32-byte session id: the final handshake hash, equal on both sides. */
  readonly sessionId: Uint8Array;
  /** The protocol version spoken. */
  readonly version: number;
  /** What the dialer opened the session for (message 1's payload, session-purpose.ts). */
  readonly purpose: SessionPurpose;
}

/** What one call of {@link Handshake.receive} produced. */
export type HandshakeProgress =
  | { readonly done: false; readonly send: Uint8Array | undefined }
  | {
      readonly done: true;
      /** The last handshake message to send (the initiator's message 3), if any. */
      readonly send: Uint8Array | undefined;
      readonly result: HandshakeResult;
      /** Bytes received after the last handshake message: the first session frames. */
      readonly rest: Uint8Array;
    };

/** One side of a handshake as a pure state machine. Any error leaves it failed for good. */
export interface Handshake {
  readonly role: 'initiator' | 'responder';
  /** Bytes to send before anything is received: message 1 for the initiator, nothing for the responder. Call once. */
  start(): Uint8Array | undefined;
  /** Feeds received bytes (split anywhere); throws only `HandshakeError`s. */
  receive(chunk: Uint8Array): HandshakeProgress;
}

/**
 * The transcript both sides start from: InitializeSymmetric(protocol name), MixHash(prologue),
 * then the XK pre-message MixHash(listener's static x25519 key) (Noise §5.3, §7.5).
 */
export function startTranscript(
  version: number,
  listener: OnionAddress,
  listenerStaticKey: Uint8Array,
): SymmetricState {
  const state = new SymmetricState(HANDSHAKE_PROTOCOL_NAME);
  const prologue = new ByteWriter()
    .writeBytes(new TextEncoder().encode(HANDSHAKE_PROLOGUE_LABEL))
    .writeU16(version)
    .writeBytes(new TextEncoder().encode(listener))
    .finish();
  state.mixHash(prologue);
  state.mixHash(listenerStaticKey);
  return state;
}

/** The bytes the dialer signs: CONTEXT ‖ h after `se` (so the signature covers the whole transcript but itself). */
export function signatureInput(context: string, handshakeHash: Uint8Array): Uint8Array {
  return new ByteWriter().writeBytes(new TextEncoder().encode(context)).writeBytes(handshakeHash).finish();
}
