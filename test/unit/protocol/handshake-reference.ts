// An independent initiator for the Burrow handshake, written from the design comment in
// src/protocol/handshake/handshake.ts with @noble primitives only (no code shared with src/
// beyond the identity type). Tests use it to check the pinned vectors and to play attackers
// that claim identities they do not hold.
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const u16 = (n: number): Uint8Array => Uint8Array.of(n >> 8, n & 0xff);
const nonce = (n: number): Uint8Array => Uint8Array.of(0, 0, 0, 0, n, 0, 0, 0, 0, 0, 0, 0);

/** What the reference initiator sends as its identity in message 3, and with which secrets it backs the claim. */
export interface Claim {
  /** The ed25519 public key sent in message 3. */
  readonly publicKey: Uint8Array;
  /** The x25519 secret used for `se`. */
  readonly dhSecret: Uint8Array;
  /** The ed25519 seed that signs the transcript. */
  readonly signingSeed: Uint8Array;
}

export class ReferenceInitiator {
  #h: Uint8Array;
  #ck: Uint8Array;
  #k: Uint8Array = new Uint8Array(0);
  #n = 0;
  readonly #ephemeral: Uint8Array;

  constructor(responderOnion: string, responderPublicKey: Uint8Array, ephemeralSecret: Uint8Array) {
    this.#h = sha256(utf8('Burrow_XKsig_25519_ChaChaPoly_SHA256'));
    this.#ck = this.#h;
    this.#mixHash(cat(utf8('Burrow session prologue'), u16(1), utf8(responderOnion)));
    this.#mixHash(ed25519.utils.toMontgomery(responderPublicKey));
    this.#ephemeral = ephemeralSecret;
  }

  #mixHash(data: Uint8Array): void {
    this.#h = sha256(cat(this.#h, data));
  }

  #mixKey(ikm: Uint8Array): void {
    const out = hkdf(sha256, ikm, this.#ck, new Uint8Array(0), 64);
    this.#ck = out.slice(0, 32);
    this.#k = out.slice(32);
    this.#n = 0;
  }

  #seal(plaintext: Uint8Array): Uint8Array {
    const sealed = chacha20poly1305(this.#k, nonce(this.#n++), this.#h).encrypt(plaintext);
    this.#mixHash(sealed);
    return sealed;
  }

  #open(sealed: Uint8Array): Uint8Array {
    const plaintext = chacha20poly1305(this.#k, nonce(this.#n++), this.#h).decrypt(sealed);
    this.#mixHash(sealed);
    return plaintext;
  }

  /** Message 1 with its length prefix. */
  start(responderPublicKey: Uint8Array): Uint8Array {
    const e = x25519.getPublicKey(this.#ephemeral);
    this.#mixHash(e);
    this.#mixKey(x25519.getSharedSecret(this.#ephemeral, ed25519.utils.toMontgomery(responderPublicKey)));
    const body = cat(utf8('BRWH'), u16(1), e, this.#seal(new Uint8Array(0)));
    return cat(u16(body.length), body);
  }

  /** Reads message 2 (with prefix), returns message 3 (with prefix), session id and keys. */
  finish(
    message2: Uint8Array,
    claim: Claim,
  ): {
    message3: Uint8Array;
    sessionId: Uint8Array;
    initiatorToResponder: Uint8Array;
    responderToInitiator: Uint8Array;
  } {
    const re = message2.slice(2, 34);
    this.#mixHash(re);
    this.#mixKey(x25519.getSharedSecret(this.#ephemeral, re));
    this.#open(message2.slice(34));
    const sealedIdentity = this.#seal(claim.publicKey);
    this.#mixKey(x25519.getSharedSecret(claim.dhSecret, re));
    const signature = ed25519.sign(cat(utf8('Burrow handshake initiator signature v1'), this.#h), claim.signingSeed);
    const body = cat(sealedIdentity, this.#seal(signature));
    const keys = hkdf(sha256, new Uint8Array(0), this.#ck, new Uint8Array(0), 64);
    return {
      message3: cat(u16(body.length), body),
      sessionId: this.#h,
      initiatorToResponder: keys.slice(0, 32),
      responderToInitiator: keys.slice(32),
    };
  }
}

/** The honest claim of the identity with this seed. */
export function honestClaim(seed: Uint8Array): Claim {
  return { publicKey: ed25519.getPublicKey(seed), dhSecret: ed25519.utils.toMontgomerySecret(seed), signingSeed: seed };
}
