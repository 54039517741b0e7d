/**
 * The relay API made terminal-safe (safe-node.ts explains why): every string in what it
 * returns passes through terminalSafe. Onion addresses and ids come from our own node, but a
 * daemon in between is another process, and the rule is simpler without exceptions.
 */
import type { RelayApi, RelayStatusView } from '../relay/feature/api.js';
import { terminalSafe } from '../text/terminal-safe.js';

/** A relay status with its addresses and ids made terminal-safe. */
export function safeRelayStatus(status: RelayStatusView): RelayStatusView {
  return {
    ...status,
    perFriend: status.perFriend.map((friend) => ({ ...friend, onion: terminalSafe(friend.onion) })),
    outgoing: status.outgoing.map((entry) => ({
      ...entry,
      envelopeId: terminalSafe(entry.envelopeId),
      message: terminalSafe(entry.message),
      recipient: terminalSafe(entry.recipient),
    })),
  };
}

/** `api` with its status made terminal-safe. */
export function safeRelayApi(api: RelayApi): RelayApi {
  return {
    status: async () => safeRelayStatus(await api.status()),
    setLimits: (change) => api.setLimits(change),
  };
}
