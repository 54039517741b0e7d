// noble's habit: a table of hostile values thrown at every public API. Caller bugs must surface
// as InvalidArgumentError (or another typed BurrowError), never a TypeError from deep inside,
// and the checks that peers' data reaches never throw at all.
import { describe, expect, it } from 'vitest';
import { BurrowError } from '../../../src/errors.js';
import { encodeEnvelope } from '../../../src/protocol/relay/envelope-codec.js';
import { encodeInnerBody } from '../../../src/protocol/relay/inner-codec.js';
import { encodeRelayMessage, type RelayMessage } from '../../../src/protocol/relay/relay-message-codec.js';
import { RelayEngine } from '../../../src/relay/engine.js';
import { holderLimits } from '../../../src/relay/holder-limits.js';
import { createReceipt, secretOpensCommitment, verifyReceipt } from '../../../src/relay/receipt.js';
import { receiptCommitment } from '../../../src/relay/seal-keys.js';
import { recipientTag, relayDay } from '../../../src/relay/tag.js';
import { chat, onion, people, seal, T0_MS } from './fixtures.js';
import { errorNamed } from '../../shared/errors.js';

const HOSTILE_NUMBERS: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -1,
  1.5,
  2 ** 64,
  '3',
  3n,
  null,
  undefined,
  {},
  [3],
];
const HOSTILE_BYTES: unknown[] = [
  new Uint8Array(0),
  new Uint8Array(15),
  new Uint8Array(17),
  new Uint16Array(16),
  [...new Uint8Array(16)],
  { length: 16 },
  'aaaaaaaaaaaaaaaa',
  null,
  undefined,
];

function throwsTyped(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a typed error').toBeInstanceOf(BurrowError);
}

describe('hostile arguments', () => {
  it('sealing refuses every hostile number and content', () => {
    for (const value of HOSTILE_NUMBERS) {
      throwsTyped(() => seal('alice', 'carol', 'x', { createdAt: value as number }));
      throwsTyped(() => seal('alice', 'carol', 'x', { expiry: value as number }));
      if (value !== undefined) throwsTyped(() => seal('alice', 'carol', 'x', { hopLimit: value as number }));
      if (value !== undefined) throwsTyped(() => seal('alice', 'carol', 'x', { padTo: value as number }));
    }
    for (const content of [
      null,
      {},
      { kind: 'nope' },
      { kind: 'chat-message', message: { id: new Uint8Array(15), text: 'x' } },
      { kind: 'chat-message', message: { id: new Uint8Array(16), text: 7 } },
    ]) {
      throwsTyped(() => encodeInnerBody(content as never));
    }
    throwsTyped(() => seal('alice', 'carol', 'x', { recipient: 'not an onion' as never }));
  });

  it('the relay engine refuses hostile send requests', () => {
    const engine = new RelayEngine({ identity: people.alice, friends: [onion('bob')], senderPolicy: () => true });
    for (const value of HOSTILE_NUMBERS) {
      if (value === undefined) continue;
      throwsTyped(() =>
        engine.send({ recipient: onion('carol'), content: chat('x'), ref: 'r', hopLimit: value as number }, T0_MS),
      );
      throwsTyped(() =>
        engine.send({ recipient: onion('carol'), content: chat('x'), ref: 'r', lifetimeS: value as number }, T0_MS),
      );
    }
    expect(engine.status().own).toBe(0);
  });

  it('encoders refuse hostile ids, numbers and lists', () => {
    const { envelope } = seal('alice', 'carol');
    for (const bytes of HOSTILE_BYTES) {
      throwsTyped(() => encodeEnvelope({ ...envelope, id: bytes as Uint8Array }));
      throwsTyped(() =>
        encodeRelayMessage({ type: 'relay-dropped', notice: { id: bytes as Uint8Array, reason: 'evicted' } }),
      );
      throwsTyped(() =>
        encodeRelayMessage({ type: 'relay-answer', verdicts: [{ id: bytes as Uint8Array, verdict: 'want' }] }),
      );
    }
    for (const value of HOSTILE_NUMBERS) {
      throwsTyped(() => encodeEnvelope({ ...envelope, expiry: value as number }));
      throwsTyped(() => encodeEnvelope({ ...envelope, hops: value as number }));
      throwsTyped(() =>
        encodeRelayMessage({
          type: 'relay-offer',
          entries: [{ id: envelope.id, tag: envelope.tag, expiry: 1, hops: 0, size: value as number }],
        }),
      );
    }
    for (const list of [null, {}, { length: 1, 0: { id: envelope.id, verdict: 'want' } }, 'x', []]) {
      throwsTyped(() => encodeRelayMessage({ type: 'relay-answer', verdicts: list } as unknown as RelayMessage));
    }
    throwsTyped(() => encodeRelayMessage(null as unknown as RelayMessage));
  });

  it('limits, tags and receipts refuse hostile arguments', () => {
    for (const value of HOSTILE_NUMBERS) {
      if (value !== undefined) throwsTyped(() => holderLimits({ maxHeldEnvelopes: value as number }));
      throwsTyped(() => relayDay(value as number));
      throwsTyped(() => recipientTag(new Uint8Array(32), value as number));
    }
    for (const bytes of HOSTILE_BYTES) {
      throwsTyped(() => recipientTag(bytes as Uint8Array, 1));
      throwsTyped(() => receiptCommitment(bytes as Uint8Array));
      throwsTyped(() => createReceipt(people.carol, people.alice.publicKey, bytes as Uint8Array, new Uint8Array(32)));
      throwsTyped(() => createReceipt(people.carol, people.alice.publicKey, new Uint8Array(16), bytes as Uint8Array));
      throwsTyped(() => createReceipt(people.carol, bytes as Uint8Array, new Uint8Array(16), new Uint8Array(32)));
    }
    expect(() => holderLimits({ maxHeldEnvelopes: -1 })).toThrow(errorNamed('InvalidArgumentError'));
  });

  it('checks that peers’ data reaches never throw', () => {
    const commitment = receiptCommitment(new Uint8Array(32));
    for (const bytes of [...HOSTILE_BYTES, new Uint8Array(32)]) {
      expect(() => secretOpensCommitment(bytes as Uint8Array, commitment)).not.toThrow();
      expect(() =>
        verifyReceipt(
          { id: bytes as Uint8Array, secret: bytes as Uint8Array, mac: bytes as Uint8Array },
          people.alice,
          people.carol.publicKey,
          commitment,
        ),
      ).not.toThrow();
      expect(() =>
        verifyReceipt(
          { id: new Uint8Array(16), secret: new Uint8Array(32), mac: new Uint8Array(32) },
          people.alice,
          bytes as Uint8Array,
          commitment,
        ),
      ).not.toThrow();
    }
    expect(verifyReceipt(null as never, people.alice, people.carol.publicKey, commitment)).toBe(false);
  });
});
