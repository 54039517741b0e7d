/**
 * How an API command runs: its synchronous body now (the store is synchronous), its result or
 * typed error as a promise, and after the node stopped a 'NodeStoppedError' ({@link nodeStopped}) instead.
 * Shared by the host and every feature so each command behaves alike.
 */
import { nodeInvariantBroken, nodeStopped } from './errors.js';

/** Runs `body` unless `stopped` (the node's stop signal) is aborted. */
export function runCommand<T>(stopped: AbortSignal, body: () => T): Promise<T> {
  try {
    if (stopped.aborted) throw nodeStopped();
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(
      error instanceof Error ? error : nodeInvariantBroken(`a command threw a non-error: ${String(error)}`),
    );
  }
}
