/**
 * Control-port sessions with the network's own tors (cookie authentication, control-spec §3.5).
 */
import { TorControlClient } from '../transport/tor/control/index.js';
import { LOOPBACK } from './torrc.js';

/** Time limit for connecting to one tor's control port. */
export const CONTROL_CONNECT_TIMEOUT_MS = 5_000;
/** Default time limit of each command (authentication included): the network's tors are local and answer in milliseconds. */
export const CONTROL_COMMAND_TIMEOUT_MS = 10_000;

/**
 * Opens an authenticated control session with the tor listening on 127.0.0.1:`port`; the
 * caller closes it. `commandTimeoutMs` bounds each command, authentication included.
 */
export async function openControl(
  port: number,
  cookieFile: string,
  signal?: AbortSignal,
  commandTimeoutMs = CONTROL_COMMAND_TIMEOUT_MS,
): Promise<TorControlClient> {
  const options = { host: LOOPBACK, port, timeoutMs: CONTROL_CONNECT_TIMEOUT_MS, commandTimeoutMs };
  const client = await TorControlClient.connect(signal === undefined ? options : { ...options, signal });
  try {
    await client.authenticate(signal === undefined ? { cookieFile } : { cookieFile, signal });
    return client;
  } catch (error) {
    await closeQuietly(client);
    throw error;
  }
}

/** Closes a control session, ignoring errors: used in `finally` blocks, where the first error is the one to report. */
export async function closeQuietly(client: TorControlClient): Promise<void> {
  try {
    await client.close();
  } catch {
    // already closed or the tor is gone: nothing left to release
  }
}
