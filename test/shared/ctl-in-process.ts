/**
 * `burrow ctl` run in this process, as a user types it, against the daemon socket of a profile
 * (served in the test with serveNodeApi): the exit status and what it printed.
 */
import { expect } from 'vitest';
import { runCtlCommand } from '../../src/cli/ctl.js';
import { printedBy } from './console-capture.js';

/** Runs `burrow ctl <args> --profile <dir>`; returns the exit status and what it printed. */
export async function ctl(profile: { readonly dir: string }, ...args: string[]): Promise<{ status: number; out: string }> {
  const { result: status, out } = await printedBy(() => runCtlCommand([...args, '--profile', profile.dir]));
  return { status, out };
}

/** Runs `burrow ctl <args> --json`, expects status 0, and parses what it printed. */
export async function ctlJson<T>(profile: { readonly dir: string }, ...args: string[]): Promise<T> {
  const { status, out } = await ctl(profile, ...args, '--json');
  expect(status).toBe(0);
  return JSON.parse(out) as T;
}
