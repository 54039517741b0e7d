import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import vectors from '../../vectors/groups.json' with { type: 'json' };
import { identityFromSeed } from '../../../src/crypto/identity.js';
import { openEpochKey } from '../../../src/groups/epoch-key-seal.js';
import { groupOpId } from '../../../src/groups/group-op.js';
import { MembershipLog } from '../../../src/groups/membership-log.js';
import { DecodeError } from '../../../src/protocol/bytes.js';
import {
  decodeGroupContent,
  decodeGroupMessage,
  decodeGroupOp,
  decodeGroupWire,
  encodeGroupContent,
  encodeGroupMessage,
  encodeGroupOp,
  encodeGroupOpBody,
  encodeGroupWire,
  MAX_GROUP_TEXT_BYTES,
  type GroupOpBody,
  type GroupWireMessage,
} from '../../../src/protocol/groups/index.js';
import { prng } from '../../shared/prng.js';
import { hex, unhex } from './helpers.js';
import { errorNamed } from '../../shared/errors.js';

const label = (text: string): Uint8Array => new TextEncoder().encode(`burrow/groups/v1/${text}\0`);
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));

function expectDecodeError(decode: () => unknown, name: string): void {
  let thrown: unknown;
  try {
    decode();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect((thrown as Error).name).toBe(name);
}

/** Only a value or a DecodeError: never a crash of another kind. */
function decodesOrRefuses(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): boolean {
  try {
    decode(bytes);
    return true;
  } catch (error) {
    return error instanceof DecodeError;
  }
}

describe('groups.json vectors', () => {
  it('every op re-encodes to its bytes, and its id and signature check out independently (@noble)', () => {
    for (const vector of vectors.ops) {
      const bytes = unhex(vector.hex);
      const op = decodeGroupOp(bytes);
      expect(hex(encodeGroupOp(op))).toBe(vector.hex);
      expect(op.signedBytes.length).toBe(vector.signedBytesLength);
      expect(hex(op.signedBytes)).toBe(vector.hex.slice(0, -128));
      expect(groupOpId(op)).toBe(vector.id);
      // Layout check without Burrow's code: id = SHA-256(label ‖ signed bytes), ed25519 over label ‖ signed bytes.
      expect(hex(sha256(concat(label('op-id'), op.signedBytes)))).toBe(vector.id);
      expect(ed25519.verify(op.signature, concat(label('op-signature'), op.signedBytes), op.body.author)).toBe(true);
    }
    expect(vectors.ops[0]!.id).toBe(vectors.groupId);
  });

  it('opens the epoch keys sealed to ada, and they match their commitments', () => {
    const ada = identityFromSeed(unhex(vectors.identities.ada.seed));
    expect(ada.onionAddress).toBe(vectors.identities.ada.onion);
    for (const vector of vectors.ops.filter((op) => 'adaEpochKey' in op)) {
      const op = decodeGroupOp(unhex(vector.hex));
      if (!('grant' in op.body.payload)) throw new Error('vector without grant');
      const key = openEpochKey(op.body.payload.grant, ada)!;
      expect(hex(key)).toBe((vector as { adaEpochKey: string }).adaEpochKey);
      expect(hex(sha256(concat(label('epoch-key-commitment'), key)))).toBe(hex(op.body.payload.grant.commitment));
    }
  });

  it('replays the history, in any order, to the same state', () => {
    const ops = vectors.ops.map((vector) => decodeGroupOp(unhex(vector.hex)));
    const random = prng(7);
    for (let round = 0; round < 5; round++) {
      const log = MembershipLog.restore(vectors.groupId, random.shuffle(ops));
      expect(log.size).toBe(ops.length);
      expect(log.state.name).toBe('crags');
      expect([...log.state.members.keys()]).toEqual([vectors.identities.ada.onion]);
      expect([...log.state.departed.keys()].sort()).toEqual(
        [vectors.identities.bob.onion, vectors.identities.cat.onion].sort(),
      );
      expect(log.state.epoch.id).toBe(vectors.ops.at(-1)!.id);
    }
  });

  it('the message decrypts with @noble from the documented layout', () => {
    const [vector] = vectors.messages;
    const bytes = unhex(vector!.hex);
    const message = decodeGroupMessage(bytes);
    expect(hex(encodeGroupMessage(message))).toBe(vector!.hex);
    expect(hex(sha256(concat(label('message-id'), message.signedBytes)))).toBe(vector!.id);
    // header = 149 bytes, nonce = 24, u16 length, ciphertext, 64-byte signature.
    const header = bytes.subarray(0, 149);
    const nonce = bytes.subarray(149, 173);
    const length = (bytes[173]! << 8) | bytes[174]!;
    const ciphertext = bytes.subarray(175, 175 + length);
    expect(175 + length + 64).toBe(bytes.length);
    // seq 1: prev (bytes 101–133) is all zeros.
    expect(hex(bytes.subarray(101, 133))).toBe('00'.repeat(32));
    expect(hex(bytes.subarray(33, 65))).toBe(vector!.epoch);
    const messageKey = hkdf(sha256, unhex(vector!.epochKey), unhex(vector!.epoch), label('message-key'), 32);
    expect(hex(messageKey)).toBe(vector!.messageKey);
    const plaintext = xchacha20poly1305(messageKey, nonce, header).decrypt(ciphertext);
    expect(plaintext[0]).toBe(1);
    expect(Buffer.from(plaintext.subarray(3)).toString('utf8')).toBe(vector!.text);
    expect(decodeGroupContent(plaintext)).toEqual({ type: 'text', text: vector!.text });
    expect(
      ed25519.verify(
        message.signature,
        concat(label('message-signature'), message.signedBytes),
        bytes.subarray(65, 97),
      ),
    ).toBe(true);
  });

  it('every session message re-encodes to its bytes', () => {
    for (const vector of vectors.wire) {
      const message = decodeGroupWire(unhex(vector.hex));
      expect(message.kind).toBe(vector.kind);
      expect(hex(encodeGroupWire(message))).toBe(vector.hex);
    }
  });

  it('every malformed input is refused with its typed error', () => {
    const decoders: Record<string, (bytes: Uint8Array) => unknown> = {
      op: decodeGroupOp,
      message: decodeGroupMessage,
      wire: decodeGroupWire,
    };
    for (const vector of vectors.decodeErrors)
      expectDecodeError(() => decoders[vector.codec]!(unhex(vector.hex)), vector.error);
  });
});

describe('strict decoders', () => {
  const valid: [codec: 'op' | 'message' | 'wire', hex: string][] = [
    ...vectors.ops.map((v) => ['op', v.hex] as ['op', string]),
    ...vectors.messages.map((v) => ['message', v.hex] as ['message', string]),
    ...vectors.wire.map((v) => ['wire', v.hex] as ['wire', string]),
  ];
  const decoders = {
    op: decodeGroupOp,
    message: decodeGroupMessage,
    wire: decodeGroupWire,
    content: decodeGroupContent,
  };

  it('return a value or a DecodeError for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) =>
        Object.values(decoders).every((decode) => decodesOrRefuses(decode, bytes)),
      ),
      { numRuns: 1_000 },
    );
  });

  it('return a value or a DecodeError for mutations and truncations of valid encodings', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        ([codec, text], position, value, cut) => {
          const bytes = unhex(text);
          const mutated = Uint8Array.from(bytes);
          mutated[position % bytes.length] = value;
          return [mutated, bytes.subarray(0, cut % bytes.length)].every((candidate) =>
            decodesOrRefuses(decoders[codec], candidate),
          );
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('refuse a group message over the size limit before parsing it', () => {
    expectDecodeError(() => decodeGroupMessage(new Uint8Array(17 * 1024 + 1)), 'MalformedInputError');
    expectDecodeError(() => decodeGroupOp(new Uint8Array(24 * 1024 + 1)), 'MalformedInputError');
  });
});

describe('encoders', () => {
  it('round-trip arbitrary session messages', () => {
    fc.assert(
      fc.property(arbitraryWireMessage(), (message) => {
        expect(decodeGroupWire(encodeGroupWire(message))).toEqual(message);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trip content up to the 16 KiB limit and refuse more', () => {
    const text = 'é'.repeat(MAX_GROUP_TEXT_BYTES / 2);
    expect(decodeGroupContent(encodeGroupContent({ type: 'text', text }))).toEqual({ type: 'text', text });
    expect(() => encodeGroupContent({ type: 'text', text: text + 'x' })).toThrow(errorNamed('InvalidArgumentError'));
    expect(() => encodeGroupContent({ type: 'text', text: '' })).toThrow(errorNamed('InvalidArgumentError'));
  });

  it('refuse what the decoders would refuse, and hostile values, with InvalidArgumentError', () => {
    const create = decodeGroupOp(unhex(vectors.ops[0]!.hex)).body;
    const add = decodeGroupOp(unhex(vectors.ops[1]!.hex)).body;
    const [first, second] = [unhex('00'.repeat(32)), unhex('ff'.repeat(32))];
    const badBodies: unknown[] = [
      { ...create, groupId: first },
      { ...add, groupId: undefined },
      { ...add, parents: [] },
      { ...add, parents: [second, first] },
      { ...add, parents: [first, first] },
      { ...add, parents: { length: 1, 0: first } },
      { ...add, parents: [first.subarray(1)] },
      { ...add, timestamp: Number.NaN },
      { ...add, timestamp: -1 },
      { ...add, author: 'ada' },
      { ...add, payload: { ...add.payload, kind: 'toString' } },
      { ...add, payload: { kind: 'rename', name: '' } },
      { ...add, payload: { kind: 'rename', name: 'a\nb' } },
      { ...add, payload: { kind: 'rename', name: 'x'.repeat(65) } },
      { ...add, payload: { kind: 'leave', cutoffs: [{ epoch: first, seq: 0 }] } },
      {
        ...add,
        payload: {
          kind: 'leave',
          cutoffs: [
            { epoch: second, seq: 1 },
            { epoch: first, seq: 1 },
          ],
        },
      },
      { ...add, payload: { kind: 'leave', cutoffs: [undefined] } },
      {
        ...add,
        payload: { kind: 'rotate', grant: { ...('grant' in add.payload ? add.payload.grant : {}), entries: [] } },
      },
      undefined,
      null,
      42,
    ];
    for (const body of badBodies)
      expect(() => encodeGroupOpBody(body as GroupOpBody), JSON.stringify(body)?.slice(0, 80)).toThrow(
        errorNamed('InvalidArgumentError'),
      );
    const groupId = unhex(vectors.groupId);
    const badMessages: unknown[] = [
      { kind: 'group-invite', groupId, inviteId: new Uint8Array(16), groupName: 'x', memberCount: 0 },
      { kind: 'group-invite', groupId, inviteId: new Uint8Array(15), groupName: 'x', memberCount: 1 },
      { kind: 'group-invite', groupId: 'abc', inviteId: new Uint8Array(16), groupName: 'x', memberCount: 1 },
      { kind: 'group-invite-accept', groupId, inviteId: new Uint8Array(16), displayName: 7 },
      { kind: 'group-sync-summary', groupId, heads: [], marks: [] },
      { kind: 'group-sync-summary', groupId, heads: [first], marks: [{ epoch: first, sender: first, seq: 0 }] },
      {
        kind: 'group-sync-summary',
        groupId,
        heads: [first],
        marks: [
          { epoch: second, sender: first, seq: 1 },
          { epoch: first, sender: first, seq: 1 },
        ],
      },
      { kind: 'group-sync-summary', groupId, heads: [first], marks: [null] },
      { kind: 'group-sync-summary', groupId, heads: [first], marks: { length: 0 } },
      { kind: 'group-sync-request', groupId, opIds: [second, first] },
      { kind: 'group-items', groupId, more: false, items: [] },
      { kind: 'group-items', groupId, more: 1, items: [] },
      { kind: 'group-items', groupId, more: false, items: [{ type: 'file' }] },
      { kind: 'group-items', groupId, more: false, items: [{ type: 'op', op: {} }] },
      { kind: 'group-nope', groupId },
      {},
      null,
    ];
    for (const message of badMessages)
      expect(() => encodeGroupWire(message as GroupWireMessage), JSON.stringify(message)?.slice(0, 80)).toThrow(
        errorNamed('InvalidArgumentError'),
      );
  });
});

function arbitraryWireMessage(): fc.Arbitrary<GroupWireMessage> {
  const bytes = (length: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: length, maxLength: length });
  const sortedIds = (min: number, max: number): fc.Arbitrary<Uint8Array[]> =>
    fc
      .uniqueArray(bytes(32), { minLength: min, maxLength: max, selector: hex })
      .map((ids) => ids.sort((a, b) => Buffer.compare(a, b)));
  const name = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }).filter((s) => !/\p{Cc}/u.test(s));
  const groupId = bytes(32);
  const inviteId = bytes(16);
  const op = fc.constantFrom(...vectors.ops.map((v) => decodeGroupOp(unhex(v.hex))));
  const message = fc.constantFrom(...vectors.messages.map((v) => decodeGroupMessage(unhex(v.hex))));
  return fc.oneof(
    fc.record({
      kind: fc.constant('group-invite' as const),
      groupId,
      inviteId,
      groupName: name,
      memberCount: fc.integer({ min: 1, max: 256 }),
    }),
    fc.record({
      kind: fc.constant('group-invite-accept' as const),
      groupId,
      inviteId,
      displayName: fc.oneof(fc.constant(''), name),
    }),
    fc.record({ kind: fc.constant('group-invite-decline' as const), groupId, inviteId }),
    fc.record({
      kind: fc.constant('group-sync-summary' as const),
      groupId,
      heads: sortedIds(1, 5),
      marks: fc
        .uniqueArray(
          fc.record({ epoch: bytes(32), sender: bytes(32), seq: fc.integer({ min: 1, max: 0xffff_ffff }) }),
          { maxLength: 5, selector: (m) => hex(m.epoch) + hex(m.sender) },
        )
        .map((marks) =>
          marks.sort((a, b) => Buffer.compare(Buffer.concat([a.epoch, a.sender]), Buffer.concat([b.epoch, b.sender]))),
        ),
    }),
    fc.record({ kind: fc.constant('group-sync-request' as const), groupId, opIds: sortedIds(1, 5) }),
    fc.record({
      kind: fc.constant('group-items' as const),
      groupId,
      more: fc.boolean(),
      items: fc.array(
        fc.oneof(
          op.map((o) => ({ type: 'op' as const, op: o })),
          message.map((m) => ({ type: 'message' as const, message: m })),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  );
}
