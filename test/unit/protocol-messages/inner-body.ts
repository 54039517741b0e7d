/** Round-trips a relayed chat message through the relay's inner body codec. */
import { encodeInnerBody, readInnerBody, type RelayedChatMessage } from '../../../src/protocol/relay/inner-codec.js';

export function decodeInnerBodyForTest(message: RelayedChatMessage): RelayedChatMessage | undefined {
  const content = readInnerBody('chat-message', encodeInnerBody({ kind: 'chat-message', message }));
  return content.kind === 'chat-message' ? content.message : undefined;
}
