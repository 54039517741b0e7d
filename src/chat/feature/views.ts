/**
 * Message rows → the plain JSON shape of the node API (api.ts). Where a sealed copy stands
 * (`relay`) is added by the relay (ports.ts `OfflineDelivery.decorate`).
 */
import { formatMessageId } from '../../protocol/chat/message-id.js';
import type { StoredMessage } from '../store/messages-repository.js';
import type { MessageView } from './api.js';

/** The API's view of a message. */
export function toMessageView(message: StoredMessage): MessageView {
  return {
    id: formatMessageId(message.id),
    conversation: message.conversation,
    direction: message.direction,
    text: message.body,
    createdAt: message.createdAt,
    state: message.state,
  };
}
