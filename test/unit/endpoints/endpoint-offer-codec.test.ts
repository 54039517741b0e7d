import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src/protocol/bytes.js';
import { ENDPOINT_OFFER_BYTES } from '../../../src/protocol/contacts/endpoint-offer.js';
import { decodeMessage, encodeMessage, type WireMessage } from '../../../src/protocol/envelope/index.js';
import { errorNamed } from '../../shared/errors.js';

const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ID = '000102030405060708090a0b0c0d0e0f';

// Written by hand from the layout in src/protocol/contacts/endpoint-offer.ts:
// 01 ‖ 04 ‖ id ‖ endpoint key (32) ‖ client key (32) ‖ u64 issued_at ‖ signature (64).
const VECTOR = `01 04 ${ID} ${'11'.repeat(32)} ${'22'.repeat(32)} 0000018c 2e3f4000 ${'33'.repeat(64)}`;
const MESSAGE: WireMessage = {
  kind: 'endpoint-offer',
  id: hex(ID),
  endpointKey: new Uint8Array(32).fill(0x11),
  clientKey: new Uint8Array(32).fill(0x22),
  issuedAt: 0x18c2e3f4000,
  signature: new Uint8Array(64).fill(0x33),
};

describe('endpoint-offer bytes', () => {
  it('match the hand-written vector both ways', () => {
    expect(toHex(encodeMessage(MESSAGE))).toBe(VECTOR.replace(/\s+/g, ''));
    expect(decodeMessage(hex(VECTOR))).toEqual(MESSAGE);
    expect(hex(VECTOR).length).toBe(2 + 16 + ENDPOINT_OFFER_BYTES);
  });

  it('refuse a truncated body, a trailing byte and an issued_at beyond 2^53', () => {
    const whole = hex(VECTOR);
    for (let cut = 18; cut < whole.length; cut += 7)
      expect(() => decodeMessage(whole.subarray(0, cut))).toThrow(DecodeError);
    expect(() => decodeMessage(Uint8Array.from([...whole, 0]))).toThrow(DecodeError);
    const huge = Uint8Array.from(whole);
    huge.fill(0xff, 2 + 16 + 64, 2 + 16 + 72);
    expect(() => decodeMessage(huge)).toThrow(DecodeError);
  });

  it('refuse to encode keys or signatures of the wrong length', () => {
    for (const field of ['endpointKey', 'clientKey', 'signature'] as const) {
      expect(() => encodeMessage({ ...MESSAGE, [field]: new Uint8Array(31) })).toThrow(
        errorNamed('InvalidArgumentError'),
      );
    }
    expect(() => encodeMessage({ ...MESSAGE, issuedAt: -1 })).toThrow(errorNamed('InvalidArgumentError'));
  });

  it('decode any bytes after the kind to an offer or a DecodeError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
        const bytes = Uint8Array.from([1, 4, ...body]);
        try {
          const message = decodeMessage(bytes);
          expect(message.kind).toBe('endpoint-offer');
          expect(encodeMessage(message)).toEqual(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
    );
  });
});
