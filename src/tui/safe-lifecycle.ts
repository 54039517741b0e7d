/** The node API's `lifecycle` with every message it returns made terminal-safe (safe-node.ts). */
import type { ChatLifecycleApi, MessageView } from '../chat/feature/api.js';

export function safeLifecycleApi(
  api: ChatLifecycleApi,
  safeMessage: (message: MessageView) => MessageView,
): ChatLifecycleApi {
  return {
    edit: async (onion, id, text) => safeMessage(await api.edit(onion, id, text)),
    delete: (onion, id, options) => api.delete(onion, id, options),
    react: async (onion, id, emoji) => safeMessage(await api.react(onion, id, emoji)),
    setTimer: async (onion, seconds) => safeMessage(await api.setTimer(onion, seconds)),
    timer: (onion) => api.timer(onion),
  };
}
