/**
 * Launching the network's tors: torrcs written, all tors started at once as daemons, their
 * pids read from their PidFiles.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '../log.js';
import { renderTorrc } from '../transport/tor/torrc.js';
import { throwIfAborted } from './abort.js';
import { renderBandwidthFile } from './bandwidth.js';
import { TestnetStartError } from './errors.js';
import { BANDWIDTH_FILE, nodePaths } from './layout.js';
import { assignPorts, portsNeeded, type KeyedNode } from './plan.js';
import { allocateFreePorts } from './ports.js';
import { runTool, terminate, ToolFailedError, waitForPidFile } from './processes.js';
import type { Report } from './progress.js';
import type { NodePlan, TestnetNode } from './state.js';
import { nodeTorrc, type NetworkPlan } from './torrc.js';
import { TESTNET_VOTING, votingStartOffset } from './voting.js';

const log = logger('testnet');

/** Launches tried before giving up when ports keep being taken between choosing and binding them. */
export const LAUNCH_ATTEMPTS = 3;
/** What tor prints when a listener's port is taken (then it exits with status 1). */
const PORT_TAKEN = /Could not bind to .*Address already in use/;

/** What {@link launch} needs: the tor binary, an empty file, the owner pid, and where to report. */
export interface LaunchContext {
  readonly tor: string;
  readonly emptyFile: string;
  readonly ownerPid: number | undefined;
  readonly signal: AbortSignal | undefined;
  readonly report: Report;
}

/**
 * Writes the bandwidth file, chooses ports and launches every tor (progress 0.30…0.40). If a
 * tor finds a port taken meanwhile (another process bound it, or used it as a source port),
 * stops them all and tries again with new ports.
 */
export async function launch(dir: string, keyed: readonly KeyedNode[], context: LaunchContext): Promise<TestnetNode[]> {
  await writeFile(
    join(dir, BANDWIDTH_FILE),
    renderBandwidthFile(
      Math.floor(Date.now() / 1000),
      keyed.map((node) => node.fingerprint),
    ),
  );
  for (let attempt = 1; ; attempt++) {
    const ports = await allocateFreePorts(keyed.reduce((sum, node) => sum + portsNeeded(node.role), 0));
    try {
      return await launchOnce(dir, assignPorts(keyed, ports), context);
    } catch (error) {
      if (!(error instanceof ToolFailedError && PORT_TAKEN.test(error.output)) || attempt >= LAUNCH_ATTEMPTS)
        throw error;
      log.info('a port was taken before tor could bind it; launching again on new ports', { attempt });
      await Promise.all(keyed.map((node) => rm(nodePaths(dir, node.name).pidFile, { force: true })));
    }
  }
}

/**
 * Writes every torrc, then launches all tors at once and reads their pids. Every launch runs to
 * its end even if another fails or `signal` fires (it takes well under a second): a tor killed
 * while daemonising could leave a child whose pid nobody read. Then, on failure or abort, the
 * tors that did start are stopped by pid.
 */
async function launchOnce(dir: string, plans: readonly NodePlan[], context: LaunchContext): Promise<TestnetNode[]> {
  // Computed right before launch: the first vote must land FIRST_VOTE_AFTER_LAUNCH_S after it.
  const network: NetworkPlan = {
    dir,
    nodes: plans,
    votingStartOffset: votingStartOffset(Math.floor(Date.now() / 1000), TESTNET_VOTING),
    timings: TESTNET_VOTING,
    ...(context.ownerPid === undefined ? {} : { ownerPid: context.ownerPid }),
  };
  for (const plan of plans)
    await writeFile(nodePaths(dir, plan.name).torrc, renderTorrc(nodeTorrc(plan, network)), { mode: 0o600 });
  let launched = 0;
  context.report(`Launching ${plans.length} tor processes`, 0.3);
  const outcomes = await Promise.allSettled(
    plans.map(async (plan): Promise<TestnetNode> => {
      const paths = nodePaths(dir, plan.name);
      await runTool(context.tor, ['--defaults-torrc', context.emptyFile, '-f', paths.torrc], { logFiles: [paths.log] });
      const pid = await waitForPidFile(paths.pidFile, paths.log);
      launched += 1;
      context.report(`Launched ${launched}/${plans.length} tor processes`, 0.3 + (0.1 * launched) / plans.length);
      return { ...plan, pid };
    }),
  );
  const nodes = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure === undefined && context.signal?.aborted !== true) return nodes;
  await Promise.all(nodes.map((node) => terminate(node.pid, nodePaths(dir, node.name).torrc)));
  throwIfAborted(context.signal, 'starting the private Tor network');
  throw failure?.reason instanceof Error ? failure.reason : new TestnetStartError(String(failure?.reason), []);
}
