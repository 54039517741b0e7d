/**
 * Human-readable output of the relay for `burrow ctl` (the `--json` forms print the API's
 * shapes): `relay status`, `relay limits`, and the mark `history` puts on a message sealed for an
 * offline friend.
 */
import type { MessageRelayView, RelayLimitsView, RelayStatusView } from '../feature/api.js';
import type { MessageView } from '../../node/api.js';
import { terminalSafe } from '../../text/terminal-safe.js';
import { formatBytes } from '../../text/transfer-format.js';

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** Where a sealed message stands, in words. */
export function describeRelay(relay: MessageRelayView): string {
  switch (relay.state) {
    case 'waiting':
      return 'sealed, waiting for a friend to carry it';
    case 'held':
      return `held by ${plural(relay.holders, 'friend')}`;
    case 'delivered':
      return 'delivered through friends';
    case 'dropped':
      return `no friend holds it any more (${relay.reason ?? 'dropped'})`;
  }
}

/** The mark `history` adds to a message, or '' (only undelivered messages sealed for an offline friend have one). */
export function relayMark(message: MessageView): string {
  if (message.relay === undefined || message.direction !== 'out') return '';
  if ((message.state === 'delivered' || message.state === 'read') && message.relay.state !== 'delivered') return '';
  return `  [${describeRelay(message.relay)}]`;
}

/** The limits, two lines. */
export function formatRelayLimits(limits: RelayLimitsView): string {
  return [
    `per friend  ${plural(limits.maxEnvelopesPerFriend, 'envelope')}, ${formatBytes(limits.maxBytesPerFriend)}`,
    `in all      ${plural(limits.maxHeldEnvelopes, 'envelope')}, ${formatBytes(limits.maxHeldBytes)} (largest ${formatBytes(limits.maxEnvelopeBytes)}, kept ${Math.round(limits.maxLifetimeS / 86_400)} days at most)`,
  ].join('\n');
}

/** `relay status`. */
export function formatRelayStatus(status: RelayStatusView): string {
  const lines = [
    `holding     ${plural(status.held.envelopes, 'sealed message')} (${formatBytes(status.held.bytes)}) for friends' offline contacts`,
    formatRelayLimits(status.limits),
    `grace       messages to a friend offline for ${Math.round(status.graceMs / 1000)} s are sealed and handed to friends`,
  ];
  for (const friend of status.perFriend)
    lines.push(
      `  from ${terminalSafe(friend.onion)}  ${plural(friend.envelopes, 'envelope')}, ${formatBytes(friend.bytes)}`,
    );
  if (status.outgoing.length > 0) {
    lines.push(`yours       ${plural(status.outgoing.length, 'message')} sealed for offline friends`);
    for (const entry of status.outgoing)
      lines.push(
        `  to ${terminalSafe(entry.recipient)}  ${terminalSafe(entry.message).slice(0, 8)}  ${describeRelay(entry.relay)}`,
      );
  }
  return lines.join('\n');
}
