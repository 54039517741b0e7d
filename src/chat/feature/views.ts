/**
 * Message rows → the plain JSON shape of the node API (api.ts). Where a sealed copy stands
 * (`relay`) is added by the relay (ports.ts `OfflineDelivery.decorate`).
 */
import { formatMessageId } from '../../protocol/chat/message-id.js';
import type { StoredMessage } from '../store/messages-repository.js';
import type { StoredReaction } from '../store/lifecycle-repository.js';
import type { MessageView, ReactionView } from './api.js';

/** The API's view of a message, with its reactions. */
export function toMessageView(message: StoredMessage, reactions: readonly StoredReaction[] = []): MessageView {
  return {
    id: formatMessageId(message.id),
    conversation: message.conversation,
    direction: message.direction,
    text: message.body,
    createdAt: message.createdAt,
    state: message.state,
    edited: message.editedAt !== undefined,
    deleted: message.deleted !== 0,
    ...(message.action === 'reply' && message.target !== undefined ? { replyTo: formatMessageId(message.target) } : {}),
    reactions: countReactions(reactions),
    ...(message.expiresAt === undefined ? {} : { expiresAt: message.expiresAt }),
    ...(message.action === 'timer' ? { timer: message.timerSeconds ?? 0 } : {}),
  };
}

function countReactions(reactions: readonly StoredReaction[]): ReactionView[] {
  const byEmoji = new Map<string, { count: number; mine: boolean }>();
  for (const reaction of reactions) {
    const entry = byEmoji.get(reaction.emoji) ?? { count: 0, mine: false };
    byEmoji.set(reaction.emoji, { count: entry.count + 1, mine: entry.mine || reaction.fromMe });
  }
  return [...byEmoji].map(([emoji, { count, mine }]) => ({ emoji, count, mine }));
}
