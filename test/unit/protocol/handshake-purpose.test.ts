/**
 * The session purpose in handshake message 1 (docs/PROTOCOL.md "2a. Session purpose"): a main
 * session keeps the bytes of every version-1 peer, a bulk session's purpose reaches the
 * listener sealed and bound into the transcript, and nothing else decodes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityFromSeed } from '../../../src/crypto/identity.js';
import { HandshakeError } from '../../../src/protocol/handshake/handshake-errors.js';
import type { HandshakeProgress } from '../../../src/protocol/handshake/handshake.js';
import { createInitiator } from '../../../src/protocol/handshake/initiator.js';
import { createResponder } from '../../../src/protocol/handshake/responder.js';
import {
  BULK_PURPOSE_BYTE,
  decodePurposePayload,
  encodePurposePayload,
  type SessionPurpose,
} from '../../../src/protocol/handshake/session-purpose.js';
import v from '../../vectors/handshake.json' with { type: 'json' };

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const once = (bytes: Uint8Array) => () => bytes;
const initiatorIdentity = identityFromSeed(hex(v.inputs.initiatorSeed));
const responderIdentity = identityFromSeed(hex(v.inputs.responderSeed));

function done(progress: HandshakeProgress): Extract<HandshakeProgress, { done: true }> {
  if (!progress.done) throw new Error('handshake not finished');
  return progress;
}

function pair(purpose?: SessionPurpose) {
  const initiator = createInitiator({
    identity: initiatorIdentity,
    remote: responderIdentity.onionAddress,
    random: once(hex(v.inputs.initiatorEphemeral)),
    ...(purpose === undefined ? {} : { purpose }),
  });
  const responder = createResponder({ identity: responderIdentity, random: once(hex(v.inputs.responderEphemeral)) });
  return { initiator, responder };
}

describe('session purpose', () => {
  it('a main session is the version-1 handshake byte for byte; both sides report main', () => {
    const { initiator, responder } = pair('main');
    const m1 = initiator.start()!;
    expect(toHex(m1)).toBe(v.messages[0]);
    const i = done(initiator.receive(responder.receive(m1).send!));
    const r = done(responder.receive(i.send!));
    expect([i.result.purpose, r.result.purpose]).toEqual(['main', 'main']);
  });

  it('a bulk session reproduces its vector and the listener learns the purpose', () => {
    const { initiator, responder } = pair('bulk');
    const m1 = initiator.start()!;
    expect(toHex(m1)).toBe(v.bulk.messages[0]);
    expect(m1.length).toBe(hex(v.messages[0]!).length + 1);
    const m2 = responder.receive(m1).send!;
    expect(toHex(m2)).toBe(v.bulk.messages[1]);
    const i = done(initiator.receive(m2));
    expect(toHex(i.send!)).toBe(v.bulk.messages[2]);
    const r = done(responder.receive(i.send!));
    expect([i.result.purpose, r.result.purpose]).toEqual(['bulk', 'bulk']);
    expect(toHex(r.result.sessionId)).toBe(v.bulk.sessionId);
    // Another session id than the main session's: the purpose is part of the signed transcript.
    expect(v.bulk.sessionId).not.toBe(v.sessionId);
  });

  it('a purpose changed on the way fails authentication', () => {
    const { initiator, responder } = pair('bulk');
    const m1 = initiator.start()!;
    const tampered = Uint8Array.from(m1);
    tampered[tampered.length - 17]! ^= 0x01; // the sealed purpose byte
    expect(() => responder.receive(tampered)).toThrow(HandshakeError);
    // Cut to a main-length message 1, it fails too.
    const cut = Uint8Array.from([0, m1.length - 3, ...m1.subarray(2, -1)]);
    expect(() => pair().responder.receive(cut)).toThrow(HandshakeError);
  });

  it('decodes the two known payloads and throws only HandshakeMalformedError on anything else', () => {
    expect(decodePurposePayload(encodePurposePayload('main'))).toBe('main');
    expect(decodePurposePayload(encodePurposePayload('bulk'))).toBe('bulk');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (payload) => {
        const known = payload.length === 0 || (payload.length === 1 && payload[0] === BULK_PURPOSE_BYTE);
        try {
          const purpose = decodePurposePayload(payload);
          expect(known).toBe(true);
          expect(toHex(encodePurposePayload(purpose))).toBe(toHex(payload));
        } catch (error) {
          expect(known).toBe(false);
          expect((error as Error).name).toBe('HandshakeMalformedError');
        }
      }),
    );
  });
});
