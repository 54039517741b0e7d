/**
 * Key generation for a whole network: every tor's relay keys, and the authorities' v3 keys,
 * in parallel (each tool run is ~0.3–1.5 s of CPU; RSA-3072 prime search dominates).
 */
import { AbortedError } from '../errors.js';
import { TestnetStartError } from './errors.js';
import { createAuthorityKeys, createRelayKeys } from './keys.js';
import { nodeNames, nodePaths } from './layout.js';
import type { KeyedNode } from './plan.js';
import type { Report } from './progress.js';

/** What {@link generateKeys} needs: the tools, an empty file for their torrc, and where to report. */
export interface KeygenContext {
  readonly tor: string;
  readonly gencert: string;
  readonly emptyFile: string;
  readonly signal: AbortSignal | undefined;
  readonly report: Report;
}

/** Creates the keys of `authorities` authorities and `relays` relays in `dir`; progress 0.02…0.30. */
export async function generateKeys(
  dir: string,
  authorities: number,
  relays: number,
  context: KeygenContext,
): Promise<KeyedNode[]> {
  const names = nodeNames(authorities, relays);
  const tasks = names.length + authorities;
  let done = 0;
  const step = (): void => {
    done += 1;
    context.report(`Generating keys (${done}/${tasks})`, 0.02 + (0.28 * done) / tasks);
  };
  context.report(`Generating keys for ${names.length} tors`, 0.02);
  return settleAll(
    context.signal,
    names.map(({ name, role }) => async (signal: AbortSignal): Promise<KeyedNode> => {
      const paths = nodePaths(dir, name);
      const fingerprint = await createRelayKeys(paths, name, {
        tor: context.tor,
        emptyFile: context.emptyFile,
        signal,
      });
      step();
      if (role === 'relay') return { name, role, fingerprint };
      const v3ident = await createAuthorityKeys(paths, context.gencert, signal);
      step();
      return { name, role, fingerprint, v3ident };
    }),
  );
}

/**
 * Runs every task; on the first failure aborts the others, waits for all of them to settle (so
 * no key tool is left running) and rethrows that failure. Resolves to results in order.
 */
async function settleAll<T>(
  outer: AbortSignal | undefined,
  tasks: readonly ((signal: AbortSignal) => Promise<T>)[],
): Promise<T[]> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  if (outer?.aborted === true) controller.abort(outer.reason);
  try {
    let firstError: Error | undefined;
    const results = await Promise.allSettled(
      tasks.map((task) =>
        task(controller.signal).catch((error: unknown) => {
          firstError ??= error instanceof Error ? error : new TestnetStartError(String(error), []);
          controller.abort(firstError);
          throw firstError;
        }),
      ),
    );
    if (outer?.aborted === true) throw new AbortedError('starting the private Tor network', outer.reason);
    if (firstError !== undefined) throw firstError;
    return results.map((result) => (result as PromiseFulfilledResult<T>).value);
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
