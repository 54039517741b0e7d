/**
 * Human-readable output of `burrow ctl status` (the `--json` form prints the node API's shape
 * as it is; each service formats its own commands in <service>/ctl/format.ts). Our display
 * name goes through terminalSafe like every name.
 */
import type { NodeStatus } from '../node/api.js';
import { terminalSafe } from '../text/terminal-safe.js';

export function formatStatus(status: NodeStatus): string {
  const tor = status.tor.ready ? 'ready' : `bootstrapping ${status.tor.bootstrap}% (${status.tor.summary})`;
  return [
    `address   ${status.onion}.onion`,
    `name      ${terminalSafe(status.displayName)}`,
    `tor       ${tor}`,
    `friends   ${status.friends} (${status.online} online)`,
    `requests  ${status.pendingRequests} waiting`,
  ].join('\n');
}
