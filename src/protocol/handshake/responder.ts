/**
 * The listener's side of the handshake (design in handshake.ts). It learns the dialer's onion
 * address from message 3 and only reports it once the dialer proved it: by the `se`
 * Diffie-Hellman and by an ed25519 signature over the transcript.
 *
 * @example
 * ```ts
 * const hs = createResponder({ identity });
 * socket.on('data', (chunk) => { const p = hs.receive(chunk); if (p.send) socket.write(p.send); if (p.done) gate(p.result.peer); });
 * ```
 */
import { checkBytes } from '../../lib/argument-checks.js';
import {
  verifyIdentitySignature,
  x25519PublicFromEd25519,
  x25519SecretFromSeed,
  type IdentityKeyPair,
} from '../../crypto/identity.js';
import { isValidIdentityPublicKey } from '../../crypto/identity-key-check.js';
import { onionAddressFromPublicKey } from '../../crypto/onion-address.js';
import { secureRandom, type RandomSource } from '../../crypto/random.js';
import { generateX25519KeyPair, x25519SharedSecret, type X25519KeyPair } from '../../crypto/x25519.js';
import { HANDSHAKE_SIGNATURE_CONTEXT, HANDSHAKE_VERSION } from './handshake-constants.js';
import { handshakeBadKey, handshakeSignatureInvalid, handshakeOutOfOrder } from './handshake-errors.js';
import { HandshakeMessageQueue, withLengthPrefix } from './handshake-message-queue.js';
import { decodeHandshakeMessage1, decodeHandshakeMessage3, encodeHandshakeMessage2 } from './handshake-messages.js';
import { decryptOrThrow, mixDh } from './handshake-steps.js';
import {
  signatureInput,
  startTranscript,
  type Handshake,
  type HandshakeProgress,
  type HandshakeResult,
} from './handshake.js';
import { decodePurposePayload, type SessionPurpose } from './session-purpose.js';
import type { SymmetricState } from './symmetric-state.js';

/** Options of {@link createResponder}. */
export interface ResponderOptions {
  /** Our identity: the one whose onion service was dialed. */
  readonly identity: IdentityKeyPair;
  /** Source of the ephemeral key (tests only). */
  readonly random?: RandomSource;
}

/** Our static x25519 key pair, derived once per identity rather than at every inbound handshake (a field inversion). */
const staticKeys = new WeakMap<IdentityKeyPair, { readonly secret: Uint8Array; readonly publicKey: Uint8Array }>();

function staticKeysOf(identity: IdentityKeyPair): { readonly secret: Uint8Array; readonly publicKey: Uint8Array } {
  let keys = staticKeys.get(identity);
  if (keys === undefined) {
    keys = { secret: x25519SecretFromSeed(identity.seed), publicKey: x25519PublicFromEd25519(identity.publicKey) };
    staticKeys.set(identity, keys);
  }
  return keys;
}

class Responder implements Handshake {
  readonly role = 'responder';
  readonly #staticSecret: Uint8Array;
  readonly #random: RandomSource;
  readonly #messages = new HandshakeMessageQueue();
  readonly #transcript: SymmetricState;
  #ephemeral: X25519KeyPair | undefined;
  #purpose: SessionPurpose = 'main';
  #phase: 'awaiting-1' | 'awaiting-3' | 'done' | 'failed' = 'awaiting-1';

  constructor(options: ResponderOptions) {
    const identity = options.identity;
    checkBytes(identity?.seed, 'identity.seed', 32);
    const keys = staticKeysOf(identity);
    this.#staticSecret = keys.secret;
    this.#random = options.random ?? secureRandom;
    this.#transcript = startTranscript(HANDSHAKE_VERSION, identity.onionAddress, keys.publicKey);
  }

  start(): undefined {
    return undefined;
  }

  receive(chunk: Uint8Array): HandshakeProgress {
    if (this.#phase === 'done' || this.#phase === 'failed') {
      throw handshakeOutOfOrder(`receive() after the handshake ${this.#phase === 'done' ? 'finished' : 'failed'}`);
    }
    try {
      this.#messages.push(chunk);
      let send: Uint8Array | undefined;
      if (this.#phase === 'awaiting-1') {
        const bytes = this.#messages.next(1);
        if (bytes === undefined) return { done: false, send: undefined };
        send = this.#answer(bytes);
        this.#phase = 'awaiting-3';
      }
      const bytes = this.#messages.next(3);
      if (bytes === undefined) return { done: false, send };
      const result = this.#verify(bytes);
      this.#phase = 'done';
      return { done: true, send, result, rest: this.#messages.takeRest() };
    } catch (error) {
      this.#phase = 'failed';
      throw error;
    }
  }

  /** Reads message 1 (-> e, es) and returns message 2 (<- e, ee). */
  #answer(bytes: Uint8Array): Uint8Array {
    const t = this.#transcript;
    const message = decodeHandshakeMessage1(bytes);
    t.mixHash(message.ephemeral);
    mixDh(t, 1, 'ephemeral key', () => x25519SharedSecret(this.#staticSecret, message.ephemeral));
    this.#purpose = decodePurposePayload(decryptOrThrow(t, 1, message.sealedPayload));
    const ephemeral = generateX25519KeyPair(this.#random);
    this.#ephemeral = ephemeral;
    t.mixHash(ephemeral.publicKey);
    t.mixKey(x25519SharedSecret(ephemeral.secretKey, message.ephemeral));
    const sealedPayload = t.encryptAndHash(new Uint8Array(0));
    return withLengthPrefix(encodeHandshakeMessage2({ ephemeral: ephemeral.publicKey, sealedPayload }));
  }

  /** Reads message 3 (-> s, se + signature) and finishes. */
  #verify(bytes: Uint8Array): HandshakeResult {
    const t = this.#transcript;
    const ephemeral = this.#ephemeral!;
    const message = decodeHandshakeMessage3(bytes);
    const identityKey = decryptOrThrow(t, 3, message.sealedIdentity);
    if (!isValidIdentityPublicKey(identityKey)) throw handshakeBadKey(3, 'identity key');
    mixDh(t, 3, 'identity key', () => x25519SharedSecret(ephemeral.secretKey, x25519PublicFromEd25519(identityKey)));
    const signed = signatureInput(HANDSHAKE_SIGNATURE_CONTEXT, t.handshakeHash);
    const signature = decryptOrThrow(t, 3, message.sealedSignature);
    if (!verifyIdentitySignature(identityKey, signed, signature)) throw handshakeSignatureInvalid();
    const sessionId = t.handshakeHash;
    const [initiatorToResponder, responderToInitiator] = t.split();
    ephemeral.secretKey.fill(0);
    return {
      peer: onionAddressFromPublicKey(identityKey),
      sendKey: responderToInitiator,
      receiveKey: initiatorToResponder,
      sessionId,
      version: HANDSHAKE_VERSION,
      purpose: this.#purpose,
    };
  }
}

/** The listener's handshake for `identity`. */
export function createResponder(options: ResponderOptions): Handshake {
  return new Responder(options);
}
