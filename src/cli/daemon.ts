/**
 * `burrow daemon`: runs the node without a UI and serves its API on a Unix socket inside the
 * profile (for `burrow ctl`, scripts and bots). Stops cleanly on SIGINT/SIGTERM.
 */
import { jsonSafe } from '../text/json-safe.js';
import { daemonSocketPath, prepareSocketDir } from '../daemon/socket-path.js';
import { startHealthMonitor } from '../daemon/process-health.js';
import { serveNodeApi } from '../daemon/server.js';
import { startNodeRuntime } from '../runtime/node-runtime.js';
import { openProfile, profileExists } from '../store/index.js';
import { EXIT } from './exit-codes.js';
import { checkPathLimits } from './path-limits.js';
import { profileMissing } from './profile-hint.js';
import { checkTorUsable } from './tor-check.js';
import { parseCommandArgs } from './args.js';
import { passphraseFrom, profileDirFrom, PROFILE_OPTIONS, PROFILE_OPTIONS_HELP } from './profile-flags.js';
import { torChoiceFrom, TOR_OPTIONS, TOR_OPTIONS_HELP } from './tor-flags.js';

const HELP = `Usage: burrow daemon [--profile DIR] [--passphrase-file FILE] [--testnet DIR]
                     [--json]

Runs your Burrow node headless: launches tor, publishes your onion service,
keeps sessions with your friends, and serves \`burrow ctl\` on a socket in
$XDG_RUNTIME_DIR/burrow (else /tmp/burrow-<uid>). Stop it with Ctrl-C or
SIGTERM.
Prints one line when ready (with --json: {"onion": …, "socket": …}).

${TOR_OPTIONS_HELP}
${PROFILE_OPTIONS_HELP}`;

export async function runDaemonCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('daemon', argv, { ...PROFILE_OPTIONS, ...TOR_OPTIONS });
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length > 0) {
    console.error(`burrow daemon: unexpected argument "${positionals[0]}". See \`burrow daemon --help\`.`);
    return 2;
  }
  const choice = torChoiceFrom(values);
  const dir = profileDirFrom(values);
  const socketPath = daemonSocketPath(dir);
  // Every check that needs nothing from the user comes before the passphrase and tor.
  checkPathLimits(dir, socketPath);
  if (!profileExists(dir)) throw profileMissing(dir, values.profile);
  checkTorUsable(choice);
  prepareSocketDir(socketPath);
  const store = await openProfile(dir, await passphraseFrom(values));
  const shutdown = new AbortController();
  const onSignal = (): void => shutdown.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const runtime = await startNodeRuntime(store, { ...choice, signal: shutdown.signal });
  try {
    let lastReported = -1;
    const unsubscribe = runtime.tor.on('bootstrap', (status) => {
      if (status.progress === lastReported) return;
      lastReported = status.progress;
      process.stderr.write(`tor: ${status.progress}% ${status.summary}\n`);
    });
    startHealthMonitor();
    const server = await serveNodeApi(runtime.node, socketPath);
    const onion = store.identity.get().keyPair.onionAddress;
    console.log(
      values.json === true
        ? jsonSafe({ onion, socket: server.socketPath })
        : `burrow daemon ready: ${onion}.onion (ctl socket ${server.socketPath})`,
    );
    const exited = new Promise<Error>((resolve) => runtime.tor.on('exited', resolve));
    const aborted = new Promise<undefined>((resolve) =>
      shutdown.signal.addEventListener('abort', () => resolve(undefined), { once: true }),
    );
    const reason = await Promise.race([exited, aborted]);
    unsubscribe();
    await server.close();
    if (reason !== undefined) {
      console.error(`burrow daemon: tor is gone and could not be restarted: ${reason.message}`);
      return EXIT.tor;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runtime.stop();
  }
}
