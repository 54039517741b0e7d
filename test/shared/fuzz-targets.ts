/**
 * One fuzz target per decoder of peer bytes (docs/ARCHITECTURE.md "Conventions": strict
 * decoders, typed errors). Each target feeds arbitrary bytes to its decoder and says which
 * throws the decoder is documented to make; any other throw is a finding. Used by the corpus
 * test (test/unit/fuzz/corpus.test.ts) and by `npm run bench -- fuzz`, which drives Jazzer.js
 * over them. Where a decoder needs more than bytes (a kind, a chunking, a padded size), the
 * first input byte chooses it, so the fuzzer can reach every branch.
 */
import { BurrowFailure } from '../../src/errors.js';
import { chachaPolySeal } from '../../src/crypto/chacha20-poly1305.js';
import { DecodeError } from '../../src/protocol/bytes.js';
import { counterNonce } from '../../src/protocol/counter-nonce.js';
import { decodeMessage } from '../../src/protocol/envelope/index.js';
import { decodeFileMessageBody, decodeManifestRecord, FILE_MESSAGE_KINDS } from '../../src/protocol/files/index.js';
import type { FileMessageKind } from '../../src/protocol/files/index.js';
import { FrameDecoder } from '../../src/protocol/frame/frame-decoder.js';
import { FrameError } from '../../src/protocol/frame/frame-errors.js';
import { FRAME_PADDED_SIZES } from '../../src/protocol/frame/frame-limits.js';
import {
  decodeGroupContent,
  decodeGroupMessage,
  decodeGroupOp,
  decodeGroupWire,
} from '../../src/protocol/groups/index.js';
import { HandshakeError } from '../../src/protocol/handshake/handshake-errors.js';
import { HandshakeMessageQueue } from '../../src/protocol/handshake/handshake-message-queue.js';
import {
  decodeHandshakeMessage1,
  decodeHandshakeMessage2,
  decodeHandshakeMessage3,
} from '../../src/protocol/handshake/handshake-messages.js';
import {
  decodeEnvelope,
  decodeInnerPadded,
  decodeRelayMessage,
  SEALED_PADDED_SIZES,
} from '../../src/protocol/relay/index.js';
import { parseBootstrapStatus } from '../../src/transport/tor/bootstrap.js';
import { parseProtocolInfo, parseAuthChallenge } from '../../src/transport/tor/control/auth.js';
import { TorControlProtocolError } from '../../src/transport/tor/control/errors.js';
import { parseGetConfReply, parseGetInfoReply } from '../../src/transport/tor/control/info.js';
import { parseAddOnionReply } from '../../src/transport/tor/control/onion.js';
import { ControlReplyParser } from '../../src/transport/tor/control/parser.js';
import { parseReplyArguments, readQuotedString } from '../../src/transport/tor/control/quoting.js';
import type { ControlReply } from '../../src/transport/tor/control/reply.js';
import { dialFailureReason, socks5ReplyCode } from '../../src/transport/tor/socks-reply.js';

export interface FuzzTarget {
  readonly name: string;
  /** The decoders it reaches. */
  readonly decoders: string;
  /** Runs the decoders over `data`; returns or throws. */
  readonly run: (data: Uint8Array) => void;
  /** Whether a throw is one the decoders are documented to make. */
  readonly isTyped: (error: unknown) => boolean;
}

const isDecodeError = (error: unknown): boolean => error instanceof DecodeError;
const FRAME_KEY = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);

/** Splits `data` into chunks of `1 + selector` bytes (0 = one chunk), as a socket might. */
function chunked(data: Uint8Array, selector: number): Uint8Array[] {
  if (selector === 0) return [data];
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += selector) chunks.push(data.subarray(i, i + selector));
  return chunks;
}

/** `data` zero-padded to the smallest of `sizes` that holds it (as is when none does). */
function padTo(data: Uint8Array, sizes: readonly number[]): Uint8Array {
  const size = sizes.find((candidate) => candidate >= data.length);
  if (size === undefined || size === data.length) return data;
  const padded = new Uint8Array(size);
  padded.set(data);
  return padded;
}

/**
 * Selector byte even: `rest` is the raw stream, chunked. Odd: `rest` is the plaintext of one
 * frame (zero-padded to a frame size), sealed under the session key so it reaches the
 * unpadding that runs only after the frame authenticated.
 */
function runFrame(data: Uint8Array): void {
  const selector = data[0] ?? 0;
  const rest = data.subarray(1);
  const decoder = new FrameDecoder(FRAME_KEY);
  if (selector % 2 === 0) {
    for (const chunk of chunked(rest, selector >> 1)) decoder.push(chunk);
    decoder.finish();
    return;
  }
  const plaintext = padTo(rest, FRAME_PADDED_SIZES);
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, plaintext.length + 16);
  decoder.push(prefix);
  decoder.push(chachaPolySeal(FRAME_KEY, counterNonce(0n), plaintext, prefix));
  decoder.finish();
}

/** Selector % 4: message 1, 2 or 3, or the u16-length-prefixed stream of messages. */
function runHandshake(data: Uint8Array): void {
  const selector = data[0] ?? 0;
  const rest = data.subarray(1);
  switch (selector % 4) {
    case 0:
      decodeHandshakeMessage1(rest);
      return;
    case 1:
      decodeHandshakeMessage2(rest);
      return;
    case 2:
      decodeHandshakeMessage3(rest);
      return;
    default: {
      const queue = new HandshakeMessageQueue();
      for (const chunk of chunked(rest, selector >> 2)) {
        queue.push(chunk);
        while (queue.next(1) !== undefined);
      }
      queue.takeRest();
    }
  }
}

const FILE_KINDS = Object.keys(FILE_MESSAGE_KINDS) as FileMessageKind[];

/** Selector % kinds: which file message the body is read as (the envelope gives the kind). */
function runFileMessage(data: Uint8Array): void {
  const kind = FILE_KINDS[(data[0] ?? 0) % FILE_KINDS.length]!;
  decodeFileMessageBody(kind, data.subarray(1));
}

const GETINFO_KEYS = ['version', 'net/listeners/socks', 'status/bootstrap-phase'];

/** Every parser of a complete reply, each over the reply the stream parser assembled. */
function parseReply(reply: ControlReply): void {
  const attempts: (() => unknown)[] = [
    () => parseAddOnionReply(reply),
    () => parseGetInfoReply(reply, GETINFO_KEYS),
    () => parseGetConfReply(reply),
    () => parseProtocolInfo(reply),
    () => parseAuthChallenge(reply),
  ];
  for (const line of reply.lines) {
    attempts.push(() => parseReplyArguments(line.text));
    attempts.push(() => readQuotedString(line.text));
    attempts.push(() => parseBootstrapStatus(line.text));
  }
  // Each parser is tried even when another refused the reply: a typed refusal is expected.
  let untyped: unknown;
  for (const attempt of attempts) {
    try {
      attempt();
    } catch (error) {
      if (!isTorControlError(error)) untyped ??= error;
    }
  }
  if (untyped !== undefined) throw untyped instanceof Error ? untyped : new Error(describeThrow(untyped));
}

function isTorControlError(error: unknown): boolean {
  return error instanceof TorControlProtocolError;
}

/** Selector: chunking of the stream; then every parser over each reply and event. */
function runTorControl(data: Uint8Array): void {
  const parser = new ControlReplyParser();
  for (const chunk of chunked(data.subarray(1), data[0] ?? 0)) {
    for (const message of parser.push(chunk)) parseReply(message.type === 'reply' ? message.reply : message.event);
  }
}

function runSocksReply(data: Uint8Array): void {
  const code = socks5ReplyCode(data);
  if (code !== undefined && code !== 0) dialFailureReason(code);
}

export const FUZZ_TARGETS: readonly FuzzTarget[] = Object.freeze([
  {
    name: 'frame',
    decoders: 'FrameDecoder (stream, unpadding)',
    run: runFrame,
    isTyped: (e) => e instanceof FrameError,
  },
  {
    name: 'handshake',
    decoders: 'decodeHandshakeMessage1/2/3, HandshakeMessageQueue',
    run: runHandshake,
    isTyped: (e) => e instanceof HandshakeError,
  },
  {
    name: 'envelope',
    decoders: 'decodeMessage (every session message kind)',
    run: decodeMessage,
    isTyped: isDecodeError,
  },
  { name: 'group-op', decoders: 'decodeGroupOp', run: decodeGroupOp, isTyped: isDecodeError },
  { name: 'group-message', decoders: 'decodeGroupMessage', run: decodeGroupMessage, isTyped: isDecodeError },
  { name: 'group-content', decoders: 'decodeGroupContent', run: decodeGroupContent, isTyped: isDecodeError },
  { name: 'group-wire', decoders: 'decodeGroupWire', run: decodeGroupWire, isTyped: isDecodeError },
  { name: 'relay-envelope', decoders: 'decodeEnvelope', run: decodeEnvelope, isTyped: isDecodeError },
  { name: 'relay-message', decoders: 'decodeRelayMessage', run: decodeRelayMessage, isTyped: isDecodeError },
  {
    name: 'relay-inner',
    decoders: 'decodeInnerPadded (input zero-padded to a sealed size)',
    run: (data) => decodeInnerPadded(padTo(data, SEALED_PADDED_SIZES)),
    isTyped: isDecodeError,
  },
  { name: 'file-message', decoders: 'decodeFileMessageBody (all kinds)', run: runFileMessage, isTyped: isDecodeError },
  { name: 'manifest-record', decoders: 'decodeManifestRecord', run: decodeManifestRecord, isTyped: isDecodeError },
  {
    name: 'tor-control',
    decoders: 'ControlReplyParser, parse{AddOnion,GetInfo,GetConf}Reply, parseProtocolInfo, parseAuthChallenge, …',
    run: runTorControl,
    isTyped: isTorControlError,
  },
  { name: 'socks-reply', decoders: 'socks5ReplyCode, dialFailureReason', run: runSocksReply, isTyped: () => false },
] satisfies FuzzTarget[]);

/** Runs `target` over `data`: undefined, or the throw it was not documented to make. */
export function untypedThrow(target: FuzzTarget, data: Uint8Array): { error: unknown } | undefined {
  try {
    target.run(data);
    return undefined;
  } catch (error) {
    return target.isTyped(error) ? undefined : { error };
  }
}

/** A short description of a thrown value. */
export function describeThrow(error: unknown): string {
  if (error instanceof BurrowFailure || error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
