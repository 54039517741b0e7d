/** A stored message row → what travels for it (protocol/chat/chat-action.ts), direct or relayed. */
import type { ChatAction } from '../../protocol/chat/chat-action.js';
import type { StoredMessage } from '../store/messages-repository.js';

/** The action a stored row carries on the wire, if any. */
export function wireActionOf(message: StoredMessage): ChatAction | undefined {
  if (message.action === 'timer') return { kind: 'timer', seconds: message.timerSeconds ?? 0 };
  if (message.action === undefined || message.target === undefined) return undefined;
  return { kind: message.action, target: message.target };
}
