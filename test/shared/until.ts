/** Waiting for a condition in tests and benchmarks (no vitest here). */

/**
 * Polls `condition` every `pollMs` until it holds; fails after `timeoutMs` naming `what` (a
 * guard against hangs, not a timing assertion).
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
  pollMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
