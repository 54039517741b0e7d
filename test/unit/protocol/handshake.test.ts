import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateIdentity, identityFromSeed, type IdentityKeyPair } from '../../../src/crypto/identity.js';
import { onionAddressFromPublicKey } from '../../../src/crypto/onion-address.js';
import { FrameDecoder } from '../../../src/protocol/frame/frame-decoder.js';
import { FrameEncoder } from '../../../src/protocol/frame/frame-encoder.js';
import { HandshakeError } from '../../../src/protocol/handshake/handshake-errors.js';
import {
  decodeHandshakeMessage1,
  decodeHandshakeMessage2,
  decodeHandshakeMessage3,
  encodeHandshakeMessage1,
  encodeHandshakeMessage2,
  encodeHandshakeMessage3,
} from '../../../src/protocol/handshake/handshake-messages.js';
import type { Handshake, HandshakeProgress } from '../../../src/protocol/handshake/handshake.js';
import { createInitiator } from '../../../src/protocol/handshake/initiator.js';
import { createResponder } from '../../../src/protocol/handshake/responder.js';
import v from '../../vectors/handshake.json' with { type: 'json' };
import { honestClaim, ReferenceInitiator, type Claim } from './handshake-reference.js';
import { errorNamed } from '../../shared/errors.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const once = (bytes: Uint8Array) => () => bytes;
const initiatorIdentity = identityFromSeed(hex(v.inputs.initiatorSeed));
const responderIdentity = identityFromSeed(hex(v.inputs.responderSeed));

function done(progress: HandshakeProgress): Extract<HandshakeProgress, { done: true }> {
  if (!progress.done) throw new Error('handshake not finished');
  return progress;
}

/** Runs a full handshake in memory; returns both results and the messages. */
function handshake(a: IdentityKeyPair, b: IdentityKeyPair) {
  const initiator = createInitiator({ identity: a, remote: b.onionAddress });
  const responder = createResponder({ identity: b });
  const m1 = initiator.start()!;
  const m2 = responder.receive(m1).send!;
  const i = done(initiator.receive(m2));
  const r = done(responder.receive(i.send!));
  return { m1, m2, m3: i.send!, i: i.result, r: r.result };
}

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('handshake byte vectors (test/vectors/handshake.json)', () => {
  it('reproduces every message and result from the fixed inputs', () => {
    const initiator = createInitiator({
      identity: initiatorIdentity,
      remote: responderIdentity.onionAddress,
      random: once(hex(v.inputs.initiatorEphemeral)),
    });
    const responder = createResponder({ identity: responderIdentity, random: once(hex(v.inputs.responderEphemeral)) });
    expect(initiatorIdentity.onionAddress).toBe(v.initiatorOnion);
    expect(responderIdentity.onionAddress).toBe(v.responderOnion);
    const m1 = initiator.start()!;
    expect(toHex(m1)).toBe(v.messages[0]);
    const m2 = responder.receive(m1).send!;
    expect(toHex(m2)).toBe(v.messages[1]);
    const i = done(initiator.receive(m2));
    expect(toHex(i.send!)).toBe(v.messages[2]);
    const r = done(responder.receive(i.send!));
    expect([toHex(i.result.sessionId), toHex(r.result.sessionId)]).toEqual([v.sessionId, v.sessionId]);
    expect([toHex(i.result.sendKey), toHex(r.result.receiveKey)]).toEqual([
      v.initiatorToResponderKey,
      v.initiatorToResponderKey,
    ]);
    expect([toHex(i.result.receiveKey), toHex(r.result.sendKey)]).toEqual([
      v.responderToInitiatorKey,
      v.responderToInitiatorKey,
    ]);
    expect([i.result.peer, r.result.peer]).toEqual([v.responderOnion, v.initiatorOnion]);
    const frame = new FrameEncoder(i.result.sendKey).encode(new TextEncoder().encode(v.firstFrame.body));
    expect(toHex(frame)).toBe(v.firstFrame.wire);
  });

  it('matches an independent @noble re-derivation of the design', () => {
    const reference = new ReferenceInitiator(
      v.responderOnion,
      responderIdentity.publicKey,
      hex(v.inputs.initiatorEphemeral),
    );
    expect(toHex(reference.start(responderIdentity.publicKey))).toBe(v.messages[0]);
    const out = reference.finish(hex(v.messages[1]!), honestClaim(initiatorIdentity.seed));
    expect(toHex(out.message3)).toBe(v.messages[2]);
    expect(toHex(out.sessionId)).toBe(v.sessionId);
    expect([toHex(out.initiatorToResponder), toHex(out.responderToInitiator)]).toEqual([
      v.initiatorToResponderKey,
      v.responderToInitiatorKey,
    ]);
  });

  it('round-trips each message through its codec', () => {
    const [m1, m2, m3] = v.messages.map((m) => hex(m).subarray(2));
    expect(encodeHandshakeMessage1(decodeHandshakeMessage1(m1!))).toEqual(m1);
    expect(encodeHandshakeMessage2(decodeHandshakeMessage2(m2!))).toEqual(m2);
    expect(encodeHandshakeMessage3(decodeHandshakeMessage3(m3!))).toEqual(m3);
  });

  const decoders = [decodeHandshakeMessage1, decodeHandshakeMessage2, decodeHandshakeMessage3];
  it.each(v.decodeErrors)('decodeError: $note', ({ message, hex: bytes, error }) => {
    const e = thrown(() => decoders[message - 1]!(hex(bytes)));
    expect(e).toBeInstanceOf(HandshakeError);
    expect((e as Error).name).toBe(error);
  });

  it.each(v.streamErrors)('stream error: $note', ({ hex: bytes, error }) => {
    const e = thrown(() => createResponder({ identity: responderIdentity }).receive(hex(bytes)));
    expect((e as Error).name).toBe(error);
  });
});

describe('handshake', () => {
  it('gives both sides the same session and crossed keys that carry frames', () => {
    const a = generateIdentity();
    const b = generateIdentity();
    const { i, r } = handshake(a, b);
    expect(i.peer).toBe(b.onionAddress);
    expect(r.peer).toBe(a.onionAddress);
    expect(i.sessionId).toEqual(r.sessionId);
    const body = new TextEncoder().encode('hi');
    expect(new FrameDecoder(r.receiveKey).push(new FrameEncoder(i.sendKey).encode(body))).toEqual([body]);
    expect(new FrameDecoder(i.receiveKey).push(new FrameEncoder(r.sendKey).encode(body))).toEqual([body]);
    expect(i.sendKey).not.toEqual(i.receiveKey);
  });

  it('accepts input split at every byte and hands over bytes after the last message', () => {
    const a = generateIdentity();
    const b = generateIdentity();
    const initiator = createInitiator({ identity: a, remote: b.onionAddress });
    const responder = createResponder({ identity: b });
    const feed = (side: Handshake, bytes: Uint8Array): HandshakeProgress[] =>
      [...bytes].map((byte) => side.receive(Uint8Array.of(byte)));
    const p1 = feed(responder, initiator.start()!);
    const m2 = p1.find((p) => p.send !== undefined)!.send!;
    const p2 = feed(initiator, m2);
    expect(p2.slice(0, -1).every((p) => !p.done)).toBe(true);
    const i = done(p2.at(-1)!);
    const frame = new FrameEncoder(i.result.sendKey).encode(Uint8Array.of(42));
    const r = done(responder.receive(Uint8Array.from([...i.send!, ...frame])));
    expect(r.rest).toEqual(frame);
  });

  it('refuses a dialer that expected another listener identity', () => {
    const a = generateIdentity();
    const initiator = createInitiator({ identity: a, remote: generateIdentity().onionAddress });
    const e = thrown(() => createResponder({ identity: generateIdentity() }).receive(initiator.start()!));
    expect(e).toEqual(errorNamed('HandshakeDecryptError', { messageNumber: 1 }, HandshakeError));
  });

  it('refuses another protocol version with the version in the error', () => {
    const m1 = hex(v.messages[0]!);
    m1[7] = 2;
    const e = thrown(() => createResponder({ identity: responderIdentity }).receive(m1));
    expect(e).toEqual(errorNamed('HandshakeVersionError', { peerVersion: 2 }, HandshakeError));
  });

  it('refuses a flipped byte anywhere in any message with a typed error', () => {
    const messages = v.messages.map(hex);
    const run = (tamperedIndex: number, position: number): unknown => {
      const initiator = createInitiator({
        identity: initiatorIdentity,
        remote: responderIdentity.onionAddress,
        random: once(hex(v.inputs.initiatorEphemeral)),
      });
      const responder = createResponder({
        identity: responderIdentity,
        random: once(hex(v.inputs.responderEphemeral)),
      });
      const m = messages.map((x, i) => {
        const copy = Uint8Array.from(x);
        if (i === tamperedIndex) copy[position]! ^= 0x01;
        return copy;
      });
      initiator.start();
      return thrown(() => {
        const p1 = responder.receive(m[0]!);
        if (tamperedIndex === 0) throw new Error(`accepted: ${String(p1.done)}`);
        const p2 = initiator.receive(m[1]!);
        if (tamperedIndex === 1) throw new Error(`accepted: ${String(p2.done)}`);
        const p3 = responder.receive(m[2]!);
        throw new Error(`accepted: ${String(p3.done)}`);
      });
    };
    messages.forEach((message, index) => {
      for (let position = 2; position < message.length; position++) {
        expect(run(index, position), `message ${index + 1} byte ${position}`).toBeInstanceOf(HandshakeError);
      }
    });
  });

  describe('a dialer claiming an identity it does not hold', () => {
    function attempt(claim: Claim): unknown {
      const responder = createResponder({ identity: responderIdentity });
      const reference = new ReferenceInitiator(
        responderIdentity.onionAddress,
        responderIdentity.publicKey,
        ed25519.utils.randomSecretKey(),
      );
      const m2 = responder.receive(reference.start(responderIdentity.publicKey)).send!;
      return thrown(() => responder.receive(reference.finish(m2, claim).message3));
    }
    const attacker = generateIdentity();
    const victim = generateIdentity();

    it('the honest claim passes (the reference is a real initiator)', () => {
      expect(attempt(honestClaim(attacker.seed))).toBeUndefined();
    });

    it("is refused when it sends the victim's key without the victim's secret", () => {
      expect(attempt({ ...honestClaim(attacker.seed), publicKey: victim.publicKey })).toEqual(
        errorNamed('HandshakeDecryptError', {}, HandshakeError),
      );
    });

    it('is refused when it sends the negation of its own key (same x25519 key, other onion address)', () => {
      const negated = ed25519.Point.fromBytes(attacker.publicKey).negate().toBytes();
      expect(onionAddressFromPublicKey(negated)).not.toBe(attacker.onionAddress);
      expect(attempt({ ...honestClaim(attacker.seed), publicKey: negated })).toEqual(
        errorNamed('HandshakeSignatureError', {}, HandshakeError),
      );
    });

    it('is refused when it adds a torsion component to its key', () => {
      const torsion = ed25519.Point.fromBytes(hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
      const withTorsion = ed25519.Point.fromBytes(attacker.publicKey).add(torsion).toBytes();
      expect(attempt({ ...honestClaim(attacker.seed), publicKey: withTorsion })).toEqual(
        errorNamed('HandshakeBadKeyError', {}, HandshakeError),
      );
    });

    it('is refused when the signature is by another key', () => {
      expect(attempt({ ...honestClaim(attacker.seed), signingSeed: victim.seed })).toEqual(
        errorNamed('HandshakeSignatureError', {}, HandshakeError),
      );
    });
  });

  it('refuses a low-order ephemeral key', () => {
    const m1 = hex(v.messages[0]!);
    m1.fill(0, 8, 40);
    expect(thrown(() => createResponder({ identity: responderIdentity }).receive(m1))).toEqual(
      errorNamed('HandshakeBadKeyError', {}, HandshakeError),
    );
  });

  it('refuses to dial an onion address whose key is not a usable identity', () => {
    const torsion = hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
    expect(() => createInitiator({ identity: initiatorIdentity, remote: onionAddressFromPublicKey(torsion) })).toThrow(
      errorNamed('InvalidOnionAddressError'),
    );
  });

  it('reports misuse as HandshakeStateError', () => {
    const initiator = createInitiator({ identity: initiatorIdentity, remote: responderIdentity.onionAddress });
    expect(() => initiator.receive(new Uint8Array(1))).toThrow(errorNamed('HandshakeStateError', {}, HandshakeError));
    initiator.start();
    expect(() => initiator.start()).toThrow(errorNamed('HandshakeStateError', {}, HandshakeError));
    const responder = createResponder({ identity: responderIdentity });
    expect(() => responder.receive(hex('ffff'))).toThrow(errorNamed('HandshakeMalformedError', {}, HandshakeError));
    expect(() => responder.receive(new Uint8Array(1))).toThrow(errorNamed('HandshakeStateError', {}, HandshakeError));
  });
});

describe('handshake decoders and state machines on arbitrary bytes', () => {
  const onlyHandshakeErrors = (call: () => unknown): void => {
    try {
      call();
    } catch (error) {
      expect(error).toBeInstanceOf(HandshakeError);
    }
  };
  // Arbitrary bytes, and arbitrary bytes behind a valid message prefix so later steps are reached.
  const inputs = (prefix: Uint8Array) =>
    fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((tail) => Uint8Array.from([...prefix, ...tail])),
    );

  it('message decoders return a value or throw a HandshakeError', () => {
    fc.assert(
      fc.property(inputs(hex(v.messages[0]!).subarray(2, 8)), (bytes) => {
        onlyHandshakeErrors(() => decodeHandshakeMessage1(bytes));
        onlyHandshakeErrors(() => decodeHandshakeMessage2(bytes));
        onlyHandshakeErrors(() => decodeHandshakeMessage3(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('the responder returns progress or throws a HandshakeError', () => {
    fc.assert(
      fc.property(inputs(hex(v.messages[0]!)), fc.nat(300), (bytes, cut) => {
        const responder = createResponder({
          identity: responderIdentity,
          random: once(hex(v.inputs.responderEphemeral)),
        });
        onlyHandshakeErrors(() => {
          responder.receive(bytes.subarray(0, cut));
          responder.receive(bytes.subarray(cut));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the initiator returns progress or throws a HandshakeError', () => {
    fc.assert(
      fc.property(inputs(hex(v.messages[1]!).subarray(0, 34)), (bytes) => {
        const initiator = createInitiator({
          identity: initiatorIdentity,
          remote: responderIdentity.onionAddress,
          random: once(hex(v.inputs.initiatorEphemeral)),
        });
        initiator.start();
        onlyHandshakeErrors(() => initiator.receive(bytes));
      }),
      { numRuns: 200 },
    );
  });
});
