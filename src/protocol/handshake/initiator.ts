/**
 * The dialer's side of the handshake (design in handshake.ts).
 *
 * @example
 * ```ts
 * const hs = createInitiator({ identity, remote });
 * socket.write(hs.start()!);
 * socket.on('data', (chunk) => { const p = hs.receive(chunk); if (p.send) socket.write(p.send); if (p.done) … });
 * ```
 */
import { checkBytes } from '../../lib/argument-checks.js';
import {
  signWithIdentity,
  x25519PublicFromEd25519,
  x25519SecretFromSeed,
  type IdentityKeyPair,
} from '../../crypto/identity.js';
import { isValidIdentityPublicKey } from '../../crypto/identity-key-check.js';
import {
  invalidOnionAddress,
  parseOnionAddress,
  publicKeyFromOnionAddress,
  type OnionAddress,
} from '../../crypto/onion-address.js';
import { secureRandom, type RandomSource } from '../../crypto/random.js';
import { generateX25519KeyPair, x25519SharedSecret, type X25519KeyPair } from '../../crypto/x25519.js';
import { HANDSHAKE_SIGNATURE_CONTEXT, HANDSHAKE_VERSION } from './handshake-constants.js';
import { handshakeMalformed, handshakeOutOfOrder } from './handshake-errors.js';
import { decryptOrThrow, mixDh } from './handshake-steps.js';
import { HandshakeMessageQueue, withLengthPrefix } from './handshake-message-queue.js';
import { decodeHandshakeMessage2, encodeHandshakeMessage1, encodeHandshakeMessage3 } from './handshake-messages.js';
import { signatureInput, startTranscript, type Handshake, type HandshakeProgress } from './handshake.js';
import { encodePurposePayload, type SessionPurpose } from './session-purpose.js';
import type { SymmetricState } from './symmetric-state.js';

/** Options of {@link createInitiator}. */
export interface InitiatorOptions {
  /** Our identity: proven to the listener in message 3. */
  readonly identity: IdentityKeyPair;
  /** The onion address dialed: the handshake fails unless the listener holds its key. */
  readonly remote: OnionAddress;
  /** What the session is for (default 'main'); sent sealed in message 1. */
  readonly purpose?: SessionPurpose;
  /** Source of the ephemeral key (tests only). */
  readonly random?: RandomSource;
}

class Initiator implements Handshake {
  readonly role = 'initiator';
  readonly #identity: IdentityKeyPair;
  readonly #remote: OnionAddress;
  readonly #remoteStatic: Uint8Array;
  readonly #random: RandomSource;
  readonly #purpose: SessionPurpose;
  readonly #messages = new HandshakeMessageQueue();
  readonly #transcript: SymmetricState;
  #ephemeral: X25519KeyPair | undefined;
  #phase: 'new' | 'awaiting-2' | 'done' | 'failed' = 'new';

  constructor(options: InitiatorOptions) {
    this.#identity = options.identity;
    checkBytes(this.#identity?.seed, 'identity.seed', 32);
    this.#remote = parseOnionAddress(options.remote);
    const remoteKey = publicKeyFromOnionAddress(this.#remote);
    if (!isValidIdentityPublicKey(remoteKey)) throw invalidOnionAddress('its key is not a usable ed25519 public key');
    this.#remoteStatic = x25519PublicFromEd25519(remoteKey);
    this.#random = options.random ?? secureRandom;
    this.#purpose = options.purpose ?? 'main';
    this.#transcript = startTranscript(HANDSHAKE_VERSION, this.#remote, this.#remoteStatic);
  }

  start(): Uint8Array {
    if (this.#phase !== 'new') throw handshakeOutOfOrder('start() was already called');
    const t = this.#transcript;
    const ephemeral = generateX25519KeyPair(this.#random);
    this.#ephemeral = ephemeral;
    // -> e, es
    t.mixHash(ephemeral.publicKey);
    t.mixKey(x25519SharedSecret(ephemeral.secretKey, this.#remoteStatic));
    const sealedPayload = t.encryptAndHash(encodePurposePayload(this.#purpose));
    this.#phase = 'awaiting-2';
    return withLengthPrefix(
      encodeHandshakeMessage1({ version: HANDSHAKE_VERSION, ephemeral: ephemeral.publicKey, sealedPayload }),
    );
  }

  receive(chunk: Uint8Array): HandshakeProgress {
    if (this.#phase === 'new') throw handshakeOutOfOrder('receive() before start()');
    if (this.#phase !== 'awaiting-2')
      throw handshakeOutOfOrder(`receive() after the handshake ${this.#phase === 'done' ? 'finished' : 'failed'}`);
    try {
      this.#messages.push(chunk);
      const bytes = this.#messages.next(2);
      if (bytes === undefined) return { done: false, send: undefined };
      return this.#finish(bytes);
    } catch (error) {
      this.#phase = 'failed';
      throw error;
    }
  }

  #finish(bytes: Uint8Array): HandshakeProgress {
    const t = this.#transcript;
    const ephemeral = this.#ephemeral!;
    const message = decodeHandshakeMessage2(bytes);
    // <- e, ee
    t.mixHash(message.ephemeral);
    mixDh(t, 2, 'ephemeral key', () => x25519SharedSecret(ephemeral.secretKey, message.ephemeral));
    const payload = decryptOrThrow(t, 2, message.sealedPayload);
    if (payload.length !== 0) throw handshakeMalformed(2, 'its payload must be empty in version 1');
    // -> s, se; the signature covers h after se (handshake.ts explains why it is there at all).
    const sealedIdentity = t.encryptAndHash(this.#identity.publicKey);
    const staticSecret = x25519SecretFromSeed(this.#identity.seed);
    try {
      t.mixKey(x25519SharedSecret(staticSecret, message.ephemeral));
    } finally {
      staticSecret.fill(0);
    }
    const signature = signWithIdentity(this.#identity, signatureInput(HANDSHAKE_SIGNATURE_CONTEXT, t.handshakeHash));
    const sealedSignature = t.encryptAndHash(signature);
    const send = withLengthPrefix(encodeHandshakeMessage3({ sealedIdentity, sealedSignature }));
    const sessionId = t.handshakeHash;
    const [initiatorToResponder, responderToInitiator] = t.split();
    ephemeral.secretKey.fill(0);
    this.#phase = 'done';
    return {
      done: true,
      send,
      result: {
        peer: this.#remote,
        sendKey: initiatorToResponder,
        receiveKey: responderToInitiator,
        sessionId,
        version: HANDSHAKE_VERSION,
        purpose: this.#purpose,
      },
      rest: this.#messages.takeRest(),
    };
  }
}

/**
 * The dialer's handshake toward `remote`. Throws `InvalidOnionAddressError` if `remote` is not
 * a usable onion address.
 */
export function createInitiator(options: InitiatorOptions): Handshake {
  return new Initiator(options);
}
