// Regenerates handshake.json and frames.json from fixed inputs:
//   npx tsx test/vectors/generate.ts
// Run it only when the wire format changes on purpose (and bump the protocol version then).
// The tests check that the code still produces these bytes; README.md says how the vectors
// were cross-checked.
import { writeFileSync } from 'node:fs';
import { chachaPolySeal } from '../../src/crypto/chacha20-poly1305.js';
import { identityFromSeed } from '../../src/crypto/identity.js';
import { counterNonce } from '../../src/protocol/counter-nonce.js';
import { FrameEncoder, frameLengthPrefix } from '../../src/protocol/frame/frame-encoder.js';
import { createInitiator } from '../../src/protocol/handshake/initiator.js';
import { createResponder } from '../../src/protocol/handshake/responder.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const counting = (start: number, length: number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);
const once = (bytes: Uint8Array) => () => bytes;

function handshakeVectors(): unknown {
  const inputs = {
    initiatorSeed: counting(0x00, 32),
    responderSeed: counting(0x20, 32),
    initiatorEphemeral: counting(0x40, 32),
    responderEphemeral: counting(0x60, 32),
  };
  const initiatorIdentity = identityFromSeed(inputs.initiatorSeed);
  const responderIdentity = identityFromSeed(inputs.responderSeed);
  const initiator = createInitiator({
    identity: initiatorIdentity,
    remote: responderIdentity.onionAddress,
    random: once(inputs.initiatorEphemeral),
  });
  const responder = createResponder({ identity: responderIdentity, random: once(inputs.responderEphemeral) });
  const message1 = initiator.start()!;
  const message2 = responder.receive(message1).send!;
  const finished = initiator.receive(message2);
  if (!finished.done || finished.send === undefined) throw new Error('initiator did not finish');
  const message3 = finished.send;
  const accepted = responder.receive(message3);
  if (!accepted.done) throw new Error('responder did not finish');
  const firstFrame = new FrameEncoder(finished.result.sendKey).encode(new TextEncoder().encode('hello'));
  return {
    description:
      'One Burrow session handshake (protocol version 1) with fixed identities and ephemeral keys. Messages include their u16 length prefix.',
    inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, hex(v)])),
    initiatorOnion: initiatorIdentity.onionAddress,
    responderOnion: responderIdentity.onionAddress,
    messages: [hex(message1), hex(message2), hex(message3)],
    sessionId: hex(finished.result.sessionId),
    initiatorToResponderKey: hex(finished.result.sendKey),
    responderToInitiatorKey: hex(finished.result.receiveKey),
    firstFrame: { from: 'initiator', counter: 0, body: 'hello', wire: hex(firstFrame) },
    bulk: bulkVector(inputs),
    decodeErrors: [
      {
        note: 'message 1 without the Burrow magic',
        message: 1,
        hex: '47455420' + '00'.repeat(50),
        error: 'HandshakeMalformedError',
      },
      {
        note: 'message 1 of protocol version 2',
        message: 1,
        hex: '42525748' + '0002' + '00'.repeat(48),
        error: 'HandshakeVersionError',
      },
      {
        note: 'message 1 one byte short',
        message: 1,
        hex: hex(message1.subarray(2, -1)),
        error: 'HandshakeMalformedError',
      },
      {
        note: 'message 1 with two trailing bytes (neither the main nor the bulk length)',
        message: 1,
        hex: hex(message1.subarray(2)) + '0000',
        error: 'HandshakeMalformedError',
      },
      {
        note: 'message 2 one byte short',
        message: 2,
        hex: hex(message2.subarray(2, -1)),
        error: 'HandshakeMalformedError',
      },
      {
        note: 'message 3 with a trailing byte',
        message: 3,
        hex: hex(message3.subarray(2)) + '00',
        error: 'HandshakeMalformedError',
      },
    ],
    streamErrors: [{ note: 'a length prefix over the 1024-byte limit', hex: '0401', error: 'HandshakeMalformedError' }],
  };
}

/** The same handshake opening a bulk session (docs/PROTOCOL.md "2a. Session purpose"): message 1 is one byte longer. */
function bulkVector(inputs: Record<string, Uint8Array>): unknown {
  const responderIdentity = identityFromSeed(inputs.responderSeed!);
  const initiator = createInitiator({
    identity: identityFromSeed(inputs.initiatorSeed!),
    remote: responderIdentity.onionAddress,
    purpose: 'bulk',
    random: once(inputs.initiatorEphemeral!),
  });
  const responder = createResponder({ identity: responderIdentity, random: once(inputs.responderEphemeral!) });
  const message1 = initiator.start()!;
  const message2 = responder.receive(message1).send!;
  const finished = initiator.receive(message2);
  if (!finished.done || finished.send === undefined) throw new Error('initiator did not finish');
  const accepted = responder.receive(finished.send);
  if (!accepted.done || accepted.result.purpose !== 'bulk') throw new Error('responder did not finish a bulk session');
  return {
    note: 'purpose bulk: the same inputs, message 1 carries the sealed purpose byte 0x01',
    messages: [hex(message1), hex(message2), hex(finished.send)],
    sessionId: hex(finished.result.sessionId),
  };
}

function rawFrame(key: Uint8Array, counter: bigint, padded: Uint8Array): Uint8Array {
  const prefix = frameLengthPrefix(padded.length + 16);
  return Uint8Array.from([...prefix, ...chachaPolySeal(key, counterNonce(counter), padded, prefix)]);
}

function padded(size: number, bodyLength: number, body: Uint8Array, extra?: { at: number; byte: number }): Uint8Array {
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, bodyLength);
  out.set(body, 4);
  if (extra !== undefined) out[extra.at] = extra.byte;
  return out;
}

function frameVectors(): unknown {
  const key = counting(0x80, 32);
  const bodies = [
    new Uint8Array(0),
    new TextEncoder().encode('hello'),
    counting(0, 252),
    counting(0, 253),
    counting(7, 1021),
  ];
  const encoder = new FrameEncoder(key);
  const roundTrip = bodies.map((body, index) => ({ counter: index, body: hex(body), wire: hex(encoder.encode(body)) }));
  const first = Buffer.from(roundTrip[0]!.wire, 'hex');
  const tampered = Uint8Array.from(first);
  tampered[tampered.length - 1]! ^= 0x01;
  const x = new TextEncoder().encode('x');
  return {
    description:
      'Session frames under a fixed key: u32 length ‖ ChaCha20-Poly1305(key, nonce = 0^32 ‖ LE64(counter), aad = length, u32 body length ‖ body ‖ zero padding).',
    key: hex(key),
    roundTrip,
    decodeErrors: [
      { note: 'length one over the maximum', counter: 0, wire: '00010011', error: 'FrameTooLargeError' },
      { note: 'length 2^32 - 1', counter: 0, wire: 'ffffffff', error: 'FrameTooLargeError' },
      { note: 'length not a padded size plus tag', counter: 0, wire: '00000100', error: 'FrameSizeError' },
      { note: 'length zero', counter: 0, wire: '00000000', error: 'FrameSizeError' },
      { note: 'last tag byte flipped', counter: 0, wire: hex(tampered), error: 'FrameDecryptError' },
      { note: 'frame 0 replayed where frame 1 is expected', counter: 1, wire: hex(first), error: 'FrameDecryptError' },
      {
        note: 'non-zero padding byte',
        counter: 0,
        wire: hex(rawFrame(key, 0n, padded(256, 1, x, { at: 255, byte: 1 }))),
        error: 'FramePaddingError',
      },
      {
        note: 'body length larger than the frame',
        counter: 0,
        wire: hex(rawFrame(key, 0n, padded(256, 300, x))),
        error: 'FramePaddingError',
      },
      {
        note: '1-byte body padded to 1 KiB instead of 256 B',
        counter: 0,
        wire: hex(rawFrame(key, 0n, padded(1024, 1, x))),
        error: 'FramePaddingError',
      },
    ],
  };
}

writeFileSync(new URL('./handshake.json', import.meta.url), JSON.stringify(handshakeVectors(), null, 2) + '\n');
writeFileSync(new URL('./frames.json', import.meta.url), JSON.stringify(frameVectors(), null, 2) + '\n');
