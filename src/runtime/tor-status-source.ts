/**
 * Adapts a {@link TorProcess}'s bootstrap events to the node's {@link TorStatusSource}.
 */
import type { TorStatus } from '../node/api.js';
import type { TorStatusSource } from '../node/tor-status.js';
import type { BootstrapStatus } from '../transport/tor/bootstrap.js';
import type { TorProcess } from '../transport/tor/tor-process.js';

function toTorStatus(bootstrap: BootstrapStatus): TorStatus {
  return { bootstrap: bootstrap.progress, summary: bootstrap.summary, ready: bootstrap.progress >= 100 };
}

/** The node's view of `tor`: progress 0–100 and ready once tor has bootstrapped. */
export function torStatusSource(tor: TorProcess): TorStatusSource {
  return {
    current: () => toTorStatus(tor.bootstrap),
    subscribe: (listener) => tor.on('bootstrap', (bootstrap) => listener(toTorStatus(bootstrap))),
  };
}
