/**
 * Human-readable output of `burrow ctl status` and `health` (the `--json` form prints the node API's shape
 * as it is; each service formats its own commands in <service>/ctl/format.ts). Our display
 * name goes through terminalSafe like every name.
 */
import { formatBytes } from '../text/transfer-format.js';
import type { ProcessHealth } from '../daemon/process-health.js';
import type { NodeStatus } from '../node/api.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { formatVisibility } from './visibility-command.js';

export function formatStatus(status: NodeStatus): string {
  const tor = status.tor.ready ? 'ready' : `bootstrapping ${status.tor.bootstrap}% (${status.tor.summary})`;
  return [
    `address   ${status.onion}.onion, ${formatVisibility(status.visibility)}`,
    `name      ${terminalSafe(status.displayName)}`,
    `tor       ${tor}`,
    `friends   ${status.friends} (${status.online} online)`,
    `requests  ${status.pendingRequests} waiting`,
  ].join('\n');
}

/** `burrow ctl health`: one line per figure. */
export function formatHealth(health: ProcessHealth): string {
  const delay = health.eventLoopDelayMs;
  return [
    `memory       ${formatBytes(health.rssBytes)} resident, ${formatBytes(health.heapUsedBytes)} heap`,
    `open files   ${health.openFileDescriptors ?? 'unknown'}`,
    `event loop   ${delay === undefined ? 'not measured yet' : `delay p50 ${delay.p50} ms, p99 ${delay.p99} ms, max ${delay.max} ms`}`,
    `uptime       ${health.uptimeSeconds} s`,
  ].join('\n');
}
