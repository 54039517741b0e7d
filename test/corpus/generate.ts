/**
 * Writes the seed corpus of every fuzz target (test/shared/fuzz-targets.ts) under
 * test/corpus/<target>/seed-<n>.bin: valid encodings made by the encoders (most taken from the
 * byte vectors in test/vectors/, which the encoders produced and the codec tests re-check), each
 * prefixed by the selector byte its target reads first where it has one. Inputs a fuzzer found
 * are kept beside them as crash-<sha256 prefix>.bin. Run by hand: `npx tsx test/corpus/generate.ts`.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeMessage, type WireMessage } from '../../src/protocol/envelope/index.js';
import { decodeFileMessageBody, FILE_MESSAGE_KINDS, type FileMessageKind } from '../../src/protocol/files/index.js';
import { padFrameBody } from '../../src/protocol/frame/frame-padding.js';
import {
  decodeGroupMessage,
  decodeGroupOp,
  decodeGroupWire,
  encodeGroupContent,
} from '../../src/protocol/groups/index.js';
import {
  decodeRelayMessage,
  encodeInnerBody,
  encodeInnerPadded,
  encodeInnerAuthenticated,
  type InnerContent,
} from '../../src/protocol/relay/index.js';
import filesVectors from '../vectors/files-messages.json' with { type: 'json' };
import framesVectors from '../vectors/frames.json' with { type: 'json' };
import groupsVectors from '../vectors/groups.json' with { type: 'json' };
import handshakeVectors from '../vectors/handshake.json' with { type: 'json' };
import relayVectors from '../vectors/relay.json' with { type: 'json' };

const here = dirname(fileURLToPath(import.meta.url));
const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const withSelector = (selector: number, bytes: Uint8Array): Uint8Array => Uint8Array.from([selector, ...bytes]);
const id = (byte: number): Uint8Array => new Uint8Array(16).fill(byte);

const FILE_KINDS = Object.keys(FILE_MESSAGE_KINDS) as FileMessageKind[];
const fileMessages = Object.values(filesVectors.messages).map((entry) => ({
  kind: entry.kind as FileMessageKind,
  body: hex(entry.hex),
}));

function envelopeSeeds(): Uint8Array[] {
  const plain: WireMessage[] = [
    { kind: 'chat-message', id: id(1), createdAt: 1_700_000_000_000, text: 'hello 🌅' },
    { kind: 'contact-request', id: id(2), displayName: 'Ada', text: 'hi, it is Ada' },
    { kind: 'contact-accept', id: id(3), displayName: 'Bob' },
    { kind: 'ack', id: id(4), ids: [id(1), id(2)] },
    { kind: 'read-receipt', id: id(5), ids: [id(1)] },
    { kind: 'ping', id: id(6) },
    { kind: 'pong', id: id(7), pingId: id(6) },
  ];
  const services: WireMessage[] = [
    ...groupsVectors.wire.map((entry): WireMessage => ({
      kind: 'group',
      id: id(8),
      message: decodeGroupWire(hex(entry.hex)),
    })),
    ...fileMessages.map(({ kind, body }): WireMessage => ({
      kind: 'file',
      id: id(9),
      message: decodeFileMessageBody(kind, body),
    })),
    ...[relayVectors.relayEnvelopeMessage, relayVectors.receipt.relayReceiptMessage].map((wire): WireMessage => ({
      kind: 'relay',
      id: id(10),
      message: decodeRelayMessage(hex(wire)),
    })),
  ];
  return [...plain, ...services].map(encodeMessage);
}

function torControlSeeds(): Uint8Array[] {
  const replies = [
    '250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/var/lib/tor/control_auth_cookie"\r\n250-VERSION Tor="0.4.9.11"\r\n250 OK\r\n',
    `250 AUTHCHALLENGE SERVERHASH=${'ab'.repeat(32)} SERVERNONCE=${'cd'.repeat(32)}\r\n`,
    '250-ServiceID=fgwlvykbxtfpbmrodkkngtily43b4utnbp7bfsexss6jgiuwnxluewad\r\n250 OK\r\n',
    '250-version=0.4.9.11\r\n250-net/listeners/socks="127.0.0.1:9050"\r\n250+status/bootstrap-phase=\r\nNOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"\r\n..dot\r\n.\r\n250 OK\r\n',
    '250-SocksPort=9050\r\n250 ControlPort\r\n',
    '650 STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=5 TAG=conn SUMMARY="Connecting to a relay"\r\n',
    '650-HS_DESC UPLOADED x\r\n650 OK\r\n552 Unrecognized key "foo"\r\n',
  ];
  return replies.map((text, i) => withSelector(i % 3 === 0 ? 0 : 7 * i, ascii(text)));
}

const corpus: Record<string, Uint8Array[]> = {
  frame: [
    ...framesVectors.roundTrip.map((entry) => withSelector(0, hex(entry.wire))),
    ...framesVectors.decodeErrors.map((entry) => withSelector(6, hex(entry.wire))),
    withSelector(1, padFrameBody(encodeMessage({ kind: 'ping', id: id(6) }))),
    withSelector(3, padFrameBody(new Uint8Array(300).fill(7))),
  ],
  handshake: [
    ...handshakeVectors.messages.map((entry, i) => withSelector(i, hex(entry).subarray(2))),
    withSelector(3, Uint8Array.from(handshakeVectors.messages.flatMap((entry) => [...hex(entry)]))),
    ...handshakeVectors.decodeErrors.map((entry) => withSelector(entry.message - 1, hex(entry.hex))),
  ],
  envelope: envelopeSeeds(),
  'group-op': groupsVectors.ops.map((entry) => hex(entry.hex)),
  'group-message': groupsVectors.messages.map((entry) => hex(entry.hex)),
  'group-content': [
    encodeGroupContent({ type: 'text', text: 'hello, group' }),
    encodeGroupContent({ type: 'text', text: 'é' }),
  ],
  'group-wire': groupsVectors.wire.map((entry) => hex(entry.hex)),
  'relay-envelope': [hex(relayVectors.envelope.wire)],
  'relay-message': [hex(relayVectors.relayEnvelopeMessage), hex(relayVectors.receipt.relayReceiptMessage)],
  'relay-inner': relayInnerSeeds(),
  'file-message': fileMessages.map(({ kind, body }) => withSelector(FILE_KINDS.indexOf(kind), body)),
  'manifest-record': [hex(filesVectors.manifest.record)],
  'tor-control': torControlSeeds(),
  'socks-reply': [
    Uint8Array.of(5, 0, 5, 0, 0, 1, 127, 0, 0, 1, 0, 80),
    Uint8Array.of(5, 2, 1, 0, 5, 0xf0, 0, 1, 0, 0, 0, 0, 0, 0),
    Uint8Array.of(5, 0, 5, 0xf6),
  ],
};

/** Inner payloads of each kind as the relay seal writes them (the MAC is not checked when decoding). */
function relayInnerSeeds(): Uint8Array[] {
  const contents: InnerContent[] = [
    { kind: 'chat-message', message: { id: id(11), text: 'see you at the lake' } },
    { kind: 'group-message', message: decodeGroupMessage(hex(groupsVectors.messages[0]!.hex)) },
    { kind: 'group-op', op: decodeGroupOp(hex(groupsVectors.ops[0]!.hex)) },
  ];
  return contents.map((content) => {
    const fields = { sender: new Uint8Array(32).fill(0x22), kind: content.kind, createdAt: 1_700_000_000_000 };
    const authenticated = encodeInnerAuthenticated({ ...fields, body: encodeInnerBody(content) });
    return encodeInnerPadded(authenticated, new Uint8Array(32).fill(0x33));
  });
}

for (const [target, seeds] of Object.entries(corpus)) {
  const dir = join(here, target);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) if (file.startsWith('seed-')) rmSync(join(dir, file));
  seeds.forEach((seed, i) => writeFileSync(join(dir, `seed-${i}.bin`), seed));
}
console.log(`wrote ${Object.values(corpus).flat().length} seeds for ${Object.keys(corpus).length} targets`);
