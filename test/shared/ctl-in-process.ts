/**
 * `burrow ctl` run in this process, as a user types it, against a node served on its profile's
 * daemon socket as `burrow daemon` serves it: the exit status and what it printed.
 */
import { expect } from 'vitest';
import { runCtlCommand } from '../../src/cli/ctl.js';
import { serveNodeApi, type DaemonServer } from '../../src/daemon/server.js';
import { daemonSocketPath } from '../../src/daemon/socket-path.js';
import type { NodeApi } from '../../src/node/api.js';
import { printedBy } from './console-capture.js';

const served: DaemonServer[] = [];

/** Serves `profile.node` on the daemon socket of `profile.dir`, until {@link closeDaemons}. */
export async function serveDaemon(profile: { readonly node: NodeApi; readonly dir: string }): Promise<void> {
  served.push(await serveNodeApi(profile.node, daemonSocketPath(profile.dir)));
}

/** Closes every socket {@link serveDaemon} opened (call from afterEach, before the nodes stop). */
export async function closeDaemons(): Promise<void> {
  await Promise.allSettled(served.splice(0).map((server) => server.close()));
}

/** Runs `burrow ctl <args> --profile <dir>`; returns the exit status and what it printed. */
export async function ctl(
  profile: { readonly dir: string },
  ...args: string[]
): Promise<{ status: number; out: string }> {
  const { result: status, out } = await printedBy(() => runCtlCommand([...args, '--profile', profile.dir]));
  return { status, out };
}

/** Runs `burrow ctl <args> --json`, expects status 0, and parses what it printed. */
export async function ctlJson<T>(profile: { readonly dir: string }, ...args: string[]): Promise<T> {
  const { status, out } = await ctl(profile, ...args, '--json');
  expect(status).toBe(0);
  return JSON.parse(out) as T;
}
