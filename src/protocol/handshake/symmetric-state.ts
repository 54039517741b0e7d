/**
 * Noise's SymmetricState and CipherState (Noise Protocol Framework rev 34 §5.1–§5.2) for
 * 25519 / ChaChaPoly / SHA256: the running handshake hash `h`, the chaining key `ck`, and the
 * handshake cipher key. Checked against the cacophony test vectors for
 * Noise_XK_25519_ChaChaPoly_SHA256 (test/vectors/README.md).
 */
import { chachaPolyOpen, chachaPolySeal } from '../../crypto/chacha20-poly1305.js';
import { hkdfSha256 } from '../../crypto/hkdf.js';
import { sha256, SHA256_LENGTH } from '../../crypto/sha256.js';
import { counterNonce } from '../counter-nonce.js';

const EMPTY = new Uint8Array(0);

export class SymmetricState {
  #chainingKey: Uint8Array;
  #hash: Uint8Array;
  #key: Uint8Array | undefined;
  #nonce = 0n;

  /** InitializeSymmetric(protocol_name) (§5.2). */
  constructor(protocolName: string) {
    const name = new TextEncoder().encode(protocolName);
    if (name.length <= SHA256_LENGTH) {
      this.#hash = new Uint8Array(SHA256_LENGTH);
      this.#hash.set(name);
    } else {
      this.#hash = sha256(name);
    }
    this.#chainingKey = Uint8Array.from(this.#hash);
  }

  /** The handshake hash h so far (a copy). After the last message it identifies the session (§11.2 channel binding). */
  get handshakeHash(): Uint8Array {
    return Uint8Array.from(this.#hash);
  }

  /** MixHash(data): h = HASH(h ‖ data). */
  mixHash(data: Uint8Array): void {
    this.#hash = sha256(this.#hash, data);
  }

  /** MixKey(ikm): ck, k = HKDF(ck, ikm, 2); the cipher nonce restarts at 0. */
  mixKey(inputKeyMaterial: Uint8Array): void {
    const out = hkdfSha256(inputKeyMaterial, this.#chainingKey, EMPTY, 2 * SHA256_LENGTH);
    this.#chainingKey = out.slice(0, SHA256_LENGTH);
    this.#key = out.slice(SHA256_LENGTH);
    this.#nonce = 0n;
  }

  /** EncryptAndHash(plaintext): encrypts with ad = h when a key is set, then mixes the ciphertext into h. */
  encryptAndHash(plaintext: Uint8Array): Uint8Array {
    const ciphertext =
      this.#key === undefined
        ? Uint8Array.from(plaintext)
        : chachaPolySeal(this.#key, counterNonce(this.#nonce++), plaintext, this.#hash);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  /** DecryptAndHash(ciphertext): throws `DecryptionFailedError` when the tag does not verify. */
  decryptAndHash(ciphertext: Uint8Array): Uint8Array {
    const plaintext =
      this.#key === undefined
        ? Uint8Array.from(ciphertext)
        : chachaPolyOpen(this.#key, counterNonce(this.#nonce), ciphertext, this.#hash);
    if (this.#key !== undefined) this.#nonce++;
    this.mixHash(ciphertext);
    return plaintext;
  }

  /**
   * Split(): the two transport keys, initiator→responder first (§5.2). The chaining key is
   * wiped: this state is finished.
   */
  split(): [initiatorToResponder: Uint8Array, responderToInitiator: Uint8Array] {
    const out = hkdfSha256(EMPTY, this.#chainingKey, EMPTY, 2 * SHA256_LENGTH);
    this.#chainingKey.fill(0);
    this.#key?.fill(0);
    this.#key = undefined;
    return [out.slice(0, SHA256_LENGTH), out.slice(SHA256_LENGTH)];
  }
}
