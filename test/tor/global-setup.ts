/**
 * Global setup of the `tor` test project: one private Tor network per run, shared by every
 * test file (`inject('testnetDir')`). Its tors are owned by this process
 * (`__OwningControllerProcess`), so they exit with it even if the teardown never runs.
 *
 * For development, start a network once (`burrow testnet start --dir D`) and run the tests
 * with `BURROW_TESTNET_DIR=D`: it is reused and left running.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTestnet, stopTestnet, testnetStatus } from '../../src/testnet/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory of the suite's private Tor network (read it with `readTestnet`). */
    testnetDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reuse = process.env['BURROW_TESTNET_DIR'];
  if (reuse !== undefined && reuse !== '') {
    const status = await testnetStatus(reuse);
    if (status.running) {
      project.provide('testnetDir', status.dir);
      return async () => {
        // Not ours to stop.
      };
    }
    console.warn(`BURROW_TESTNET_DIR=${reuse} holds no running network; starting a fresh one for this run.`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'burrow-testnet-'));
  const began = Date.now();
  // On failure the directory stays: the error names the tor logs inside it.
  const info = await startTestnet({ dir, ownerPid: process.pid });
  console.log(
    `private Tor network ready in ${((Date.now() - began) / 1000).toFixed(1)} s (${info.nodes.length} relays, ${dir})`,
  );
  project.provide('testnetDir', info.dir);
  return async () => {
    try {
      await stopTestnet(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}
